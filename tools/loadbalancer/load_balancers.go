package loadbalancer

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/listeners"
	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/loadbalancers"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/layer3/floatingips"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/security/groups"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/security/rules"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/subnets"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// LoadBalancer is a load balancer with what is inside it and how to reach it.
type LoadBalancer struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Status     string     `json:"status" jsonschema_description:"Provisioning: ACTIVE, PENDING_CREATE, PENDING_UPDATE, ERROR..."`
	Operating  string     `json:"operating_status,omitempty"`
	VipAddress string     `json:"vip_address"`
	VipPortID  string     `json:"vip_port_id,omitempty"`
	FloatingIP string     `json:"floating_ip,omitempty" jsonschema_description:"Its public address."`
	Listeners  []Listener `json:"listeners,omitempty"`
	Reach      []string   `json:"reach,omitempty" jsonschema_description:"Where to reach it, e.g. http://198.51.100.7:80."`
	Warnings   []string   `json:"warnings,omitempty"`
}

// Listener is a protocol and port the load balancer takes, and its pool.
type Listener struct {
	ID            string   `json:"id"`
	Name          string   `json:"name,omitempty"`
	Protocol      string   `json:"protocol"`
	Port          int      `json:"port"`
	Status        string   `json:"status"`
	Members       []Member `json:"members"`
	HealthMonitor string   `json:"health_monitor,omitempty" jsonschema_description:"Its type and status."`
}

// Member is a server's address and port the load balancer sends to.
type Member struct {
	ID        string `json:"id"`
	Name      string `json:"name,omitempty"`
	Address   string `json:"address"`
	Port      int    `json:"port"`
	Status    string `json:"status"`
	Operating string `json:"operating_status" jsonschema_description:"ONLINE, ERROR (failing its health check), NO_MONITOR..."`
}

type listArgs struct {
	Name string `json:"name,omitempty" jsonschema_description:"Part of the name, any case."`
	kit.Page
}

type LoadBalancerList struct {
	LoadBalancers []LoadBalancer `json:"load_balancers"`
	kit.More
}

func listLoadBalancers() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_load_balancers", Title: "List load balancers", Effect: mcptool.Read,
		Description: "List load balancers with their status and VIP address."},
		func(ctx context.Context, svc *client.Services, a listArgs) (LoadBalancerList, error) {
			page, more, err := kit.ReadNamed(ctx, svc.LoadBalancer, svc.LoadBalancer.ServiceURL("lbaas", "loadbalancers"), "loadbalancers",
				a.Page, a.Name, func(lb *loadbalancers.LoadBalancer) string { return lb.Name },
				func(lb *loadbalancers.LoadBalancer) string { return lb.ID })
			if err != nil {
				return LoadBalancerList{}, err
			}
			return LoadBalancerList{LoadBalancers: kit.Views(page, func(lb loadbalancers.LoadBalancer) LoadBalancer {
				return LoadBalancer{ID: lb.ID, Name: lb.Name, Status: lb.ProvisioningStatus, Operating: lb.OperatingStatus,
					VipAddress: lb.VipAddress, VipPortID: lb.VipPortID}
			}), More: more}, nil
		})
}

type lbRef struct {
	LoadBalancer string `json:"load_balancer" jsonschema:"required,minLength=1"`
}

func getLoadBalancer() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "get_load_balancer", Title: "Show a load balancer", Effect: mcptool.Read,
		Description: "Show a load balancer: its listeners, members with their health, health monitor, VIP and floating IP, " +
			"where to reach it, and a warning when no security group lets its traffic reach the members."},
		func(ctx context.Context, svc *client.Services, a lbRef) (LoadBalancer, error) {
			lb, err := findLB(ctx, svc, a.LoadBalancer)
			if err != nil {
				return LoadBalancer{}, err
			}
			return describe(ctx, svc, lb)
		})
}

