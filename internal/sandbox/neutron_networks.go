package sandbox

import (
	"net/http"
)

// neutronService is Neutron in the catalog (services.go).
var neutronService = service{name: "network", prefix: "/network",
	entries: []catalogEntry{{"network", "neutron", "/network"}}}

// Neutron networks: list (filters on any attribute, limit/marker) and show,
// as in neutron-networks*.json.
func init() {
	extraRoutes = append(extraRoutes, func(s *Sandbox, mux *http.ServeMux) {
		mux.HandleFunc("GET /network/v2.0/networks", s.authed(s.listNetworks))
		mux.HandleFunc("GET /network/v2.0/networks/{id}", s.authed(s.getNetwork))
	})
}

func (s *Sandbox) networkJSON(n *network) map[string]any {
	created := timestamp(s.db.network.seeded)
	m := map[string]any{
		"id": n.ID, "name": n.Name, "tenant_id": n.ProjectID, "project_id": n.ProjectID,
		"admin_state_up": true, "mtu": 1450, "status": n.Status, "subnets": nonNilStrings(n.SubnetIDs),
		"shared": n.Shared, "router:external": n.External,
		"availability_zone_hints": []string{}, "availability_zones": []string{},
		"ipv4_address_scope": nil, "ipv6_address_scope": nil, "description": "",
		"port_security_enabled": true, "tags": []string{}, "created_at": created, "updated_at": created,
		"revision_number": 2,
	}
	if n.External {
		m["is_default"] = false // the auto-allocated-topology extension's, on external networks
	}
	return m
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (s *Sandbox) listNetworks(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var all []map[string]any
	for _, n := range s.db.network.networks {
		all = append(all, s.networkJSON(n))
	}
	s.mu.Unlock()
	neutronList(w, r, all, neutronListed{plural: "networks", markerFault: "NetworkNotFound", markerMessage: "Network %s could not be found."})
}

func (s *Sandbox) getNetwork(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	n := s.db.network.networkByID(r.PathValue("id"))
	var body map[string]any
	if n != nil {
		body = map[string]any{"network": s.networkJSON(n)}
	}
	s.mu.Unlock()
	if n == nil {
		neutronFault(w, http.StatusNotFound, "NetworkNotFound", "Network %s could not be found.", r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, body)
}
