package sandbox

import (
	"net/http"
)

// Neutron routers: list and show (the sandbox's one router is seeded; it
// connects the private network to ext-floating1).
func init() {
	extraRoutes = append(extraRoutes, func(s *Sandbox, mux *http.ServeMux) {
		mux.HandleFunc("GET /network/v2.0/routers", s.authed(s.listRouters))
		mux.HandleFunc("GET /network/v2.0/routers/{id}", s.authed(s.getRouter))
	})
}

func (s *Sandbox) routerJSON(rt *router) map[string]any {
	created := timestamp(s.db.network.seeded)
	var gwSubnet string
	if nw := s.db.network.networkByID(rt.GatewayNetworkID); nw != nil && len(nw.SubnetIDs) > 0 {
		gwSubnet = nw.SubnetIDs[0]
	}
	return map[string]any{
		"id": rt.ID, "name": rt.Name, "tenant_id": s.projectID, "project_id": s.projectID,
		"admin_state_up": true, "status": "ACTIVE", "description": "",
		"external_gateway_info": map[string]any{"network_id": rt.GatewayNetworkID, "enable_snat": true,
			"external_fixed_ips": []map[string]string{{"subnet_id": gwSubnet, "ip_address": rt.GatewayIP}}},
		"availability_zone_hints": []string{}, "availability_zones": []string{}, "routes": []any{},
		"flavor_id": nil, "tags": []string{}, "created_at": created, "updated_at": created, "revision_number": 3,
	}
}

func (s *Sandbox) listRouters(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var all []map[string]any
	for _, rt := range s.db.network.routers {
		all = append(all, s.routerJSON(rt))
	}
	s.mu.Unlock()
	neutronList(w, r, all, neutronListed{plural: "routers", markerFault: "RouterNotFound", markerMessage: "Router %s could not be found"})
}

func (s *Sandbox) getRouter(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, rt := range s.db.network.routers {
		if rt.ID == r.PathValue("id") {
			writeJSON(w, http.StatusOK, map[string]any{"router": s.routerJSON(rt)})
			return
		}
	}
	neutronFault(w, http.StatusNotFound, "RouterNotFound", "Router %s could not be found", r.PathValue("id"))
}
