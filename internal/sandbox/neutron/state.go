package neutron

import (
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// State holds Neutron: the seeded networks, subnets and router, and
// what servers and agents add (ports, security groups and their rules,
// floating IPs). Nova's server addresses and security groups are read from
// the ports here, so the two services always agree. Callers hold s.Mu.
type State struct {
	s           *core.Cloud
	Networks    []*Network
	subnets     []*subnet
	subnetPools []*subnetPool
	// addressScopes and addressGroups are a project's own, apart from
	// everything else.
	addressScopes []*addressScope
	addressGroups []*addressGroup
	routers       []*router
	Ports         []*Port
	ByDevice      map[string][]*Port // a server's ports, by its ID
	Groups        []*SecurityGroup
	Rules         []*SecurityGroupRule
	FloatingIPs   []*floatingIP
	quota         Quota
	seeded        time.Time
	// operator is the project that owns the shared and external networks.
	operator string
	// attrs counts Neutron's standard attributes (standard_attr_id).
	attrs int
	tags  map[string][]string // by the tagged resource's ID
}

type Network struct {
	Description      string
	ID, Name         string
	Shared, External bool
	Status           string
	SubnetIDs        []string
	ProjectID        string
	Created, Updated time.Time // zero for the seeded ones (State.seeded)
	Revision         int
	NoPortSecurity   bool // port_security_enabled false: the default of its new ports
	AdminDown        bool // admin_state_up false
}

// Attachable says whether a server of the project can have a port on n:
// an external network that is not shared holds floating IPs only.
func (n *Network) Attachable() bool { return !n.External || n.Shared }

type subnet struct {
	ID, Name, NetworkID string
	Description         string
	NoDHCP              bool // enable_dhcp false
	Prefix              netip.Prefix
	Gateway             netip.Addr // not valid: no gateway (null)
	Pools               []addrRange
	DNS, ServiceTypes   []string
	PoolID              string // the subnet pool it was allocated from, "" for none
	ProjectID           string
	Created, Updated    time.Time // zero for the seeded ones
	Revision            int
	next                netip.Addr // the next address to hand out
}

// router connects subnets (its interfaces) to an external network (its
// gateway): what a floating IP needs to reach a port.
type router struct {
	ID, Name         string
	Description      string
	GatewayNetworkID string // "" without a gateway
	GatewayIP        string
	SubnetIDs        []string
	Routes           []route
	AdminDown        bool
	Created, Updated time.Time // zero for the seeded one
	Revision         int
}

// route is a router's extra route (the extraroute extension).
type route struct{ Destination, Nexthop string }

type Port struct {
	ID, Name, NetworkID, MAC string
	Description              string
	DeviceID, DeviceOwner    string
	FixedIPs                 []FixedIP
	SecurityGroupIDs         []string
	Created, Updated         time.Time
	Revision                 int
	Bound                    bool // ACTIVE: its server's build got past networking
	AdminDown                bool // admin_state_up false: DOWN whatever its binding
	NoPortSecurity           bool // port_security_enabled false
	AddressPairs             []addressPair
	DHCPOpts                 []dhcpOpt
}

type FixedIP struct{ SubnetID, Addr string }

type SecurityGroup struct {
	ID, Name, Description string
	Created, Updated      time.Time
	Revision              int
	Stateless             bool // stateful false
}

type SecurityGroupRule struct {
	ID, GroupID          string
	Direction, Ethertype string
	Protocol             string // "" is any (JSON null)
	PortMin, PortMax     *int
	RemoteIPPrefix       string  // "" is null
	RemoteGroupID        string  // "" is null
	Description          *string // nil (JSON null) on the rules Neutron makes
	Created              time.Time
	AttrID               int // Neutron's standard_attr_id
}

type floatingIP struct {
	ID, NetworkID, Addr string
	PortID, FixedAddr   string // "" when not associated
	RouterID            string
	Description         string
	Created, Updated    time.Time
	Revision            int
}

// Quota is a project's Neutron quota; the defaults are Neutron's.
type Quota struct {
	Networks, Subnets, Ports, Routers, FloatingIPs, SecurityGroups, SecurityGroupRules int
}

func (n *State) init(s *core.Cloud) {
	n.s = s
	n.seeded = s.Now().Add(-90 * 24 * time.Hour)
	n.operator = core.StableID("project", "infomaniak-operator")
	n.ByDevice = map[string][]*Port{}
	n.tags = map[string][]string{}
	n.quota = Quota{Networks: 100, Subnets: 100, Ports: 500, Routers: 10, FloatingIPs: 50,
		SecurityGroups: 10, SecurityGroupRules: 100}
	// Infomaniak's layout: ext-net1 puts public addresses on the server
	// itself; ext-floating1 only holds floating IPs; the project's private
	// network reaches it through a router. Everyday networks come first.
	add := func(name string, shared, external bool, owner string, cidrs ...string) *Network {
		nw := &Network{ID: core.StableID("network", name), Name: name, Shared: shared, External: external,
			Status: "ACTIVE", ProjectID: owner, Revision: 1 + len(cidrs)}
		for _, c := range cidrs {
			p := netip.MustParsePrefix(c)
			v := "v4"
			if p.Addr().Is6() {
				v = "v6"
			}
			sn := &subnet{ID: core.StableID("subnet", name+"-"+v), Name: name + "-" + v, NetworkID: nw.ID,
				Prefix: p, Gateway: p.Addr().Next(), ProjectID: owner}
			sn.Pools = defaultPools(p, sn.Gateway)
			n.subnets = append(n.subnets, sn)
			nw.SubnetIDs = append(nw.SubnetIDs, sn.ID)
		}
		n.Networks = append(n.Networks, nw)
		return nw
	}
	add("ext-net1", true, false, n.operator, "203.0.113.0/24", "2001:db8:113::/64")
	private := add("private", false, false, s.ProjectID(), "10.0.0.0/24")
	floating := add("ext-floating1", false, true, n.operator, "198.51.100.0/24")
	rt := &router{ID: core.StableID("router", "router"), Name: "router", GatewayNetworkID: floating.ID,
		GatewayIP: n.Allocate(n.Subnet(floating.SubnetIDs[0])), SubnetIDs: []string{private.SubnetIDs[0]}, Revision: 3}
	n.routers = append(n.routers, rt)
	privSubnet := n.Subnet(private.SubnetIDs[0])
	n.Ports = append(n.Ports, &Port{ID: core.StableID("port", "router-interface"), NetworkID: private.ID, MAC: "fa:16:3e:00:00:01",
		DeviceID: rt.ID, DeviceOwner: "network:router_interface", Created: n.seeded, Updated: n.seeded,
		FixedIPs: []FixedIP{{SubnetID: privSubnet.ID, Addr: privSubnet.Gateway.String()}}, Revision: 1, Bound: true})
	n.CreateGroup("default", "Default security group", n.seeded)
}

func (n *State) NetworkByID(id string) *Network {
	for _, nw := range n.Networks {
		if nw.ID == id {
			return nw
		}
	}
	return nil
}

func (n *State) Subnet(id string) *subnet {
	for _, sn := range n.subnets {
		if sn.ID == id {
			return sn
		}
	}
	return nil
}

func (n *State) portByID(id string) *Port {
	for _, p := range n.Ports {
		if p.ID == id {
			return p
		}
	}
	return nil
}

func (n *State) Group(id string) *SecurityGroup {
	for _, g := range n.Groups {
		if g.ID == id {
			return g
		}
	}
	return nil
}

func (n *State) floatingIP(id string) *floatingIP {
	for _, f := range n.FloatingIPs {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// CreateGroup adds a security group with Neutron's default rules for a new
// group: egress anywhere over IPv4 and IPv6; the project's "default" group
// also lets in whatever comes from its own members.
func (n *State) CreateGroup(name, description string, at time.Time) *SecurityGroup {
	g := &SecurityGroup{ID: core.NewID(), Name: name, Description: description, Created: at, Updated: at, Revision: 1}
	if name == "default" && len(n.Groups) == 0 {
		g.ID = core.StableID("security-group", "default")
	}
	n.Groups = append(n.Groups, g)
	for _, eth := range []string{"IPv4", "IPv6"} {
		n.addRule(&SecurityGroupRule{ID: core.NewID(), GroupID: g.ID, Direction: "egress", Ethertype: eth, Created: at})
	}
	if name == "default" && g.ID == core.StableID("security-group", "default") {
		for _, eth := range []string{"IPv4", "IPv6"} {
			n.addRule(&SecurityGroupRule{ID: core.NewID(), GroupID: g.ID, Direction: "ingress", Ethertype: eth,
				RemoteGroupID: g.ID, Created: at})
		}
	}
	return g
}

func (n *State) addRule(r *SecurityGroupRule) {
	n.attrs++
	r.AttrID = n.attrs
	n.Rules = append(n.Rules, r)
}

func (n *State) Rule(id string) *SecurityGroupRule {
	for _, r := range n.Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// DeleteGroup removes a group and its rules, and the rules of other groups
// that name it as their remote group.
func (n *State) DeleteGroup(g *SecurityGroup) {
	n.Groups = slices.DeleteFunc(n.Groups, func(x *SecurityGroup) bool { return x == g })
	n.Rules = slices.DeleteFunc(n.Rules, func(r *SecurityGroupRule) bool { return r.GroupID == g.ID || r.RemoteGroupID == g.ID })
}

// DefaultGroup is the project's "default" security group.
func (n *State) DefaultGroup() *SecurityGroup {
	return n.Group(core.StableID("security-group", "default"))
}

// CreatePort gives a server a port on nw with an address on each of its
// subnets and the security groups groupIDs.
func (n *State) CreatePort(nw *Network, serverID, zone string, groupIDs []string) *Port {
	now := n.s.Now()
	p := &Port{ID: core.NewID(), NetworkID: nw.ID, MAC: MAC(), DeviceID: serverID, DeviceOwner: "compute:" + zone,
		SecurityGroupIDs: slices.Clone(groupIDs), Created: now, Updated: now, Revision: 1}
	p.FixedIPs = n.defaultAddresses(nw, p.DeviceOwner)
	n.Ports = append(n.Ports, p)
	n.ByDevice[serverID] = append(n.ByDevice[serverID], p)
	return p
}

// defaultAddresses are the addresses of a new port of owner that asks for
// none, as Neutron's IPAM gives them: one from the first IPv4 subnet of nw,
// and one on each of its IPv6 subnets, among the subnets whose service
// types let owner in.
func (n *State) defaultAddresses(nw *Network, owner string) []FixedIP {
	var ips []FixedIP
	v4 := false
	for _, id := range nw.SubnetIDs {
		sn := n.Subnet(id)
		if !sn.serves(owner) {
			continue
		}
		if is4 := sn.Prefix.Addr().Is4(); is4 && v4 {
			continue
		} else if is4 {
			v4 = true
		}
		ips = append(ips, FixedIP{SubnetID: id, Addr: n.Allocate(sn)})
	}
	return ips
}

// createdAt is t, or when the sandbox's seed was made for what it seeded.
func (n *State) createdAt(t time.Time) time.Time {
	if t.IsZero() {
		return n.seeded
	}
	return t
}

// portsOn are the ports with an address on subnet id, or on network id.
func (n *State) portsOn(networkID, subnetID string) []*Port {
	var out []*Port
	for _, p := range n.Ports {
		if networkID != "" && p.NetworkID == networkID {
			out = append(out, p)
			continue
		}
		if subnetID != "" && slices.ContainsFunc(p.FixedIPs, func(ip FixedIP) bool { return ip.SubnetID == subnetID }) {
			out = append(out, p)
		}
	}
	return out
}

func (n *State) routerByID(id string) *router {
	for _, r := range n.routers {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// ServerPorts are the ports of a server, in creation order.
func (n *State) ServerPorts(serverID string) []*Port { return n.ByDevice[serverID] }

// ReleasePorts deletes a server's ports, as Nova does when the server is
// deleted or its build fails; their floating IPs are disassociated.
func (n *State) ReleasePorts(serverID string) {
	if len(n.ByDevice[serverID]) > 0 {
		n.removePorts(func(p *Port) bool { return p.DeviceID == serverID })
	}
}

// AddPort adds p to the ports, and to its device's.
func (n *State) AddPort(p *Port) {
	n.Ports = append(n.Ports, p)
	n.ByDevice[p.DeviceID] = append(n.ByDevice[p.DeviceID], p)
}

// RemovePort deletes the port with id, from its device's too, as
// Neutron's port delete does: its floating IPs are disassociated.
func (n *State) RemovePort(id string) {
	n.removePorts(func(p *Port) bool { return p.ID == id })
}

// removePorts deletes the ports gone says, from their devices' too, and
// disassociates their floating IPs.
func (n *State) removePorts(gone func(*Port) bool) {
	n.Ports = slices.DeleteFunc(n.Ports, func(p *Port) bool {
		if !gone(p) {
			return false
		}
		if n.ByDevice[p.DeviceID] = slices.DeleteFunc(n.ByDevice[p.DeviceID], gone); len(n.ByDevice[p.DeviceID]) == 0 {
			delete(n.ByDevice, p.DeviceID)
		}
		for _, f := range n.FloatingIPs {
			if f.PortID == p.ID {
				n.disassociate(f)
			}
		}
		return true
	})
}

func (n *State) disassociate(f *floatingIP) {
	f.PortID, f.FixedAddr, f.RouterID = "", "", ""
	f.Updated = n.s.Now()
	f.Revision++
}

// GroupInUse lists the ports that use security group id.
func (n *State) GroupInUse(id string) []*Port {
	var out []*Port
	for _, p := range n.Ports {
		if slices.Contains(p.SecurityGroupIDs, id) {
			out = append(out, p)
		}
	}
	return out
}

// routerFor finds the router that connects subnet to external network
// extID, or nil: without one a floating IP cannot reach the subnet.
func (n *State) routerFor(subnetID, extID string) *router {
	for _, r := range n.routers {
		if r.GatewayNetworkID == extID && slices.Contains(r.SubnetIDs, subnetID) {
			return r
		}
	}
	return nil
}

// networkName is the name of network id, "" if there is none.
func (n *State) networkName(id string) string {
	if nw := n.NetworkByID(id); nw != nil {
		return nw.Name
	}
	return ""
}

// IPVersion is 4 or 6.
func IPVersion(addr string) int {
	if a, err := netip.ParseAddr(addr); err == nil && a.Is6() {
		return 6
	}
	return 4
}

// usage counts what the project uses of each Neutron quota.
func (n *State) usage() map[string]int {
	u := map[string]int{"network": 0, "subnet": 0, "port": 0, "router": len(n.routers),
		"floatingip": len(n.FloatingIPs), "security_group": len(n.Groups), "security_group_rule": len(n.Rules)}
	for _, nw := range n.Networks {
		if nw.ProjectID == n.s.ProjectID() {
			u["network"]++
		}
	}
	for _, sn := range n.subnets {
		if sn.ProjectID == n.s.ProjectID() {
			u["subnet"]++
		}
	}
	u["port"] = len(n.Ports)
	return u
}

// SetQuota replaces the project's Neutron quota in c.
func SetQuota(c *core.Cloud, q Quota) {
	s := of(c)
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.network.quota = q
}

func (q Quota) limits() map[string]int {
	return map[string]int{"network": q.Networks, "subnet": q.Subnets, "subnetpool": -1, "port": q.Ports,
		"router": q.Routers, "floatingip": q.FloatingIPs, "rbac_policy": 10,
		"security_group": q.SecurityGroups, "security_group_rule": q.SecurityGroupRules}
}

// OverQuota is Neutron's refusal (a 409 OverQuota) when more of resource
// would exceed its quota, nil otherwise.
func (n *State) OverQuota(resource string, more int) error {
	limit := n.quota.limits()[resource]
	if limit >= 0 && n.usage()[resource]+more > limit {
		return fmt.Errorf("Quota exceeded for resources: ['%s'].", resource)
	}
	return nil
}
