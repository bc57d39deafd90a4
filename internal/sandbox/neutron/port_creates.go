package neutron

import (
	"net/http"
	"slices"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// A project's own ports (not a server's, which Nova makes): create on a
// network, with addresses on the subnets asked for (or as Neutron's IPAM
// gives them, defaultAddresses) and security groups (the project's default
// when none is said and the port has port security), and delete. A field the sandbox would not apply is a 501.
func (s *api) routePortCreates(mux *http.ServeMux) {
	mux.HandleFunc("POST /network/v2.0/ports", s.Authed(s.createPort))
	mux.HandleFunc("DELETE /network/v2.0/ports/{id}", s.Authed(s.deletePort))
}

func (s *api) createPort(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Port *struct {
			NetworkID      string    `json:"network_id"`
			Name           string    `json:"name"`
			Description    string    `json:"description"`
			AdminStateUp   *bool     `json:"admin_state_up"`
			SecurityGroups *[]string `json:"security_groups"`
			FixedIPs       *[]struct {
				SubnetID  string `json:"subnet_id"`
				IPAddress string `json:"ip_address"`
			} `json:"fixed_ips"`
			PortSecurity *bool                `json:"port_security_enabled"`
			AddressPairs []map[string]string  `json:"allowed_address_pairs"`
			DHCPOpts     []map[string]*string `json:"extra_dhcp_opts"`
		} `json:"port"`
	}
	if !neutronDecodeServed(w, r, &req, "port", "network_id", "name", "description", "admin_state_up", "security_groups", "fixed_ips",
		"port_security_enabled", "allowed_address_pairs", "extra_dhcp_opts") {
		return
	}
	in := req.Port
	mac := MAC()
	pairs, ok := addressPairsIn(w, in.AddressPairs, mac)
	if !ok {
		return
	}
	opts, ok := dhcpOptsIn(w, in.DHCPOpts, nil, true)
	if !ok {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := &s.network
	nw := neutronFound(w, networkKind, in.NetworkID, s.usableNetwork)
	if nw == nil {
		return
	}
	var subnets []string
	if in.FixedIPs != nil {
		for _, ip := range *in.FixedIPs {
			if ip.IPAddress != "" {
				core.NotServed(w, r, "a port's fixed ip_address (addresses are handed out in turn)")
				return
			}
			if !slices.Contains(nw.SubnetIDs, ip.SubnetID) {
				neutronFault(w, http.StatusBadRequest, "InvalidInput", "Invalid input for operation: Failed to create port on network %s, because fixed_ips included invalid subnet %s.", nw.ID, ip.SubnetID)
				return
			}
			subnets = append(subnets, ip.SubnetID)
		}
	}
	now := s.Now()
	// A port's security follows its network's unless it says otherwise; the
	// default group applies only to a port with port security.
	p := &Port{ID: core.NewID(), Name: in.Name, Description: in.Description, NetworkID: nw.ID, MAC: mac,
		Created: now, Updated: now, Revision: 1, AdminDown: isFalse(in.AdminStateUp),
		NoPortSecurity: nw.NoPortSecurity, AddressPairs: pairs, DHCPOpts: opts}
	if in.PortSecurity != nil {
		p.NoPortSecurity = !*in.PortSecurity
	}
	if !p.NoPortSecurity {
		p.SecurityGroupIDs = []string{n.DefaultGroup().ID}
	}
	if in.SecurityGroups != nil {
		if p.SecurityGroupIDs, ok = n.groupsNamed(w, *in.SecurityGroups); !ok {
			return
		}
	}
	if !portSecurityAllows(w, p, false) {
		return
	}
	if err := n.OverQuota("port", 1); err != nil {
		neutronFault(w, http.StatusConflict, "OverQuota", "%s", err)
		return
	}
	if in.FixedIPs == nil {
		p.FixedIPs = n.defaultAddresses(nw, p.DeviceOwner)
		if len(p.FixedIPs) == 0 && len(nw.SubnetIDs) > 0 {
			neutronFault(w, http.StatusConflict, "IpAddressGenerationFailureNoMatchingSubnet", "No valid service subnet for the given device owner, network %s, service type %s.", nw.ID, p.DeviceOwner)
			return
		}
	}
	for _, id := range subnets {
		p.FixedIPs = append(p.FixedIPs, FixedIP{SubnetID: id, Addr: n.Allocate(n.Subnet(id))})
	}
	n.Ports = append(n.Ports, p)
	core.WriteJSON(w, http.StatusCreated, map[string]any{"port": s.portJSON(p)})
}

// deletePort deletes a project's own port; a server's port goes with its
// server or its interface's detach (os-interface).
func (s *api) deletePort(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := &s.network
	p := neutronFound(w, portKind, r.PathValue("id"), n.portByID)
	if p == nil {
		return
	}
	if p.DeviceID != "" {
		core.NotServed(w, r, "deleting a port a server or router uses (detach it from its server)")
		return
	}
	if !revisionMatches(w, r, p.Revision) {
		return
	}
	n.RemovePort(p.ID)
	w.WriteHeader(http.StatusNoContent)
}