// describe is the whole view of a load balancer.
func describe(ctx context.Context, svc *client.Services, lb *loadbalancers.LoadBalancer) (LoadBalancer, error) {
	out := LoadBalancer{ID: lb.ID, Name: lb.Name, Status: lb.ProvisioningStatus, Operating: lb.OperatingStatus,
		VipAddress: lb.VipAddress, VipPortID: lb.VipPortID}
	tree, err := getTree(ctx, svc, lb.ID)
	if err != nil {
		return out, err
	}
	lis, err := kit.All(ctx, listeners.List(svc.LoadBalancer, listeners.ListOpts{LoadbalancerID: lb.ID}), listeners.ExtractListeners)
	if err != nil {
		return out, err
	}
	fips, err := kit.All(ctx, floatingips.List(svc.Network, floatingips.ListOpts{PortID: lb.VipPortID}), floatingips.ExtractFloatingIPs)
	if err != nil {
		return out, err
	}
	if len(fips) > 0 {
		out.FloatingIP = fips[0].FloatingIP
	}
	public := out.FloatingIP
	if public == "" {
		public = out.VipAddress
	}
	var memberPorts []member
	for _, t := range tree.LoadBalancer.Listeners {
		li := Listener{ID: t.ID, Name: t.Name, Status: t.Provisioned, Members: []Member{}}
		for _, l := range lis {
			if l.ID == t.ID {
				li.Protocol, li.Port = l.Protocol, l.ProtocolPort
			}
		}
		for _, p := range t.Pools {
			for _, m := range p.Members {
				li.Members = append(li.Members, Member{ID: m.ID, Name: m.Name, Address: m.Address, Port: m.Port,
					Status: m.Provisioned, Operating: m.Operating})
				memberPorts = append(memberPorts, member{m.Address, m.Port})
			}
			if p.Monitor != nil {
				li.HealthMonitor = p.Monitor.Type + " " + p.Monitor.Provisioned
			}
		}
		out.Listeners = append(out.Listeners, li)
		out.Reach = append(out.Reach, fmt.Sprintf("%s://%s:%d", strings.ToLower(li.Protocol), public, li.Port))
	}
	if out.FloatingIP == "" {
		out.Warnings = append(out.Warnings, "no floating IP: it is reachable only from its network at "+out.VipAddress)
	}
	warnings, err := unreachableMembers(ctx, svc, lb, memberPorts)
	if err != nil {
		return out, err
	}
	out.Warnings = append(out.Warnings, warnings...)
	return out, nil
}

type member struct {
	addr string
	port int
}

// unreachableMembers warns of each member whose security groups let no
// traffic from the load balancer's VIP reach its port: the members'
// health checks and requests would fail.
func unreachableMembers(ctx context.Context, svc *client.Services, lb *loadbalancers.LoadBalancer, members []member) ([]string, error) {
	if len(members) == 0 {
		return nil, nil
	}
	vip, _ := netip.ParseAddr(lb.VipAddress)
	// The load balancer's traffic comes from its subnet (an amphora's own
	// address there, not the VIP): a rule from the subnet lets it in.
	from := lb.VipAddress
	if sn, err := subnets.Get(ctx, svc.Network, lb.VipSubnetID).Extract(); err == nil {
		from = sn.CIDR
	}
	var vipGroups []string
	if p, err := ports.Get(ctx, svc.Network, lb.VipPortID).Extract(); err == nil {
		vipGroups = p.SecurityGroups
	}
	nw, err := vipNetwork(ctx, svc, lb)
	if err != nil {
		return nil, err
	}
	onNetwork, err := kit.All(ctx, ports.List(svc.Network, ports.ListOpts{NetworkID: nw.ID}), ports.ExtractPorts)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range members {
		i := slices.IndexFunc(onNetwork, func(p ports.Port) bool {
			return slices.ContainsFunc(p.FixedIPs, func(ip ports.IP) bool { return ip.IPAddress == m.addr })
		})
		if i < 0 {
			continue
		}
		admitted := false
		for _, g := range onNetwork[i].SecurityGroups {
			rs, err := kit.All(ctx, rules.List(svc.Network, rules.ListOpts{SecGroupID: g, Direction: "ingress"}), rules.ExtractRules)
			if err != nil {
				return nil, err
			}
			if slices.ContainsFunc(rs, func(r rules.SecGroupRule) bool { return admits(r, vip, vipGroups, m.port) }) {
				admitted = true
				break
			}
		}
		if !admitted {
			names := groupNames(ctx, svc, onNetwork[i].SecurityGroups)
			out = append(out, fmt.Sprintf("no security group of member %s (%s) lets tcp/%d in from the load balancer (%s): "+
				"add_security_group_rule on one of them, e.g. tcp/%d from %s", m.addr, names, m.port, lb.VipAddress, m.port, from))
		}
	}
	return out, nil
}

// admits says whether an ingress rule lets TCP to port in from vip.
func admits(r rules.SecGroupRule, vip netip.Addr, vipGroups []string, port int) bool {
	if r.Protocol != "" && r.Protocol != "tcp" && r.Protocol != "6" {
		return false
	}
	if r.PortRangeMin != 0 && (port < r.PortRangeMin || port > r.PortRangeMax) {
		return false
	}
	if r.RemoteGroupID != "" {
		return slices.Contains(vipGroups, r.RemoteGroupID)
	}
	if r.RemoteIPPrefix == "" {
		return r.EtherType == "IPv4" || !vip.Is4()
	}
	p, err := netip.ParsePrefix(r.RemoteIPPrefix)
	return err == nil && p.Contains(vip)
}

func groupNames(ctx context.Context, svc *client.Services, ids []string) string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		if g, err := groups.Get(ctx, svc.Network, id).Extract(); err == nil {
			names = append(names, g.Name)
		} else {
			names = append(names, id)
		}
	}
	return "groups " + strings.Join(names, ", ")
}
