package sandbox

import (
	"net/http"
	"net/netip"
)

// Neutron subnets: list and show, as the lab's Neutron answers them.
func init() {
	extraRoutes = append(extraRoutes, func(s *Sandbox, mux *http.ServeMux) {
		mux.HandleFunc("GET /network/v2.0/subnets", s.authed(s.listSubnets))
		mux.HandleFunc("GET /network/v2.0/subnets/{id}", s.authed(s.getSubnet))
	})
}

func (s *Sandbox) subnetJSON(sn *subnet) map[string]any {
	created := timestamp(s.db.network.seeded)
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
		"network_id": sn.NetworkID, "ip_version": version, "subnetpool_id": nil, "enable_dhcp": true,
		"ipv6_ra_mode": raMode, "ipv6_address_mode": raMode, "gateway_ip": sn.Gateway.String(),
		"cidr":             sn.Prefix.String(),
		"allocation_pools": []map[string]string{{"start": sn.Gateway.Next().String(), "end": last.String()}},
		"host_routes":      []any{}, "dns_nameservers": []string{}, "description": "", "service_types": []string{},
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
	sn := s.db.network.subnet(r.PathValue("id"))
	var body map[string]any
	if sn != nil {
		body = map[string]any{"subnet": s.subnetJSON(sn)}
	}
	s.mu.Unlock()
	if sn == nil {
		neutronFault(w, http.StatusNotFound, "SubnetNotFound", "Subnet %s could not be found.", r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, body)
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
