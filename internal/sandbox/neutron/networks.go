package neutron

import (
	"net/http"
	"slices"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Neutron networks: list (filters on any attribute, limit/marker) and show,
// as in neutron-networks*.json.
func (s *api) routeNetworks(mux *http.ServeMux) {
	mux.HandleFunc("GET /network/v2.0/networks", s.Authed(s.listNetworks))
	mux.HandleFunc("GET /network/v2.0/networks/{id}", s.Authed(s.getNetwork))
	mux.HandleFunc("POST /network/v2.0/networks", s.Authed(s.createNetwork))
	mux.HandleFunc("DELETE /network/v2.0/networks/{id}", s.Authed(s.deleteNetwork))
}

func (s *api) networkJSON(n *Network) map[string]any {
	created := core.Timestamp(s.network.createdAt(n.Created))
	m := map[string]any{
		"id": n.ID, "name": n.Name, "tenant_id": n.ProjectID, "project_id": n.ProjectID,
		"admin_state_up": !n.AdminDown, "mtu": 1450, "status": n.Status, "subnets": core.NonNil(n.SubnetIDs),
		"shared": n.Shared, "router:external": n.External,
		"availability_zone_hints": []string{}, "availability_zones": []string{},
		"ipv4_address_scope": nil, "ipv6_address_scope": nil, "description": n.Description,
		"port_security_enabled": !n.NoPortSecurity, "tags": s.network.tagsOf(n.ID), "created_at": created,
		"updated_at": core.Timestamp(s.network.createdAt(n.Updated)), "revision_number": n.Revision,
	}
	if n.External {
		m["is_default"] = false // the auto-allocated-topology extension's, on external networks
	}
	return m
}

func (s *api) listNetworks(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	var all []map[string]any
	for _, n := range s.network.Networks {
		all = append(all, s.networkJSON(n))
	}
	s.Mu.Unlock()
	neutronList(w, r, all, neutronListed{plural: "networks", marker: networkKind})
}

func (s *api) getNetwork(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	if nw := neutronFound(w, networkKind, r.PathValue("id"), s.network.NetworkByID); nw != nil {
		core.WriteJSON(w, http.StatusOK, map[string]any{"network": s.networkJSON(nw)})
	}
}

// usableNetwork is the project's own network of id or a shared one, or nil:
// Neutron hides the others.
func (s *api) usableNetwork(id string) *Network {
	nw := s.network.NetworkByID(id)
	if nw == nil || (nw.ProjectID != s.ProjectID() && !nw.Shared) {
		return nil
	}
	return nw
}

func (s *api) createNetwork(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Network struct {
			Name         string `json:"name"`
			Description  string `json:"description"`
			AdminStateUp *bool  `json:"admin_state_up"`
			PortSecurity *bool  `json:"port_security_enabled"`
		} `json:"network"`
	}
	if !neutronDecodeServed(w, r, &req, "network", "name", "description", "admin_state_up", "port_security_enabled") {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := &s.network
	if err := n.OverQuota("network", 1); err != nil {
		neutronFault(w, http.StatusConflict, "OverQuota", "%s", err)
		return
	}
	now := s.Now()
	nw := &Network{ID: core.NewID(), Name: req.Network.Name, Description: req.Network.Description, Status: "ACTIVE",
		ProjectID: s.ProjectID(), Created: now, Updated: now, Revision: 1,
		NoPortSecurity: isFalse(req.Network.PortSecurity), AdminDown: isFalse(req.Network.AdminStateUp)}
	n.Networks = append(n.Networks, nw)
	core.WriteJSON(w, http.StatusCreated, map[string]any{"network": s.networkJSON(nw)})
}

// deleteNetwork removes a network and its subnets, refused while ports
// other than its own are on it (a router's interface is one).
func (s *api) deleteNetwork(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.Tick()
	n := &s.network
	nw := neutronFound(w, networkKind, r.PathValue("id"), s.usableNetwork)
	if nw == nil {
		return
	}
	if ports := n.portsOn(nw.ID, ""); len(ports) > 0 {
		ids := make([]string, len(ports))
		for i, p := range ports {
			ids[i] = p.ID
		}
		neutronFault(w, http.StatusConflict, "NetworkInUse", "Unable to complete operation on network %s. There are one or more ports still in use on the network, id for these ports is: %s.", nw.ID, strings.Join(ids, ", "))
		return
	}
	n.subnets = slices.DeleteFunc(n.subnets, func(sn *subnet) bool { return sn.NetworkID == nw.ID })
	n.Networks = slices.DeleteFunc(n.Networks, func(x *Network) bool { return x == nw })
	w.WriteHeader(http.StatusNoContent)
}
