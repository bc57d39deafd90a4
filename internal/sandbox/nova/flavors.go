package nova

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

func (s *api) routeFlavors(mux *http.ServeMux) {
	mux.HandleFunc("GET /compute/v2.1/flavors", s.Authed(s.listFlavors(false)))
	mux.HandleFunc("GET /compute/v2.1/flavors/detail", s.Authed(s.listFlavors(true)))
	mux.HandleFunc("GET /compute/v2.1/flavors/{id}", s.Authed(s.getFlavor))
	mux.HandleFunc("GET /compute/v2.1/flavors/{id}/os-extra_specs", s.Authed(s.getExtraSpecs))
}

func (s *api) flavorJSON(r *http.Request, f *Flavor, mv string, detail bool) map[string]any {
	links := []map[string]string{
		{"rel": "self", "href": core.BaseURL(r) + "/compute/v2.1/flavors/" + f.ID},
		{"rel": "bookmark", "href": core.BaseURL(r) + "/compute/flavors/" + f.ID},
	}
	m := map[string]any{"id": f.ID, "name": f.Name, "links": links}
	if core.VersionLE("2.55", mv) {
		m["description"] = nil
	}
	if !detail {
		return m
	}
	m["ram"], m["disk"], m["vcpus"] = f.RAM, f.Disk, f.VCPUs
	m["swap"] = 0
	if !core.VersionLE("2.75", mv) {
		m["swap"] = ""
	}
	m["OS-FLV-EXT-DATA:ephemeral"] = f.Ephemeral
	m["OS-FLV-DISABLED:disabled"] = false
	m["os-flavor-access:is_public"] = f.Public
	m["rxtx_factor"] = 1.0
	if core.VersionLE("2.61", mv) {
		m["extra_specs"] = map[string]string{}
	}
	return m
}

func (s *api) listFlavors(detail bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
		if !ok {
			return
		}
		s.Mu.Lock()
		var all []*Flavor
		for _, f := range s.db.flavors {
			// Nova lists public flavors by default; is_public=None lists all.
			if f.Public || r.URL.Query().Get("is_public") == "None" || r.URL.Query().Get("is_public") == "false" {
				all = append(all, f)
			}
		}
		s.Mu.Unlock()
		items, full, ok := novaPage(w, r, all, afterID(w, all, func(f *Flavor) string { return f.ID }))
		if !ok {
			return
		}
		out := make([]map[string]any, len(items))
		for i, f := range items {
			out[i] = s.flavorJSON(r, f, mv, detail)
		}
		body := map[string]any{"flavors": out}
		if full {
			body["flavors_links"] = core.NextLink(r, items[len(items)-1].ID)
		}
		core.WriteJSON(w, http.StatusOK, body)
	}
}

func (s *api) getFlavor(w http.ResponseWriter, r *http.Request) {
	mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
	if !ok {
		return
	}
	f := s.flavorFound(w, r)
	if f == nil {
		return
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"flavor": s.flavorJSON(r, f, mv, true)})
}

// getExtraSpecs answers GET /flavors/{id}/os-extra_specs, which the openstack
// CLI asks for each flavor it lists.
func (s *api) getExtraSpecs(w http.ResponseWriter, r *http.Request) {
	if _, ok := core.Microversion(w, r, "compute", computeMin, computeMax); !ok {
		return
	}
	f := s.flavorFound(w, r)
	if f == nil {
		return
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"extra_specs": map[string]string{}})
}

// flavorFound is the flavor of the path's id, or nil after Nova's 404.
func (s *api) flavorFound(w http.ResponseWriter, r *http.Request) *Flavor {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	return core.Found(w, r, "Flavor", s.db.FlavorByID)
}
