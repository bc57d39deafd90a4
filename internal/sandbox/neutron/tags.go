package neutron

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Neutron's tags (the standard-attr-tag extension) on the resources that
// carry a revision: /<resources>/{id}/tags lists, replaces or clears them,
// /<resources>/{id}/tags/{tag} confirms, adds or removes one. Each change
// bumps the resource's revision, as Neutron's does.
func (s *api) routeTags(mux *http.ServeMux) {
	for collection, find := range taggedCollections {
		base := "/network/v2.0/" + collection + "/{id}/tags"
		mux.HandleFunc("GET "+base, s.Authed(s.tagsHandler(collection, find, listTags)))
		mux.HandleFunc("PUT "+base, s.Authed(s.tagsHandler(collection, find, replaceTags)))
		mux.HandleFunc("DELETE "+base, s.Authed(s.tagsHandler(collection, find, clearTags)))
		mux.HandleFunc("GET "+base+"/{tag}", s.Authed(s.tagsHandler(collection, find, confirmTag)))
		mux.HandleFunc("PUT "+base+"/{tag}", s.Authed(s.tagsHandler(collection, find, addTag)))
		mux.HandleFunc("DELETE "+base+"/{tag}", s.Authed(s.tagsHandler(collection, find, removeTag)))
	}
}

// stamped is a resource's revision and update time, which a tag change bumps.
type stamped struct {
	revision *int
	updated  *time.Time
}

// taggedCollections finds a resource the project sees by collection and id.
var taggedCollections = map[string]func(s *api, id string) (stamped, bool){
	"networks": func(s *api, id string) (stamped, bool) {
		if nw := s.usableNetwork(id); nw != nil {
			return stamped{&nw.Revision, &nw.Updated}, true
		}
		return stamped{}, false
	},
	"subnets": func(s *api, id string) (stamped, bool) {
		if sn := s.network.Subnet(id); sn != nil {
			return stamped{&sn.Revision, &sn.Updated}, true
		}
		return stamped{}, false
	},
	"ports": func(s *api, id string) (stamped, bool) {
		if p := s.network.portByID(id); p != nil {
			return stamped{&p.Revision, &p.Updated}, true
		}
		return stamped{}, false
	},
	"routers": func(s *api, id string) (stamped, bool) {
		if rt := s.network.routerByID(id); rt != nil {
			return stamped{&rt.Revision, &rt.Updated}, true
		}
		return stamped{}, false
	},
}

// tagsOp is one of the tag requests on a resource's tags; false when it
// answered a refusal (the resource is then unchanged).
type tagsOp func(w http.ResponseWriter, r *http.Request, tags []string) ([]string, bool)

func (s *api) tagsHandler(collection string, find func(*api, string) (stamped, bool), op tagsOp) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.Mu.Lock()
		defer s.Mu.Unlock()
		id := r.PathValue("id")
		st, ok := find(s, id)
		if !ok {
			neutronFault(w, http.StatusNotFound, "TagResourceNotFound", "Resource %s %s could not be found.", collection, id)
			return
		}
		n := &s.network
		before := n.tags[id]
		after, ok := op(w, r, slices.Clone(before))
		if !ok || slices.Equal(before, after) {
			return
		}
		slices.Sort(after)
		n.tags[id] = after
		*st.revision++
		*st.updated = s.Now()
	}
}

func listTags(w http.ResponseWriter, r *http.Request, tags []string) ([]string, bool) {
	core.WriteJSON(w, http.StatusOK, map[string]any{"tags": core.NonNil(tags)})
	return tags, true
}

// replaceTags answers with the tags as they were sent, in their order.
func replaceTags(w http.ResponseWriter, r *http.Request, _ []string) ([]string, bool) {
	var body map[string]json.RawMessage
	if !neutronDecode(w, r, &body) {
		return nil, false
	}
	raw, ok := body["tags"]
	if !ok {
		neutronFault(w, http.StatusBadRequest, "InvalidInput", "Invalid input for operation: Invalid tags body.")
		return nil, false
	}
	var items []any
	if json.Unmarshal(raw, &items) != nil {
		neutronFault(w, http.StatusBadRequest, "InvalidInput", "Invalid input for operation: '%s' is not a list.", jsonText(raw))
		return nil, false
	}
	tags := []string{}
	for _, it := range items {
		tag, isString := it.(string)
		if !isString {
			neutronFault(w, http.StatusBadRequest, "InvalidInput", "Invalid input for operation: '%v' is not a valid string.", it)
			return nil, false
		}
		if slices.Contains(tags, tag) {
			neutronFault(w, http.StatusBadRequest, "InvalidInput", "Invalid input for operation: Duplicate items in the list: '%s'.", tag)
			return nil, false
		}
		if !validTag(w, tag) {
			return nil, false
		}
		tags = append(tags, tag)
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"tags": tags})
	return tags, true
}

// jsonText is a JSON value as Python prints it in Neutron's messages: a
// string without its quotes.
func jsonText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(raw))
}

func validTag(w http.ResponseWriter, tag string) bool {
	if len(tag) > 255 {
		neutronFault(w, http.StatusBadRequest, "InvalidInput", "Invalid input for operation: '%s' exceeds maximum length of 255.", tag)
		return false
	}
	return true
}

func clearTags(w http.ResponseWriter, r *http.Request, _ []string) ([]string, bool) {
	w.WriteHeader(http.StatusNoContent)
	return nil, true
}

func confirmTag(w http.ResponseWriter, r *http.Request, tags []string) ([]string, bool) {
	if !slices.Contains(tags, r.PathValue("tag")) {
		tagNotFound(w, r)
		return nil, false
	}
	w.WriteHeader(http.StatusNoContent)
	return tags, true
}

// addTag answers 201 with a JSON null, as Neutron does.
func addTag(w http.ResponseWriter, r *http.Request, tags []string) ([]string, bool) {
	tag := r.PathValue("tag")
	if !validTag(w, tag) {
		return nil, false
	}
	core.WriteJSON(w, http.StatusCreated, nil)
	if slices.Contains(tags, tag) {
		return tags, true
	}
	return append(tags, tag), true
}

func removeTag(w http.ResponseWriter, r *http.Request, tags []string) ([]string, bool) {
	tag := r.PathValue("tag")
	if !slices.Contains(tags, tag) {
		tagNotFound(w, r)
		return nil, false
	}
	w.WriteHeader(http.StatusNoContent)
	return slices.DeleteFunc(tags, func(t string) bool { return t == tag }), true
}

func tagNotFound(w http.ResponseWriter, r *http.Request) {
	neutronFault(w, http.StatusNotFound, "TagNotFound", "Tag %s could not be found.", r.PathValue("tag"))
}

// tagsOf are a resource's tags, sorted, [] for none.
func (n *State) tagsOf(id string) []string { return core.NonNil(slices.Clone(n.tags[id])) }
