package network

import (
	"context"
	"sort"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/layer3/routers"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/networks"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/subnets"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// Network is a Neutron network. External networks (router:external) hold
// floating IPs; servers attach to the others, and to shared external ones.
type Network struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Status     string   `json:"status"`
	Shared     bool     `json:"shared"`
	External   bool     `json:"external"`
	Attachable bool     `json:"attachable" jsonschema_description:"A server can have a port here (create_instance's network)."`
	Subnets    []string `json:"subnets,omitempty" jsonschema_description:"The CIDRs of its subnets."`
	Router     string   `json:"router,omitempty" jsonschema_description:"The router of a private network."`
	CreatedAt  string   `json:"created_at,omitempty"`
	Internet   bool     `json:"internet" jsonschema_description:"Its servers reach the internet: external, or routed to an external network."`
}

type listNetworksArgs struct {
	Name   string `json:"name,omitempty" jsonschema_description:"Part of the name, any case."`
	Status string `json:"status,omitempty"`
	kit.Page
}

type NetworkList struct {
	Networks []Network `json:"networks"`
	kit.More
}

func listNetworks() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_networks", Title: "List networks", Effect: mcptool.Read,
		Description: "List networks, attachable first."},
		func(ctx context.Context, svc *client.Services, a listNetworksArgs) (NetworkList, error) {
			query, err := networks.ListOpts{Status: strings.ToUpper(a.Status)}.ToNetworkListQuery()
			if err != nil {
				return NetworkList{}, err
			}
			page, more, err := kit.ReadNamed(ctx, svc.Network, svc.Network.ServiceURL("networks")+query, "networks", a.Page, a.Name,
				func(n *kit.NeutronNetwork) string { return n.Name }, func(n *kit.NeutronNetwork) string { return n.ID })
			if err != nil {
				return NetworkList{}, err
			}
			cidrs, err := subnetCIDRs(ctx, svc)
			if err != nil {
				return NetworkList{}, err
			}
			routed, err := routedNetworks(ctx, svc)
			if err != nil {
				return NetworkList{}, err
			}
			out := kit.Views(page, func(n kit.NeutronNetwork) Network {
				rt := routed[n.ID]
				return Network{ID: n.ID, Name: n.Name, Status: n.Status, Shared: n.Shared, External: n.External,
					Attachable: n.Attachable(), Subnets: cidrs[n.ID], Router: rt.name, Internet: n.External || rt.gateway,
					CreatedAt: n.CreatedAt}
			})
			// An agent taking the first network must get one it can use (a
			// real Neutron may list ext-floating1 first).
			sort.SliceStable(out, func(i, j int) bool { return out[i].Attachable && !out[j].Attachable })
			return NetworkList{Networks: out, More: more}, nil
		})
}

// networkRouter is the router of a network, and whether it has a gateway.
type networkRouter struct {
	name    string
	gateway bool
}

// routedNetworks maps each network with a router interface to its router,
// from two lists.
func routedNetworks(ctx context.Context, svc *client.Services) (map[string]networkRouter, error) {
	ifaces, err := kit.All(ctx, ports.List(svc.Network, ports.ListOpts{DeviceOwner: "network:router_interface"}), ports.ExtractPorts)
	if err != nil {
		return nil, err
	}
	rts, err := kit.All(ctx, routers.List(svc.Network, routers.ListOpts{}), routers.ExtractRouters)
	if err != nil {
		return nil, err
	}
	byID := map[string]routers.Router{}
	for _, r := range rts {
		byID[r.ID] = r
	}
	m := map[string]networkRouter{}
	for _, p := range ifaces {
		if r, ok := byID[p.DeviceID]; ok && (!m[p.NetworkID].gateway || m[p.NetworkID].name == "") {
			m[p.NetworkID] = networkRouter{name: r.Name, gateway: r.GatewayInfo.NetworkID != ""}
		}
	}
	return m, nil
}

// subnetCIDRs maps each network's ID to its subnets' CIDRs, from one list.
func subnetCIDRs(ctx context.Context, svc *client.Services) (map[string][]string, error) {
	all, err := kit.All(ctx, subnets.List(svc.Network, subnets.ListOpts{}), subnets.ExtractSubnets)
	if err != nil {
		return nil, err
	}
	m := map[string][]string{}
	for _, s := range all {
		m[s.NetworkID] = append(m[s.NetworkID], s.CIDR)
	}
	return m, nil
}

// Subnet is a Neutron subnet: where a port's fixed addresses come from
// (decoded from Neutron's list as is).
type Subnet struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	NetworkID  string `json:"network_id"`
	CIDR       string `json:"cidr"`
	IPVersion  int    `json:"ip_version"`
	GatewayIP  string `json:"gateway_ip,omitempty"`
	EnableDHCP bool   `json:"enable_dhcp"`
	CreatedAt  string `json:"created_at,omitempty"`
}

type listSubnetsArgs struct {
	NetworkID string `json:"network_id,omitempty"`
	kit.Page
}

type SubnetList struct {
	Subnets []Subnet `json:"subnets"`
	kit.More
}

func listSubnets() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_subnets", Title: "List subnets", Effect: mcptool.Read,
		Description: "List subnets."},
		func(ctx context.Context, svc *client.Services, a listSubnetsArgs) (SubnetList, error) {
			opts := subnets.ListOpts{}
			if a.NetworkID != "" {
				n, err := kit.Network(ctx, svc, a.NetworkID)
				if err != nil {
					return SubnetList{}, err
				}
				opts.NetworkID = n.ID
			}
			query, err := opts.ToSubnetListQuery()
			if err != nil {
				return SubnetList{}, err
			}
			page, more, err := kit.Read(ctx, svc.Network, svc.Network.ServiceURL("subnets")+query, "subnets", a.Page,
				func(s *Subnet) string { return s.ID })
			if err != nil {
				return SubnetList{}, err
			}
			return SubnetList{Subnets: page, More: more}, nil
		})
}
