package nova

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Nova availability zones, as nova-availability-zones.json: the zones with
// compute hosts, all available. The detailed list is admin-only.
func (s *api) routeZones(mux *http.ServeMux) {
	mux.HandleFunc("GET /compute/v2.1/os-availability-zone", s.Authed(s.listZones))
	mux.HandleFunc("GET /compute/v2.1/os-availability-zone/detail", s.Authed(s.listZonesDetail))
}

func (s *api) listZones(w http.ResponseWriter, r *http.Request) {
	if _, ok := core.Microversion(w, r, "compute", computeMin, computeMax); !ok {
		return
	}
	s.Mu.Lock()
	out := make([]map[string]any, len(s.Zones()))
	for i, z := range s.Zones() {
		out[i] = map[string]any{"zoneName": z, "zoneState": map[string]bool{"available": true}, "hosts": nil}
	}
	s.Mu.Unlock()
	core.WriteJSON(w, http.StatusOK, map[string]any{"availabilityZoneInfo": out})
}

func (s *api) listZonesDetail(w http.ResponseWriter, r *http.Request) {
	if _, ok := core.Microversion(w, r, "compute", computeMin, computeMax); !ok {
		return
	}
	core.Fault(w, http.StatusForbidden, "Policy doesn't allow os_compute_api:os-availability-zone:detail to be performed.")
}
