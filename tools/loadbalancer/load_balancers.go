package loadbalancer

import (
	"context"
	"fmt"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/listeners"
	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/loadbalancers"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/layer3/floatingips"

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

// contents is what a load balancer holds, each read once: its status tree
// (listeners, pools, members, health monitors), its listeners (their
// protocol and port, which the tree lacks) and the floating IPs of its VIP.
type contents struct {
	tree      *statusTree
	listeners []listeners.Listener
	fips      []floatingips.FloatingIP
}

func readContents(ctx context.Context, svc *client.Services, lb *loadbalancers.LoadBalancer) (contents, error) {
	tree, err := getTree(ctx, svc, lb.ID)
	if err != nil {
		return contents{}, err
	}
	lis, err := kit.All(ctx, listeners.List(svc.LoadBalancer, listeners.ListOpts{LoadbalancerID: lb.ID}), listeners.ExtractListeners)
	if err != nil {
		return contents{}, err
	}
	fips, err := kit.All(ctx, floatingips.List(svc.Network, floatingips.ListOpts{PortID: lb.VipPortID}), floatingips.ExtractFloatingIPs)
	if err != nil {
		return contents{}, err
	}
	return contents{tree: tree, listeners: lis, fips: fips}, nil
}

// view is the load balancer with what it holds and where to reach it,
// without the warnings only the cloud's security groups tell.
func (c contents) view(lb *loadbalancers.LoadBalancer) LoadBalancer {
	out := LoadBalancer{ID: lb.ID, Name: lb.Name, Status: lb.ProvisioningStatus, Operating: lb.OperatingStatus,
		VipAddress: lb.VipAddress, VipPortID: lb.VipPortID}
	if len(c.fips) > 0 {
		out.FloatingIP = c.fips[0].FloatingIP
	}
	public := out.FloatingIP
	if public == "" {
		public = out.VipAddress
	}
	for _, t := range c.tree.LoadBalancer.Listeners {
		li := Listener{ID: t.ID, Name: t.Name, Status: t.Provisioned, Members: []Member{}}
		for _, l := range c.listeners {
			if l.ID == t.ID {
				li.Protocol, li.Port = l.Protocol, l.ProtocolPort
			}
		}
		for _, p := range t.Pools {
			for _, m := range p.Members {
				li.Members = append(li.Members, Member{ID: m.ID, Name: m.Name, Address: m.Address, Port: m.Port,
					Status: m.Provisioned, Operating: m.Operating})
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
	return out
}

// describe is the whole view of a load balancer, with a warning for each
// member its security groups keep the load balancer's traffic from.
func describe(ctx context.Context, svc *client.Services, lb *loadbalancers.LoadBalancer) (LoadBalancer, error) {
	c, err := readContents(ctx, svc, lb)
	if err != nil {
		return LoadBalancer{}, err
	}
	out := c.view(lb)
	var members []member
	for _, li := range out.Listeners {
		for _, m := range li.Members {
			members = append(members, member{m.Address, m.Port})
		}
	}
	warnings, err := unreachableMembers(ctx, svc, lb, members)
	if err != nil {
		return out, err
	}
	out.Warnings = append(out.Warnings, warnings...)
	return out, nil
}
