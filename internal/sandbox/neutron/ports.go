package neutron

import (
	"net/http"
	"slices"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Neutron ports: list, show, and an update of their security groups (what
// Nova's addSecurityGroup does to every port of a server). Servers' ports
// are made and deleted by Nova (package nova).
func (s *api) routePorts(mux *http.ServeMux) {
	mux.HandleFunc("GET /network/v2.0/ports", s.Authed(s.listPorts))
	mux.HandleFunc("GET /network/v2.0/ports/{id}", s.Authed(s.getPort))
	mux.HandleFunc("PUT /network/v2.0/ports/{id}", s.Authed(s.updatePort))
}

// Status is ACTIVE for a port bound to its device and up, DOWN otherwise.
func (p *Port) Status() string {
	if !p.Bound || p.AdminDown {
		return "DOWN"
	}
	return "ACTIVE"
}

// portJSON is a port as Neutron shows it to its project. Callers hold s.Mu.
func (s *api) portJSON(p *Port) map[string]any {
	ips := make([]map[string]any, len(p.FixedIPs))
	for i, ip := range p.FixedIPs {
		ips[i] = map[string]any{"subnet_id": ip.SubnetID, "ip_address": ip.Addr}
	}
	return map[string]any{
		"id": p.ID, "name": p.Name, "network_id": p.NetworkID, "tenant_id": s.ProjectID(), "project_id": s.ProjectID(),
		"mac_address": p.MAC, "admin_state_up": !p.AdminDown, "status": p.Status(), "device_id": p.DeviceID,
		"device_owner": p.DeviceOwner, "fixed_ips": ips, "allowed_address_pairs": p.pairsJSON(), "extra_dhcp_opts": p.dhcpOptsJSON(),
		"security_groups": core.NonNil(p.SecurityGroupIDs), "description": p.Description, "binding:vnic_type": "normal",
		"port_security_enabled": !p.NoPortSecurity, "tags": s.network.tagsOf(p.ID),
		"created_at": core.Timestamp(p.Created), "updated_at": core.Timestamp(p.Updated), "revision_number": p.Revision,
	}
}

func (s *api) listPorts(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	s.Tick()
	all := make([]map[string]any, 0, len(s.network.Ports))
	for _, p := range s.network.Ports {
		all = append(all, s.portJSON(p))
	}
	s.Mu.Unlock()
	neutronList(w, r, all, neutronListed{plural: "ports", marker: portKind})
}

func (s *api) getPort(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.Tick()
	p := neutronFound(w, portKind, r.PathValue("id"), s.network.portByID)
	if p == nil {
		return
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"port": s.portJSON(p)})
}

// updatePort changes a port's name, description, admin state, security
// groups (each must exist: Neutron answers 404 SecurityGroupNotFound
// otherwise), port security, allowed address pairs and extra DHCP options.
func (s *api) updatePort(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Port *struct {
			Name           *string              `json:"name"`
			SecurityGroups *[]string            `json:"security_groups"`
			Description    *string              `json:"description"`
			AdminStateUp   *bool                `json:"admin_state_up"`
			PortSecurity   *bool                `json:"port_security_enabled"`
			AddressPairs   *[]map[string]string `json:"allowed_address_pairs"`
			DHCPOpts       []map[string]*string `json:"extra_dhcp_opts"`
		} `json:"port"`
	}
	if !neutronDecodeServed(w, r, &req, "port", "name", "description", "security_groups", "admin_state_up",
		"port_security_enabled", "allowed_address_pairs", "extra_dhcp_opts") {
		return
	}
	in := req.Port
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := &s.network
	p := neutronFound(w, portKind, r.PathValue("id"), n.portByID)
	if p == nil || !revisionMatches(w, r, p.Revision) {
		return
	}
	next := *p
	if in.SecurityGroups != nil {
		ids, ok := n.groupsNamed(w, *in.SecurityGroups)
		if !ok {
			return
		}
		next.SecurityGroupIDs = ids
	}
	setIf(&next.Name, in.Name)
	setIf(&next.Description, in.Description)
	if in.AdminStateUp != nil {
		next.AdminDown = !*in.AdminStateUp
	}
	if in.PortSecurity != nil {
		next.NoPortSecurity = !*in.PortSecurity
	}
	if in.AddressPairs != nil {
		pairs, ok := addressPairsIn(w, *in.AddressPairs, p.MAC)
		if !ok {
			return
		}
		next.AddressPairs = pairs
	}
	if in.DHCPOpts != nil {
		opts, ok := dhcpOptsIn(w, in.DHCPOpts, p.DHCPOpts, false)
		if !ok {
			return
		}
		next.DHCPOpts = opts
	}
	if !portSecurityAllows(w, &next, isFalse(in.PortSecurity)) {
		return
	}
	next.Updated = s.Now()
	next.Revision++
	*p = next
	core.WriteJSON(w, http.StatusOK, map[string]any{"port": s.portJSON(p)})
}

// groupsNamed are the security groups ids names, each once, or false after
// Neutron's 404 for one that does not exist.
func (n *State) groupsNamed(w http.ResponseWriter, ids []string) ([]string, bool) {
	out := []string{}
	for _, id := range ids {
		if n.Group(id) == nil {
			SecurityGroupKind.refuse(w, id)
			return nil, false
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, true
}
