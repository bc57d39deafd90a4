package loadbalancer

import (
	"context"
	"fmt"

	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/listeners"
	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/loadbalancers"
	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/pools"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/networks"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/subnets"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

type memberArgs struct {
	lbRef
	Server string `json:"server" jsonschema:"required,minLength=1"`
	Port   int    `json:"port,omitempty" jsonschema:"minimum=1,maximum=65535" jsonschema_description:"The server's port; default the port of the members already there."`
	kit.Waiting
}

// MemberChange says what changed in every pool of the load balancer.
type MemberChange struct {
	Success bool     `json:"success"`
	Changed []string `json:"changed" jsonschema_description:"The pools changed, e.g. listener HTTP/80: web-1 10.0.1.5:8080; empty when nothing had to."`
}

func addMember() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "add_load_balancer_member", Title: "Add a server to a load balancer", Effect: mcptool.Write,
		Idempotent:  true,
		Description: "Add a server to every pool of a load balancer (its address on the load balancer's network); waits. Returns {success, changed}."},
		func(ctx context.Context, svc *client.Services, a memberArgs) (MemberChange, error) {
			return changeMembers(ctx, svc, a, true)
		})
}

func removeMember() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "remove_load_balancer_member", Title: "Remove a server from a load balancer", Effect: mcptool.Write,
		Idempotent:  true,
		Description: "Remove a server from every pool of a load balancer; waits. Returns {success, changed}."},
		func(ctx context.Context, svc *client.Services, a memberArgs) (MemberChange, error) {
			return changeMembers(ctx, svc, a, false)
		})
}

// changeMembers adds (or removes) the server in each pool of the load
// balancer; a pool that already has (or lacks) it is left as it is.
func changeMembers(ctx context.Context, svc *client.Services, a memberArgs, add bool) (MemberChange, error) {
	lb, err := findLB(ctx, svc, a.LoadBalancer)
	if err != nil {
		return MemberChange{}, err
	}
	nw, err := vipNetwork(ctx, svc, lb)
	if err != nil {
		return MemberChange{}, err
	}
	t, err := memberTarget(ctx, svc, a.Server, &kit.NeutronNetwork{ID: nw.ID, Name: nw.Name})
	if err != nil {
		return MemberChange{}, err
	}
	lis, err := kit.All(ctx, listeners.List(svc.LoadBalancer, listeners.ListOpts{LoadbalancerID: lb.ID}), listeners.ExtractListeners)
	if err != nil {
		return MemberChange{}, err
	}
	out := MemberChange{Success: true, Changed: []string{}}
	for _, li := range lis {
		if li.DefaultPoolID == "" {
			continue
		}
		ms, err := kit.All(ctx, pools.ListMembers(svc.LoadBalancer, li.DefaultPoolID, pools.ListMembersOpts{}), pools.ExtractMembers)
		if err != nil {
			return out, err
		}
		port := a.Port
		if port == 0 && len(ms) > 0 {
			port = ms[0].ProtocolPort
		}
		if port == 0 && add {
			return out, fault.Errorf(fault.CodeInvalidArgument, "the pool of listener %s/%d has no member to take the port from", li.Protocol, li.ProtocolPort).
				WithHint("pass port: the server's port the load balancer sends to")
		}
		var have *pools.Member
		for i := range ms {
			if ms[i].Address == t.addr && (port == 0 || ms[i].ProtocolPort == port) {
				have = &ms[i]
			}
		}
		what := fmt.Sprintf("listener %s/%d: %s %s:%d", li.Protocol, li.ProtocolPort, t.name, t.addr, port)
		switch {
		case add && have == nil:
			err = whenActive(ctx, svc, lb.ID, "members", a.Timeout(), func(ctx context.Context) error {
				return pools.CreateMember(ctx, svc.LoadBalancer, li.DefaultPoolID, pools.CreateMemberOpts{Name: t.name,
					Address: t.addr, ProtocolPort: port, SubnetID: t.subnet}).Err
			})
		case !add && have != nil:
			err = whenActive(ctx, svc, lb.ID, "members", a.Timeout(), func(ctx context.Context) error {
				return pools.DeleteMember(ctx, svc.LoadBalancer, li.DefaultPoolID, have.ID).Err
			})
		default:
			continue
		}
		if err != nil {
			return out, err
		}
		out.Changed = append(out.Changed, what)
	}
	return out, nil
}

// vipNetwork is the network of the load balancer's VIP, read from its
// subnet: a provider may report a vip_network_id Neutron does not know (the
// lab's noop network driver makes one up) while the subnet is the one asked.
func vipNetwork(ctx context.Context, svc *client.Services, lb *loadbalancers.LoadBalancer) (*networks.Network, error) {
	sn, err := subnets.Get(ctx, svc.Network, lb.VipSubnetID).Extract()
	if err != nil {
		return nil, err
	}
	return networks.Get(ctx, svc.Network, sn.NetworkID).Extract()
}
