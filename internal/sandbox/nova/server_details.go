package nova

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// A server's own details beyond its life cycle: rename and description
// (PUT /servers/{id}, the hostname from 2.90), its addresses (/ips), its
// metadata and its tags (2.26), as the lab answers them
// (testdata/openstack/nova-server-update.json, -ips*, -metadata*, -tag*).
func (s *api) routeServerDetails(mux *http.ServeMux) {
	mux.HandleFunc("PUT /compute/v2.1/servers/{id}", s.Authed(s.onServer(s.updateServer)))
	mux.HandleFunc("GET /compute/v2.1/servers/{id}/ips", s.Authed(s.onServer(s.serverIPs)))
	mux.HandleFunc("GET /compute/v2.1/servers/{id}/ips/{network}", s.Authed(s.onServer(s.serverIPs)))
	p := "/compute/v2.1/servers/{id}/metadata"
	mux.HandleFunc("GET "+p, s.Authed(s.onServer(s.serverMetadata)))
	mux.HandleFunc("POST "+p, s.Authed(s.onServer(s.serverMetadata)))
	mux.HandleFunc("PUT "+p, s.Authed(s.onServer(s.serverMetadata)))
	mux.HandleFunc("GET "+p+"/{key}", s.Authed(s.onServer(s.serverMetadatum)))
	mux.HandleFunc("PUT "+p+"/{key}", s.Authed(s.onServer(s.serverMetadatum)))
	mux.HandleFunc("DELETE "+p+"/{key}", s.Authed(s.onServer(s.serverMetadatum)))
	t := "/compute/v2.1/servers/{id}/tags"
	mux.HandleFunc("GET "+t, s.Authed(s.onServer(s.serverTags)))
	mux.HandleFunc("PUT "+t, s.Authed(s.onServer(s.serverTags)))
	mux.HandleFunc("DELETE "+t, s.Authed(s.onServer(s.serverTags)))
	mux.HandleFunc("GET "+t+"/{tag}", s.Authed(s.onServer(s.serverTag)))
	mux.HandleFunc("PUT "+t+"/{tag}", s.Authed(s.onServer(s.serverTag)))
	mux.HandleFunc("DELETE "+t+"/{tag}", s.Authed(s.onServer(s.serverTag)))
}

// onServer makes h a handler of the server the path names: h runs with s.Mu
// held, at a microversion the client may ask for, on the server as the clock
// has it now (a build that ended in error is an instance action in error);
// a bad microversion or a server not found is answered before.
func (s *api) onServer(h func(w http.ResponseWriter, r *http.Request, sv *Server, mv string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
		if !ok {
			return
		}
		s.Mu.Lock()
		defer s.Mu.Unlock()
		if sv := core.Found(w, r, "Instance", s.db.compute.serverByID); sv != nil {
			h(w, r, sv, mv)
		}
	}
}

func (s *api) updateServer(w http.ResponseWriter, r *http.Request, sv *Server, mv string) {
	var body map[string]map[string]json.RawMessage
	if !core.Decode(w, r, &body) {
		return
	}
	fields, ok := body["server"]
	if !ok || len(body) != 1 {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute server. Value: None. 'server' is a required property")
		return
	}
	allowed := []string{"name", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig"}
	if core.VersionLE("2.19", mv) {
		allowed = append(allowed, "description")
	}
	if core.VersionLE("2.90", mv) {
		allowed = append(allowed, "hostname")
	}
	var name, description, hostname *string
	setDescription := false
	for k, v := range fields {
		if !slices.Contains(allowed, k) {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute server. Value: %s. Additional properties are not allowed ('%s' was unexpected)", pyDict(fields), k)
			return
		}
		var str *string
		if err := json.Unmarshal(v, &str); err != nil {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute %s. Value: %s. %s is not of type 'string'", k, v, v)
			return
		}
		switch k {
		case "name":
			if str == nil || novaNameFault(*str) != "" {
				core.Fault(w, http.StatusBadRequest, "%s", novaNameFault(deref(str)))
				return
			}
			name = str
		case "description":
			description, setDescription = str, true
		case "hostname":
			if str == nil || !hostnamePattern.MatchString(*str) {
				core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute hostname. Value: %s. %s does not match '^[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9.-]{0,61}[a-zA-Z0-9]$'", v, v)
				return
			}
			hostname = str
		default: // access IPs and disk config change nothing the sandbox shows truthfully
			core.NotServed(w, r, "%s in a server's update", k)
			return
		}
	}
	if name != nil {
		sv.Name = *name
	}
	if setDescription {
		sv.Description = description // null clears it
	}
	if hostname != nil {
		sv.Hostname = *hostname
	}
	sv.Updated = s.Now()
	core.WriteJSON(w, http.StatusOK, map[string]any{"server": s.serverJSON(r, sv, mv, true)})
}

// hostnamePattern is what Nova (2.90) takes as a server's hostname.
var hostnamePattern = regexp.MustCompile(`^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9.-]{0,61}[a-zA-Z0-9])$`)

// serverHostname is the hostname Nova derives from a server's name at its
// creation: what is not a letter, a digit or a hyphen becomes a hyphen,
// lower case, at most 63 characters.
func serverHostname(name string) string {
	h := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, name)
	h = strings.Trim(h, "-.")
	if len(h) > 63 {
		h = strings.Trim(h[:63], "-.")
	}
	return h
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// pyDict writes a JSON object as Python's repr of the dict Nova's schema
// check quotes in its messages: {'hostname': 'truth-host'}.
func pyDict(m map[string]json.RawMessage) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		var v any
		_ = json.Unmarshal(m[k], &v)
		parts[i] = "'" + k + "': " + pyRepr(v)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func pyRepr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case string:
		return "'" + x + "'"
	}
	return core.CompactJSON(v)
}

