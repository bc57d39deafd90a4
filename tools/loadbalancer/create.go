package loadbalancer

import (
	"context"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/listeners"
	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/loadbalancers"
	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/monitors"
	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/pools"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/layer3/floatingips"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/subnets"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/progress"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/rating"
)

type listenerArg struct {
	Protocol string `json:"protocol" jsonschema:"required,enum=HTTP,enum=HTTPS,enum=TCP,enum=UDP"`
	Port     int    `json:"port" jsonschema:"required,minimum=1,maximum=65535"`
}

type memberArg struct {
	Server string `json:"server" jsonschema:"required,minLength=1" jsonschema_description:"A server by name or ID, with an address on the load balancer's network."`
	Port   int    `json:"port" jsonschema:"required,minimum=1,maximum=65535"`
}

type monitorArg struct {
	Type     string `json:"type" jsonschema:"required,enum=HTTP,enum=HTTPS,enum=TCP,enum=PING"`
	URLPath  string `json:"url_path,omitempty" jsonschema_description:"For HTTP(S); default /."`
	Interval int    `json:"interval,omitempty" jsonschema:"minimum=1,maximum=3600,default=5" jsonschema_description:"Seconds between checks."`
}

type createArgs struct {
	Name        string        `json:"name" jsonschema:"required,minLength=1,maxLength=255"`
	Network     string        `json:"network" jsonschema:"required,minLength=1" jsonschema_description:"The private network of its VIP (and of its members)."`
	Listeners   []listenerArg `json:"listeners" jsonschema:"required,minItems=1"`
	Algorithm   string        `json:"algorithm,omitempty" jsonschema:"enum=ROUND_ROBIN,enum=LEAST_CONNECTIONS,enum=SOURCE_IP,default=ROUND_ROBIN"`
	Members     []memberArg   `json:"members,omitempty"`
	Monitor     *monitorArg   `json:"health_monitor,omitempty"`
	FloatingIP  bool          `json:"floating_ip,omitempty" jsonschema_description:"Allocate a floating IP (billed) and attach it to the VIP: its public address."`
	FloatingNet string        `json:"floating_network,omitempty" jsonschema_description:"External, for the floating IP (implies floating_ip); omit for the default."`
	kit.Waiting
}

// target is a member resolved: a server's address on the VIP's network.
type target struct {
	name, addr, subnet string
	port               int
}

func createLoadBalancer() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "create_load_balancer", Title: "Create a load balancer", Effect: mcptool.Write,
		Description: "Create a load balancer on a private network with its listeners, a pool of servers (members) on it, " +
			"a health monitor and optionally a floating IP; waits until ACTIVE. Returns the new load balancer with where to reach it."},
		rating.Priced(func(ctx context.Context, svc *client.Services, a createArgs) (LoadBalancer, error) {
			seen := map[string]bool{}
			for _, l := range a.Listeners {
				key := fmt.Sprintf("%s/%d", protocolFamily(l.Protocol), l.Port)
				if seen[key] {
					return LoadBalancer{}, fault.Errorf(fault.CodeInvalidArgument, "two listeners on port %d (%s)", l.Port, protocolFamily(l.Protocol)).
						WithHint("give each listener its own port")
				}
				seen[key] = true
			}
			ctx = progress.Plan(ctx, "resolved", "load balancer", "listeners", "members", "health monitor", "floating IP", "ACTIVE")
			nw, err := kit.Network(ctx, svc, a.Network)
			if err != nil {
				return LoadBalancer{}, err
			}
			subnet, err := vipSubnet(ctx, svc, nw)
			if err != nil {
				return LoadBalancer{}, err
			}
			targets := make([]target, len(a.Members))
			for i, m := range a.Members {
				if targets[i], err = memberTarget(ctx, svc, m.Server, nw); err != nil {
					return LoadBalancer{}, err
				}
				targets[i].port = m.Port
			}
			var floatingNet string
			if a.FloatingIP || a.FloatingNet != "" {
				ext, err := kit.FloatingNetwork(ctx, svc, a.FloatingNet, "floating_network")
				if err != nil {
					return LoadBalancer{}, err
				}
				floatingNet = ext.ID
			}
			progress.Step(ctx, "resolved", "network "+nw.Name)
			lb, err := client.CreateNamed(ctx, "load balancer", a.Name, false,
				func(ctx context.Context) (*loadbalancers.LoadBalancer, error) {
					return loadbalancers.Create(ctx, svc.LoadBalancer, loadbalancers.CreateOpts{Name: a.Name, VipSubnetID: subnet}).Extract()
				},
				func(ctx context.Context) ([]loadbalancers.LoadBalancer, error) {
					return kit.All(ctx, loadbalancers.List(svc.LoadBalancer, loadbalancers.ListOpts{Name: a.Name}), loadbalancers.ExtractLoadBalancers)
				},
				func(lb *loadbalancers.LoadBalancer) client.Named {
					return client.Named{ID: lb.ID, Name: lb.Name, Created: lb.CreatedAt}
				})
			if err != nil {
				return LoadBalancer{}, err
			}
			if err := build(ctx, svc, lb, a, targets, floatingNet); err != nil {
				return LoadBalancer{}, takeBack(ctx, svc, lb.ID, a.Timeout(), err)
			}
			progress.Step(ctx, "ACTIVE", "load balancer "+lb.Name+" ACTIVE")
			lb, err = loadbalancers.Get(ctx, svc.LoadBalancer, lb.ID).Extract()
			if err != nil {
				return LoadBalancer{}, err
			}
			return describe(ctx, svc, lb)
		}, lbItems, withEstimate))
}

