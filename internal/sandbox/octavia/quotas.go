package octavia

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Octavia's quota of the project (GET /v2/lbaas/quotas/{project}, and
// /v2/quotas/{project} as gophercloud asks: Octavia answers both); -1 is
// unlimited.
func (s *api) routeQuotas(mux *http.ServeMux) {
	mux.HandleFunc("GET /load-balancer/v2/lbaas/quotas/{project}", s.Authed(s.octaviaQuota))
	mux.HandleFunc("GET /load-balancer/v2/quotas/{project}", s.Authed(s.octaviaQuota))
}

func (s *api) octaviaQuota(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("project") != s.ProjectID() {
		octaviaFault(w, http.StatusForbidden, "Policy does not allow this request to be performed.")
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	core.WriteJSON(w, http.StatusOK, map[string]any{"quota": s.lb.quota.limits()})
}