// serverIPs answers /ips (every network) and /ips/{network} (one): a
// server's addresses as its "addresses" shows them, without the extended
// attributes (nova-server-ips.json).
func (s *api) serverIPs(w http.ResponseWriter, r *http.Request, sv *Server, _ string) {
	all := map[string][]map[string]any{}
	if sv.VMState != "building" {
		for name, addrs := range s.db.network.NovaAddresses(sv.ID) {
			for _, a := range addrs {
				all[name] = append(all[name], map[string]any{"version": a["version"], "addr": a["addr"]})
			}
		}
	}
	if net := r.PathValue("network"); net != "" {
		addrs, ok := all[net]
		if !ok {
			core.Fault(w, http.StatusNotFound, "Instance is not a member of specified network")
			return
		}
		core.WriteJSON(w, http.StatusOK, map[string]any{net: addrs})
		return
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"addresses": all})
}

// serverMetadata answers the whole of a server's metadata: GET shows it,
// POST merges keys into it, PUT replaces it.
func (s *api) serverMetadata(w http.ResponseWriter, r *http.Request, sv *Server, _ string) {
	if sv.Metadata == nil {
		sv.Metadata = map[string]string{}
	}
	if r.Method != http.MethodGet {
		var body struct {
			Metadata map[string]string `json:"metadata"`
		}
		if !core.Decode(w, r, &body) {
			return
		}
		if body.Metadata == nil {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute metadata. Value: None. 'metadata' is a required property")
			return
		}
		if !s.unlocked(w, sv) || !metadataFits(w, body.Metadata) {
			return
		}
		if r.Method == http.MethodPut {
			sv.Metadata = map[string]string{}
		}
		for k, v := range body.Metadata {
			sv.Metadata[k] = v
		}
		sv.Updated = s.Now()
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"metadata": sv.Metadata})
}

// metadataFits refuses keys and values Nova's schema refuses: keys of 1 to
// 255 characters, values of at most 255.
func metadataFits(w http.ResponseWriter, m map[string]string) bool {
	for k, v := range m {
		if len(k) == 0 || len(k) > 255 || len(v) > 255 {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute metadata. Value: %s.", core.CompactJSON(m))
			return false
		}
	}
	return true
}