// build makes what is inside the load balancer, one part at a time, each
// waited ACTIVE: Octavia's fully populated create is one request, but some
// providers leave its parts PENDING_CREATE (the lab's Octavia does), and
// one part at a time says which part failed.
func build(ctx context.Context, svc *client.Services, lb *loadbalancers.LoadBalancer, a createArgs, targets []target, floatingNet string) error {
	timeout := a.Timeout()
	if err := waitActive(ctx, svc, lb.ID, "load balancer", timeout); err != nil {
		return err
	}
	progress.Step(ctx, "load balancer", "load balancer "+lb.Name+" ACTIVE at "+lb.VipAddress)
	algorithm := pools.LBMethod(a.Algorithm)
	if algorithm == "" {
		algorithm = pools.LBMethodRoundRobin
	}
	for _, l := range a.Listeners {
		var li *listeners.Listener
		name := fmt.Sprintf("%s-%s-%d", a.Name, strings.ToLower(l.Protocol), l.Port)
		if err := whenActive(ctx, svc, lb.ID, "listeners", timeout, func(ctx context.Context) (err error) {
			li, err = listeners.Create(ctx, svc.LoadBalancer, listeners.CreateOpts{LoadbalancerID: lb.ID, Name: name,
				Protocol: listeners.Protocol(l.Protocol), ProtocolPort: l.Port}).Extract()
			return err
		}); err != nil {
			return refused(fmt.Sprintf("listener %s/%d", l.Protocol, l.Port), err)
		}
		progress.Step(ctx, "listeners", fmt.Sprintf("listener %s/%d ACTIVE", l.Protocol, l.Port))
		var pool *pools.Pool
		if err := whenActive(ctx, svc, lb.ID, "listeners", timeout, func(ctx context.Context) (err error) {
			pool, err = pools.Create(ctx, svc.LoadBalancer, pools.CreateOpts{ListenerID: li.ID, Name: name + "-pool",
				Protocol: pools.Protocol(l.Protocol), LBMethod: algorithm}).Extract()
			return err
		}); err != nil {
			return refused(fmt.Sprintf("pool of listener %s/%d", l.Protocol, l.Port), err)
		}
		for _, t := range targets {
			if err := whenActive(ctx, svc, lb.ID, "members", timeout, func(ctx context.Context) error {
				return pools.CreateMember(ctx, svc.LoadBalancer, pool.ID, pools.CreateMemberOpts{Name: t.name,
					Address: t.addr, ProtocolPort: t.port, SubnetID: t.subnet}).Err
			}); err != nil {
				return refused(fmt.Sprintf("member %s (%s:%d)", t.name, t.addr, t.port), err)
			}
			progress.Step(ctx, "members", fmt.Sprintf("member %s %s:%d ACTIVE", t.name, t.addr, t.port))
		}
		if m := a.Monitor; m != nil {
			interval := m.Interval
			if interval == 0 {
				interval = 5
			}
			opts := monitors.CreateOpts{PoolID: pool.ID, Type: m.Type, Delay: interval, Timeout: interval, MaxRetries: 3}
			if m.Type == "HTTP" || m.Type == "HTTPS" {
				opts.URLPath = m.URLPath
				if opts.URLPath == "" {
					opts.URLPath = "/"
				}
			}
			if err := whenActive(ctx, svc, lb.ID, "health monitor", timeout, func(ctx context.Context) error {
				return monitors.Create(ctx, svc.LoadBalancer, opts).Err
			}); err != nil {
				return refused("health monitor", err)
			}
			progress.Step(ctx, "health monitor", "health monitor "+m.Type+" ACTIVE")
		}
	}
	if floatingNet != "" {
		fresh, err := loadbalancers.Get(ctx, svc.LoadBalancer, lb.ID).Extract()
		if err != nil {
			return err
		}
		fip, err := floatingips.Create(ctx, svc.Network, floatingips.CreateOpts{FloatingNetworkID: floatingNet, PortID: fresh.VipPortID,
			Description: "load balancer " + lb.Name}).Extract()
		if err != nil {
			return refused("floating IP", err)
		}
		progress.Step(ctx, "floating IP", "floating IP "+fip.FloatingIP)
	}
	return nil
}

