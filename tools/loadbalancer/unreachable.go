package loadbalancer

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/loadbalancers"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/security/groups"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/security/rules"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/subnets"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

type member struct {
	addr string
	port int
}

// unreachableMembers warns of each member whose security groups let no
// traffic from the load balancer's VIP reach its port: the members'
// health checks and requests would fail. Each thing is read once: the
// VIP's subnet and port, the ports of its network, and the rules (and, for
// a warning, the name) of each group, however many members share it.
func unreachableMembers(ctx context.Context, svc *client.Services, lb *loadbalancers.LoadBalancer, members []member) ([]string, error) {
	if len(members) == 0 {
		return nil, nil
	}
	vip, _ := netip.ParseAddr(lb.VipAddress)
	// The load balancer's traffic comes from its subnet (an amphora's own
	// address there, not the VIP): a rule from the subnet lets it in. The
	// subnet, not vip_network_id, says the network (vipNetwork).
	sn, err := subnets.Get(ctx, svc.Network, lb.VipSubnetID).Extract()
	if err != nil {
		return nil, err
	}
	var vipGroups []string
	if p, err := ports.Get(ctx, svc.Network, lb.VipPortID).Extract(); err == nil {
		vipGroups = p.SecurityGroups
	}
	onNetwork, err := kit.All(ctx, ports.List(svc.Network, ports.ListOpts{NetworkID: sn.NetworkID}), ports.ExtractPorts)
	if err != nil {
		return nil, err
	}
	ruled := map[string][]rules.SecGroupRule{}
	ingress := func(group string) ([]rules.SecGroupRule, error) {
		if rs, ok := ruled[group]; ok {
			return rs, nil
		}
		rs, err := kit.All(ctx, rules.List(svc.Network, rules.ListOpts{SecGroupID: group, Direction: "ingress"}), rules.ExtractRules)
		ruled[group] = rs
		return rs, err
	}
	named := map[string]string{}
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
			rs, err := ingress(g)
			if err != nil {
				return nil, err
			}
			if slices.ContainsFunc(rs, func(r rules.SecGroupRule) bool { return admits(r, vip, vipGroups, m.port) }) {
				admitted = true
				break
			}
		}
		if !admitted {
			out = append(out, fmt.Sprintf("no security group of member %s (%s) lets tcp/%d in from the load balancer (%s): "+
				"add_security_group_rule on one of them, e.g. tcp/%d from %s", m.addr, groupNames(ctx, svc, onNetwork[i].SecurityGroups, named),
				m.port, lb.VipAddress, m.port, sn.CIDR))
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

// groupNames names the groups of ids, each asked once of the cloud across
// the calls that share named (its ID when it cannot be read).
func groupNames(ctx context.Context, svc *client.Services, ids []string, named map[string]string) string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		name, ok := named[id]
		if !ok {
			name = id
			if g, err := groups.Get(ctx, svc.Network, id).Extract(); err == nil {
				name = g.Name
			}
			named[id] = name
		}
		names = append(names, name)
	}
	return "groups " + strings.Join(names, ", ")
}
