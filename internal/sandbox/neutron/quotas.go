package neutron

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Neutron's quotas: GET /quotas/{project} and /quotas/{project}/details
// (limit, used, reserved per resource). Neutron also takes the paths with a
// ".json" suffix, which gophercloud sends for the details.
func (s *api) routeQuotas(mux *http.ServeMux) {
	mux.HandleFunc("GET /network/v2.0/quotas/{project}", s.Authed(s.neutronQuota(false)))
	mux.HandleFunc("GET /network/v2.0/quotas/{project}/details", s.Authed(s.neutronQuota(true)))
	mux.HandleFunc("GET /network/v2.0/quotas/{project}/details.json", s.Authed(s.neutronQuota(true)))
}

func (s *api) neutronQuota(details bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("project") != s.ProjectID() {
			neutronFault(w, http.StatusForbidden, "HTTPForbidden", "Non-admin is not authorized to access quotas for another project")
			return
		}
		s.Mu.Lock()
		defer s.Mu.Unlock()
		s.Tick()
		n := &s.network
		u := n.usage()
		q := map[string]any{}
		for k, limit := range n.quota.limits() {
			if details {
				q[k] = map[string]int{"limit": limit, "used": u[k], "reserved": 0}
			} else {
				q[k] = limit
			}
		}
		core.WriteJSON(w, http.StatusOK, map[string]any{"quota": q})
	}
}
