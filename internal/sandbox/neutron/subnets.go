package neutron

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"slices"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Neutron subnets: list and show, as the lab's Neutron answers them.
func (s *api) routeSubnets(mux *http.ServeMux) {
	mux.HandleFunc("GET /network/v2.0/subnets", s.Authed(s.listSubnets))
	mux.HandleFunc("GET /network/v2.0/subnets/{id}", s.Authed(s.getSubnet))
	mux.HandleFunc("POST /network/v2.0/subnets", s.Authed(s.createSubnet))
	mux.HandleFunc("DELETE /network/v2.0/subnets/{id}", s.Authed(s.deleteSubnet))
}

func (s *api) subnetJSON(sn *subnet) map[string]any {
	n := &s.network
	version, raMode := 4, any(nil)
	if sn.Prefix.Addr().Is6() {
		version, raMode = 6, "slaac"
	}
	var gateway, pool any
	if sn.Gateway.IsValid() {
		gateway = sn.Gateway.String()
	}
	if sn.PoolID != "" {
		pool = sn.PoolID
	}
	pools := make([]map[string]string, len(sn.Pools))
	for i, rg := range sn.Pools {
		pools[i] = rg.json()
	}
	return map[string]any{
		"id": sn.ID, "name": sn.Name, "tenant_id": sn.ProjectID, "project_id": sn.ProjectID,
		"network_id": sn.NetworkID, "ip_version": version, "subnetpool_id": pool, "enable_dhcp": !sn.NoDHCP,
		"ipv6_ra_mode": raMode, "ipv6_address_mode": raMode, "gateway_ip": gateway,
		"cidr": sn.Prefix.String(), "allocation_pools": pools, "host_routes": []any{},
		"dns_nameservers": core.NonNil(sn.DNS), "description": sn.Description,
		"service_types": core.NonNil(sn.ServiceTypes), "tags": n.tagsOf(sn.ID),
		"created_at": core.Timestamp(n.createdAt(sn.Created)), "updated_at": core.Timestamp(n.createdAt(sn.Updated)),
		"revision_number": sn.Revision,
	}
}

func (s *api) listSubnets(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	var all []map[string]any
	for _, sn := range s.network.subnets {
		all = append(all, s.subnetJSON(sn))
	}
	s.Mu.Unlock()
	neutronList(w, r, all, neutronListed{plural: "subnets"})
}

