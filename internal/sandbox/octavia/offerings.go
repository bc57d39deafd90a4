package octavia

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// What a member may list of Octavia's offerings: its providers (the sandbox
// is the amphora driver, as the lab and Infomaniak are), and its flavors and
// availability zones, of which the sandbox, as the lab, defines none. L7
// policies are listed (the sandbox makes none: their create is a 501).
func (s *api) routeOfferings(mux *http.ServeMux) {
	const base = "/load-balancer/v2/lbaas/"
	mux.HandleFunc("GET "+base+"providers", s.Authed(func(w http.ResponseWriter, r *http.Request) {
		// Octavia's providers list has no links key.
		core.WriteJSON(w, http.StatusOK, map[string]any{"providers": []map[string]any{{"name": "amphora", "description": "The Octavia Amphora driver."}}})
	}))
	for _, plural := range []string{"flavors", "availabilityzones", "l7policies"} {
		key := plural
		if plural == "availabilityzones" {
			key = "availability_zones"
		}
		mux.HandleFunc("GET "+base+plural, s.Authed(func(w http.ResponseWriter, r *http.Request) {
			octaviaList(w, r, key, nil)
		}))
	}
}