// serverMetadatum answers one key of a server's metadata.
func (s *api) serverMetadatum(w http.ResponseWriter, r *http.Request, sv *Server, _ string) {
	key := r.PathValue("key")
	switch r.Method {
	case http.MethodGet:
		v, ok := sv.Metadata[key]
		if !ok {
			core.Fault(w, http.StatusNotFound, "Metadata item was not found")
			return
		}
		core.WriteJSON(w, http.StatusOK, map[string]any{"meta": map[string]string{key: v}})
	case http.MethodPut:
		var body struct {
			Meta map[string]string `json:"meta"`
		}
		if !core.Decode(w, r, &body) {
			return
		}
		if _, ok := body.Meta[key]; !ok || len(body.Meta) != 1 {
			core.Fault(w, http.StatusBadRequest, "Request body and URI mismatch")
			return
		}
		if !s.unlocked(w, sv) || !metadataFits(w, body.Meta) {
			return
		}
		if sv.Metadata == nil {
			sv.Metadata = map[string]string{}
		}
		sv.Metadata[key] = body.Meta[key]
		sv.Updated = s.Now()
		core.WriteJSON(w, http.StatusOK, map[string]any{"meta": body.Meta})
	case http.MethodDelete:
		if _, ok := sv.Metadata[key]; !ok {
			core.Fault(w, http.StatusNotFound, "Metadata item was not found")
			return
		}
		if !s.unlocked(w, sv) {
			return
		}
		delete(sv.Metadata, key)
		sv.Updated = s.Now()
		w.WriteHeader(http.StatusNoContent)
	}
}

// tagPattern is a tag Nova takes: no comma, no slash, 1 to 60 characters.
var tagPattern = regexp.MustCompile(`^[^,/]*$`)

// tagsFault is Nova's refusal of a list of tags, or "".
func tagsFault(tags []string) string {
	if len(tags) > 50 {
		return "Invalid input for field/attribute tags. Value: " + core.CompactJSON(tags) + ". " + core.CompactJSON(tags) + " is too long"
	}
	for i, t := range tags {
		if !tagPattern.MatchString(t) || len(t) == 0 || len(t) > 60 {
			return "Invalid input for field/attribute " + itoa(i) + ". Value: " + t + ". '" + t + "' does not match '^[^,/]*$'"
		}
	}
	return ""
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// tagsAt answers Nova's 404 for the tags API below 2.26.
func tagsAt(w http.ResponseWriter, mv string) bool {
	if !core.VersionLE("2.26", mv) {
		core.Fault(w, http.StatusNotFound, "The resource could not be found.")
		return false
	}
	return true
}

// serverTags answers a server's tags as a whole: GET lists, PUT replaces,
// DELETE empties.
func (s *api) serverTags(w http.ResponseWriter, r *http.Request, sv *Server, mv string) {
	if !tagsAt(w, mv) {
		return
	}
	switch r.Method {
	case http.MethodPut:
		var body struct {
			Tags []string `json:"tags"`
		}
		if !core.Decode(w, r, &body) {
			return
		}
		if msg := tagsFault(body.Tags); msg != "" {
			core.Fault(w, http.StatusBadRequest, "%s", msg)
			return
		}
		sv.Tags = core.UniqueTags(body.Tags)
	case http.MethodDelete:
		sv.Tags = nil
		w.WriteHeader(http.StatusNoContent)
		return
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"tags": sv.tagList()})
}

// serverTag answers one tag: GET checks it (204 or 404), PUT adds it (201,
// 204 when it was there), DELETE removes it.
func (s *api) serverTag(w http.ResponseWriter, r *http.Request, sv *Server, mv string) {
	if !tagsAt(w, mv) {
		return
	}
	tag := r.PathValue("tag")
	has := slices.Contains(sv.Tags, tag)
	switch r.Method {
	case http.MethodGet, http.MethodDelete:
		if !has {
			core.Fault(w, http.StatusNotFound, "Server %s has no tag '%s'", sv.ID, tag)
			return
		}
		if r.Method == http.MethodDelete {
			sv.Tags = slices.DeleteFunc(sv.Tags, func(t string) bool { return t == tag })
		}
		w.WriteHeader(http.StatusNoContent)
	case http.MethodPut:
		if has {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if msg := tagsFault(append(slices.Clone(sv.Tags), tag)); msg != "" {
			core.Fault(w, http.StatusBadRequest, "%s", msg)
			return
		}
		sv.Tags = append(sv.Tags, tag)
		w.Header().Set("Location", core.BaseURL(r)+"/compute/v2.1/servers/"+sv.ID+"/tags/"+tag)
		w.WriteHeader(http.StatusCreated)
	}
}

func (sv *Server) tagList() []string {
	if sv.Tags == nil {
		return []string{}
	}
	return sv.Tags
}

// unlocked refuses a change to a locked server, as Nova does for its owner
// (nova-server-delete-locked-409.txt). Callers hold s.Mu.
func (s *api) unlocked(w http.ResponseWriter, sv *Server) bool {
	if sv.Locked {
		core.Fault(w, http.StatusConflict, "Instance %s is locked", sv.ID)
		return false
	}
	return true
}