func (s *api) getSubnet(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	if sn := neutronFound(w, subnetKind, r.PathValue("id"), s.network.Subnet); sn != nil {
		core.WriteJSON(w, http.StatusOK, map[string]any{"subnet": s.subnetJSON(sn)})
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

// createSubnet makes a subnet of a cidr, or of a prefix length from a
// subnet pool (subnetpool_id), with Neutron's defaults: the gateway at the
// first address, the allocation pools around it.
func (s *api) createSubnet(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Subnet struct {
			Name         string              `json:"name"`
			NetworkID    string              `json:"network_id"`
			IPVersion    int                 `json:"ip_version"`
			CIDR         string              `json:"cidr"`
			Description  string              `json:"description"`
			EnableDHCP   *bool               `json:"enable_dhcp"`
			GatewayIP    json.RawMessage     `json:"gateway_ip"`
			Pools        []map[string]string `json:"allocation_pools"`
			DNS          []string            `json:"dns_nameservers"`
			ServiceTypes []string            `json:"service_types"`
			PoolID       string              `json:"subnetpool_id"`
			Prefixlen    int                 `json:"prefixlen"`
		} `json:"subnet"`
	}
	if !neutronDecodeServed(w, r, &req, "subnet", "name", "network_id", "ip_version", "cidr", "description", "enable_dhcp",
		"gateway_ip", "allocation_pools", "dns_nameservers", "service_types", "subnetpool_id", "prefixlen") {
		return
	}
	in := req.Subnet
	if !validNameservers(w, in.DNS) || !validServiceTypes(w, in.ServiceTypes) {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := &s.network
	prefix, poolID, ok := s.subnetPrefix(w, in.CIDR, in.PoolID, in.Prefixlen)
	if !ok {
		return
	}
	gateway, ok := subnetGateway(w, r, in.GatewayIP, prefix)
	if !ok {
		return
	}
	pools := defaultPools(prefix, gateway)
	if in.Pools != nil {
		if pools, ok = parsePools(w, in.Pools, prefix, gateway); !ok {
			return
		}
	}
	nw := neutronFound(w, networkKind, in.NetworkID, s.usableNetwork)
	if nw == nil {
		return
	}
	if slices.ContainsFunc(nw.SubnetIDs, func(id string) bool { return n.Subnet(id).PoolID != poolID }) {
		neutronFault(w, http.StatusBadRequest, "NetworkSubnetPoolAffinityError", "Subnets hosted on the same network must be allocated from the same subnet pool.")
		return
	}
	if err := n.OverQuota("subnet", 1); err != nil {
		neutronFault(w, http.StatusConflict, "OverQuota", "%s", err)
		return
	}
	now := s.Now()
	sn := &subnet{ID: core.NewID(), Name: in.Name, Description: in.Description, NetworkID: nw.ID, Prefix: prefix, Gateway: gateway,
		Pools: pools, DNS: in.DNS, ServiceTypes: sortedCopy(in.ServiceTypes), PoolID: poolID,
		ProjectID: s.ProjectID(), Created: now, Updated: now, NoDHCP: isFalse(in.EnableDHCP)}
	if len(sn.ServiceTypes) > 0 {
		sn.Revision = 1 // Neutron writes them after the subnet
	}
	n.subnets = append(n.subnets, sn)
	nw.SubnetIDs = append(nw.SubnetIDs, sn.ID)
	nw.Revision++
	core.WriteJSON(w, http.StatusCreated, map[string]any{"subnet": s.subnetJSON(sn)})
}

// subnetGateway is the gateway a subnet's create asks for: the first
// address when it says none, no gateway for null. One outside the subnet
// (which Neutron accepts) is not served.
func subnetGateway(w http.ResponseWriter, r *http.Request, raw json.RawMessage, p netip.Prefix) (netip.Addr, bool) {
	if raw == nil {
		return p.Addr().Next(), true
	}
	g, ok := parseGateway(w, raw)
	if ok && g.IsValid() && !p.Contains(g) {
		core.NotServed(w, r, "a gateway_ip outside the subnet's cidr")
		return netip.Addr{}, false
	}
	return g, ok
}

// parseGateway reads a gateway_ip: an address, or null for none.
func parseGateway(w http.ResponseWriter, raw json.RawMessage) (netip.Addr, bool) {
	var g *string
	if json.Unmarshal(raw, &g) != nil {
		text := string(raw)
		g = &text
	}
	if g == nil {
		return netip.Addr{}, true
	}
	a, err := netip.ParseAddr(*g)
	if err != nil {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Invalid input for gateway_ip. Reason: '%s' is not a valid IP address.", *g)
		return netip.Addr{}, false
	}
	return a, true
}

// deleteSubnet is refused while a port has an address on the subnet (a
// router's interface is one).
func (s *api) deleteSubnet(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.Tick()
	n := &s.network
	sn := n.Subnet(r.PathValue("id"))
	if sn == nil || sn.ProjectID != s.ProjectID() {
		subnetKind.refuse(w, r.PathValue("id"))
		return
	}
	if len(n.portsOn("", sn.ID)) > 0 {
		neutronFault(w, http.StatusConflict, "SubnetInUse", "Unable to complete operation on subnet %s: One or more ports have an IP allocation from this subnet.", sn.ID)
		return
	}
	n.subnets = slices.DeleteFunc(n.subnets, func(x *subnet) bool { return x == sn })
	if nw := n.NetworkByID(sn.NetworkID); nw != nil {
		nw.SubnetIDs = slices.DeleteFunc(nw.SubnetIDs, func(id string) bool { return id == sn.ID })
		nw.Revision++
	}
	w.WriteHeader(http.StatusNoContent)
}