// takeBack deletes a load balancer a create could not finish, so nothing is
// left behind, and says so (or says what remains). Octavia refuses to
// delete one under change (PENDING_*: a 409), as a create that failed or
// was cancelled while waiting leaves it: it waits first for the change to
// end, for as long as the call could wait (timeout) within kit.Undo's
// bound, not cancelled with the call.
func takeBack(ctx context.Context, svc *client.Services, id string, timeout time.Duration, cause error) error {
	ctx, cancel := kit.Undo(ctx)
	defer cancel()
	e := fault.Classify(cause)
	remains := func(why string) error {
		return fault.Errorf(e.Code, "%s; load balancer %s remains (%s)", e.Message, id, why).
			WithHint("delete_load_balancer " + id + " once get_load_balancer shows it ACTIVE or ERROR")
	}
	last, err := svc.Cloud.Wait(ctx, client.WaitFor{Kind: "load balancer", ID: id, Until: []string{"ACTIVE", "ERROR"}, Timeout: timeout,
		Poll: func(ctx context.Context) (client.State, error) {
			lb, err := loadbalancers.Get(ctx, svc.LoadBalancer, id).Extract()
			if err != nil {
				return client.State{}, err
			}
			return client.State{Status: lb.ProvisioningStatus, Task: "deleted once it settles"}, nil
		},
		Step: func(client.State) string { return "taking back" }})
	switch {
	case last.Gone:
		e.Message += "; the load balancer " + id + " made for it is gone: nothing is left behind"
		return e
	case err != nil && strings.HasPrefix(last.Status, "PENDING_"):
		return remains("it stayed " + last.Status + ", which Octavia does not delete")
	case err != nil:
		return remains("waiting to delete it failed: " + fault.Classify(err).Message)
	}
	if err := loadbalancers.Delete(ctx, svc.LoadBalancer, id, loadbalancers.DeleteOpts{Cascade: true}).Err; err != nil {
		return remains("its delete failed: " + fault.Classify(err).Message)
	}
	e.Message += "; the load balancer " + id + " made for it is being deleted (cascade): nothing is left behind"
	return e
}

// protocolFamily is what a listener's port is taken on: UDP or TCP.
func protocolFamily(p string) string {
	if p == "UDP" {
		return "UDP"
	}
	return "TCP"
}

// vipSubnet is the network's first IPv4 subnet: where the VIP's address is.
func vipSubnet(ctx context.Context, svc *client.Services, nw *kit.NeutronNetwork) (string, error) {
	sns, err := kit.All(ctx, subnets.List(svc.Network, subnets.ListOpts{NetworkID: nw.ID, IPVersion: 4}), subnets.ExtractSubnets)
	if err != nil {
		return "", err
	}
	if len(sns) == 0 {
		return "", fault.Errorf(fault.CodeInvalidArgument, "network %s has no IPv4 subnet for the load balancer's address", nw.Name).
			WithHint("create_network makes a network with its subnet")
	}
	return sns[0].ID, nil
}

// memberTarget finds a server's address on the VIP's network, refusing a
// server with none there and naming the networks it is on.
func memberTarget(ctx context.Context, svc *client.Services, ref string, nw *kit.NeutronNetwork) (target, error) {
	srv, err := kit.Server(ctx, svc, ref)
	if err != nil {
		return target{}, err
	}
	ps, err := kit.All(ctx, ports.List(svc.Network, ports.ListOpts{DeviceID: srv.ID}), ports.ExtractPorts)
	if err != nil {
		return target{}, err
	}
	for _, p := range ps {
		if p.NetworkID != nw.ID {
			continue
		}
		for _, ip := range p.FixedIPs {
			if a, err := netip.ParseAddr(ip.IPAddress); err == nil && a.Is4() {
				return target{name: srv.Name, addr: ip.IPAddress, subnet: ip.SubnetID}, nil
			}
		}
	}
	on := make([]string, 0, len(srv.Addresses))
	for name := range srv.Addresses {
		on = append(on, name)
	}
	sort.Strings(on)
	return target{}, fault.Errorf(fault.CodeInvalidArgument, "server %s has no address on network %s (it is on %s)",
		srv.Name, nw.Name, strings.Join(on, ", ")).WithHint("put the load balancer on the servers' network, or members on " + nw.Name)
}
