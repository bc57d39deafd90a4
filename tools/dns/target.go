package dns

import (
	"context"
	"net/netip"

	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/loadbalancers"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// targetSets are the A and AAAA record sets of a target's public
// addresses (typ "" for both, or one of them).
func targetSets(ctx context.Context, s *client.Services, ref, typ string) ([]wantedSet, error) {
	addrs, what, err := targetAddresses(ctx, s, ref)
	if err != nil {
		return nil, err
	}
	var v4, v6 []string
	for _, a := range addrs {
		if ip, err := netip.ParseAddr(a); err == nil && ip.Is4() {
			v4 = append(v4, a)
		} else if err == nil {
			v6 = append(v6, a)
		}
	}
	var sets []wantedSet
	if len(v4) > 0 && typ != "AAAA" {
		sets = append(sets, wantedSet{"A", v4})
	}
	if len(v6) > 0 && typ != "A" {
		sets = append(sets, wantedSet{"AAAA", v6})
	}
	if len(sets) == 0 {
		kind := map[string]string{"": "public", "A": "public IPv4", "AAAA": "public IPv6"}[typ]
		return nil, fault.Errorf(fault.CodeInvalidArgument, "%s has no %s address to put in the record", what, kind).
			WithHint("give it a floating IP (create_floating_ip), or put it on ext-net1; or pass records with the address")
	}
	return sets, nil
}

// targetAddresses are the public addresses of the server, else of the load
// balancer, ref names. A load balancer is looked for only where the cloud
// has a load-balancer service (Octavia).
func targetAddresses(ctx context.Context, s *client.Services, ref string) (addrs []string, what string, err error) {
	srv, err := kit.Server(ctx, s, ref)
	if err == nil {
		ps, err := kit.All(ctx, ports.List(s.Network, ports.ListOpts{DeviceID: srv.ID}), ports.ExtractPorts)
		if err != nil {
			return nil, "", err
		}
		return kit.PublicAddresses(ctx, s, ps), "server " + srv.Name, nil
	}
	if fault.Classify(err).Code != fault.CodeNotFound {
		return nil, "", err
	}
	lbc, lerr := s.Need(ctx, client.LoadBalancer)
	if lerr != nil {
		return nil, "", fault.Errorf(fault.CodeNotFound, "no server %s, and this cloud has no load-balancer service to look for a load balancer of that name: %s",
			ref, fault.Classify(lerr).Message).WithHint("name a server list_instances shows, or pass records with the address")
	}
	lb, lbErr := kit.Find(ctx, "load balancer", ref,
		func(ctx context.Context, id string) (*loadbalancers.LoadBalancer, error) {
			return loadbalancers.Get(ctx, lbc, id).Extract()
		},
		func(ctx context.Context, name string) ([]loadbalancers.LoadBalancer, error) {
			return kit.All(ctx, loadbalancers.List(lbc, loadbalancers.ListOpts{Name: name}), loadbalancers.ExtractLoadBalancers)
		},
		func(x *loadbalancers.LoadBalancer) client.Candidate { return client.Candidate{ID: x.ID, Name: x.Name} })
	if lbErr != nil {
		if fault.Classify(lbErr).Code == fault.CodeNotFound {
			return nil, "", fault.Errorf(fault.CodeNotFound, "no server and no load balancer %s", ref).
				WithHint(fault.Classify(err).Hint + "; or name a load balancer list_load_balancers shows, or pass records with the address")
		}
		return nil, "", lbErr
	}
	// The VIP port as the load balancer tells it, not read from Neutron: the
	// floating IPs are found by its ID, and a provider may keep the port out
	// of the project's sight (Octavia's noop driver has none).
	vip := ports.Port{ID: lb.VipPortID, FixedIPs: []ports.IP{{IPAddress: lb.VipAddress}}}
	return kit.PublicAddresses(ctx, s, []ports.Port{vip}), "load balancer " + lb.Name, nil
}
