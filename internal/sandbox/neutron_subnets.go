package sandbox

import (
	"net/http"
	"net/netip"
	"slices"
)

// Neutron subnets: list and show, as the lab's Neutron answers them.
func init() {
	extraRoutes = append(extraRoutes, func(s *Sandbox, mux *http.ServeMux) {
		mux.HandleFunc("GET /network/v2.0/subnets", s.authed(s.listSubnets))
		mux.HandleFunc("GET /network/v2.0/subnets/{id}", s.authed(s.getSubnet))
		mux.HandleFunc("POST /network/v2.0/subnets", s.authed(s.createSubnet))
		mux.HandleFunc("DELETE /network/v2.0/subnets/{id}", s.authed(s.deleteSubnet))
	})
}

func (s *Sandbox) subnetJSON(sn *subnet) map[string]any {
	created := timestamp(s.db.network.createdAt(sn.Created))
	last := lastAddr(sn.Prefix)
	if last.Is4() {
		last = last.Prev() // the broadcast address is never handed out
	}
	version, raMode := 4, any(nil)
	if sn.Prefix.Addr().Is6() {
		version, raMode = 6, "slaac"
	}
	return map[string]any{
		"id": sn.ID, "name": sn.Name, "tenant_id": sn.ProjectID, "project_id": sn.ProjectID,
		"network_id": sn.NetworkID, "ip_version": version, "subnetpool_id": nil, "enable_dhcp": !sn.NoDHCP,
		"ipv6_ra_mode": raMode, "ipv6_address_mode": raMode, "gateway_ip": sn.Gateway.String(),
		"cidr":             sn.Prefix.String(),
		"allocation_pools": []map[string]string{{"start": sn.Gateway.Next().String(), "end": last.String()}},
		"host_routes":      []any{}, "dns_nameservers": []string{}, "description": sn.Description, "service_types": []string{},
		"tags": []string{}, "created_at": created, "updated_at": created, "revision_number": 0,
	}
}

func (s *Sandbox) listSubnets(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var all []map[string]any
	for _, sn := range s.db.network.subnets {
		all = append(all, s.subnetJSON(sn))
	}
	s.mu.Unlock()
	neutronList(w, r, all, neutronListed{plural: "subnets"})
}

func (s *Sandbox) getSubnet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sn := neutronFound(w, subnetKind, r.PathValue("id"), s.db.network.subnet); sn != nil {
		writeJSON(w, http.StatusOK, map[string]any{"subnet": s.subnetJSON(sn)})
	}
}

// lastAddr is the highest address of p.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

func (s *Sandbox) createSubnet(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Subnet struct {
			Name        string  `json:"name"`
			NetworkID   string  `json:"network_id"`
			IPVersion   int     `json:"ip_version"`
			CIDR        string  `json:"cidr"`
			Description string  `json:"description"`
			EnableDHCP  *bool   `json:"enable_dhcp"`
			GatewayIP   *string `json:"gateway_ip"`
		} `json:"subnet"`
	}
	if !neutronDecodeServed(w, r, &req, "subnet", "name", "network_id", "ip_version", "cidr", "description", "enable_dhcp", "gateway_ip") {
		return
	}
	in := req.Subnet
	prefix, err := netip.ParsePrefix(in.CIDR)
	if err != nil {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Invalid input for cidr. Reason: '%s' is not a valid IP subnet.", in.CIDR)
		return
	}
	prefix = prefix.Masked()
	// The sandbox's subnets have their gateway at the first address (Neutron's
	// default): that one asked for explicitly is served, another is not.
	if g := in.GatewayIP; g != nil && *g != prefix.Addr().Next().String() {
		notServed(w, r, "a gateway_ip other than the subnet's first address")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := &s.db.network
	nw := neutronFound(w, networkKind, in.NetworkID, s.usableNetwork)
	if nw == nil {
		return
	}
	if err := n.overQuota("subnet", 1); err != nil {
		neutronFault(w, http.StatusConflict, "OverQuota", "%s", err)
		return
	}
	sn := &subnet{ID: newID(), Name: in.Name, Description: in.Description, NetworkID: nw.ID, Prefix: prefix, Gateway: prefix.Addr().Next(),
		ProjectID: s.projectID, Created: s.now(), NoDHCP: in.EnableDHCP != nil && !*in.EnableDHCP}
	sn.next = sn.Gateway.Next()
	n.subnets = append(n.subnets, sn)
	nw.SubnetIDs = append(nw.SubnetIDs, sn.ID)
	writeJSON(w, http.StatusCreated, map[string]any{"subnet": s.subnetJSON(sn)})
}

// deleteSubnet is refused while a port has an address on the subnet (a
// router's interface is one).
func (s *Sandbox) deleteSubnet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.db.compute.tick()
	n := &s.db.network
	sn := n.subnet(r.PathValue("id"))
	if sn == nil || sn.ProjectID != s.projectID {
		subnetKind.refuse(w, r.PathValue("id"))
		return
	}
	if len(n.portsOn("", sn.ID)) > 0 {
		neutronFault(w, http.StatusConflict, "SubnetInUse", "Unable to complete operation on subnet %s: One or more ports have an IP allocation from this subnet.", sn.ID)
		return
	}
	n.subnets = slices.DeleteFunc(n.subnets, func(x *subnet) bool { return x == sn })
	if nw := n.networkByID(sn.NetworkID); nw != nil {
		nw.SubnetIDs = slices.DeleteFunc(nw.SubnetIDs, func(id string) bool { return id == sn.ID })
	}
	w.WriteHeader(http.StatusNoContent)
}
