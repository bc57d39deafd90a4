package network

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/layer3/routers"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/networks"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/subnets"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/progress"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// A private network as Infomaniak documents it: a network, its subnet, and a
// router from the subnet to the external network (SNAT to the internet, and
// what a floating IP needs), each named after the network.

type createNetworkArgs struct {
	Name            string `json:"name" jsonschema:"required,minLength=1,maxLength=255"`
	CIDR            string `json:"cidr,omitempty" jsonschema_description:"The subnet, e.g. 10.1.0.0/24; default a /24 of 10.0.0.0/8 no subnet of the project overlaps."`
	Router          *bool  `json:"router,omitempty" jsonschema:"default=true" jsonschema_description:"A router to the external network, so servers reach the internet and floating IPs work."`
	ExternalNetwork string `json:"external_network,omitempty" jsonschema_description:"The router's external network; omit for the default (ext-floating1)."`
}

// PrivateNetwork is what create_network made.
type PrivateNetwork struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	SubnetID        string `json:"subnet_id"`
	Subnet          string `json:"subnet" jsonschema_description:"The subnet's name."`
	CIDR            string `json:"cidr"`
	GatewayIP       string `json:"gateway_ip"`
	RouterID        string `json:"router_id,omitempty"`
	Router          string `json:"router,omitempty"`
	ExternalNetwork string `json:"external_network,omitempty"`
	Internet        bool   `json:"internet" jsonschema_description:"Its servers reach the internet (through the router)."`
}

func createNetwork() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "create_network", Title: "Create a private network", Effect: mcptool.Write,
		Description: "Create a private network with its subnet and, unless router=false, a router to the external network " +
			"(servers reach the internet; floating IPs work). Returns the new network with its subnet and router."},
		func(ctx context.Context, svc *client.Services, a createNetworkArgs) (PrivateNetwork, error) {
			withRouter := a.Router == nil || *a.Router
			cidr, err := freeCIDR(ctx, svc, a.CIDR)
			if err != nil {
				return PrivateNetwork{}, err
			}
			var ext *kit.NeutronNetwork
			if withRouter {
				if ext, err = kit.FloatingNetwork(ctx, svc, a.ExternalNetwork, "external_network"); err != nil {
					return PrivateNetwork{}, err
				}
			}
			ctx = progress.Plan(ctx, "network", "subnet", "router", "done")
			nw, err := client.CreateNamed(ctx, "network", a.Name, false,
				func(ctx context.Context) (*networks.Network, error) {
					return networks.Create(ctx, svc.Network, networks.CreateOpts{Name: a.Name}).Extract()
				},
				func(ctx context.Context) ([]networks.Network, error) {
					return kit.All(ctx, networks.List(svc.Network, networks.ListOpts{Name: a.Name}), networks.ExtractNetworks)
				},
				func(n *networks.Network) client.Named {
					return client.Named{ID: n.ID, Name: n.Name, Created: n.CreatedAt}
				})
			if err != nil {
				return PrivateNetwork{}, err
			}
			made := []string{"network " + nw.ID}
			undo := func(err error) (PrivateNetwork, error) {
				return PrivateNetwork{}, undoNetwork(ctx, svc, nw.ID, made, err)
			}
			progress.Step(ctx, "network", "network "+a.Name+" made")
			sn, err := subnets.Create(ctx, svc.Network, subnets.CreateOpts{NetworkID: nw.ID, Name: a.Name + "-subnet",
				CIDR: cidr.String(), IPVersion: 4}).Extract()
			if err != nil {
				return undo(err)
			}
			made = append(made, "subnet "+sn.ID)
			progress.Step(ctx, "subnet", "subnet "+sn.CIDR+" made")
			out := PrivateNetwork{ID: nw.ID, Name: nw.Name, SubnetID: sn.ID, Subnet: sn.Name, CIDR: sn.CIDR, GatewayIP: sn.GatewayIP}
			if withRouter {
				rt, err := routers.Create(ctx, svc.Network, routers.CreateOpts{Name: a.Name + "-router",
					GatewayInfo: &routers.GatewayInfo{NetworkID: ext.ID}}).Extract()
				if err != nil {
					return undo(err)
				}
				made = append(made, "router "+rt.ID)
				if _, err := routers.AddInterface(ctx, svc.Network, rt.ID, routers.AddInterfaceOpts{SubnetID: sn.ID}).Extract(); err != nil {
					return undo(err)
				}
				out.RouterID, out.Router, out.ExternalNetwork, out.Internet = rt.ID, rt.Name, ext.Name, true
				progress.Step(ctx, "router", "router "+rt.Name+" to "+ext.Name+" made")
			}
			progress.Step(ctx, "done", "network "+a.Name+" ready")
			return out, nil
		})
}

// undoNetwork takes back what a create_network that failed made (made says
// what, in order), and says what remains if that fails too.
func undoNetwork(ctx context.Context, svc *client.Services, networkID string, made []string, cause error) error {
	ctx, cancel := kit.Undo(ctx)
	defer cancel()
	left, err := takeDownNetwork(ctx, svc, networkID)
	e := fault.Classify(cause)
	if err != nil {
		e = fault.Errorf(e.Code, "%s; what it made could not all be deleted (%s): %s remain", e.Message,
			fault.Classify(err).Message, strings.Join(made, ", ")).WithHint("delete_network " + networkID + " deletes them")
		return e
	}
	e.Message += fmt.Sprintf("; nothing was left behind (%s deleted)", strings.Join(left, ", "))
	return e
}

// freeCIDR is cidr checked, or the first /24 of 10.0.0.0/8 that no subnet of
// the project overlaps.
func freeCIDR(ctx context.Context, svc *client.Services, cidr string) (netip.Prefix, error) {
	all, err := kit.All(ctx, subnets.List(svc.Network, subnets.ListOpts{}), subnets.ExtractSubnets)
	if err != nil {
		return netip.Prefix{}, err
	}
	taken := make([]netip.Prefix, 0, len(all))
	for _, s := range all {
		if p, err := netip.ParsePrefix(s.CIDR); err == nil {
			taken = append(taken, p)
		}
	}
	overlaps := func(p netip.Prefix) string {
		for i, t := range taken {
			if t.Overlaps(p) {
				return all[i].Name + " " + all[i].CIDR
			}
		}
		return ""
	}
	if cidr != "" {
		p, err := netip.ParsePrefix(cidr)
		if err != nil || !p.Addr().Is4() || p.Bits() > 29 {
			return netip.Prefix{}, fault.Errorf(fault.CodeInvalidArgument, "cidr %q is not an IPv4 network of at least 8 addresses", cidr).
				WithHint("pass e.g. 10.1.0.0/24, or omit cidr for a free /24")
		}
		if o := overlaps(p.Masked()); o != "" {
			return netip.Prefix{}, fault.Errorf(fault.CodeConflict, "cidr %s overlaps the subnet %s", p.Masked(), o).
				WithHint("omit cidr for a free /24")
		}
		return p.Masked(), nil
	}
	for i := 0; i < 1<<16; i++ {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)
		if overlaps(p) == "" {
			return p, nil
		}
	}
	return netip.Prefix{}, fault.Errorf(fault.CodeConflict, "no /24 of 10.0.0.0/8 is free in this project").WithHint("pass cidr")
}

type deleteNetworkArgs struct {
	Network string `json:"network" jsonschema:"required,minLength=1"`
}

// NetworkDeleted says what delete_network removed.
type NetworkDeleted struct {
	Success bool     `json:"success"`
	ID      string   `json:"id"`
	Deleted []string `json:"deleted" jsonschema_description:"What went, e.g. router web-router."`
}

func deleteNetwork() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_network", Title: "Delete a private network", Effect: mcptool.Destructive,
		Idempotent: true, Ask: askDeleteNetwork(),
		Description: "Delete a private network with what create_network made: the router's interface, the router (when it serves " +
			"nothing else), the subnets. Refused while servers or load balancers are on it. Returns {success, id, deleted}."},
		func(ctx context.Context, svc *client.Services, a deleteNetworkArgs) (NetworkDeleted, error) {
			nw, err := kit.Network(ctx, svc, a.Network)
			if err != nil {
				return NetworkDeleted{}, err
			}
			if nw.External || nw.Shared {
				return NetworkDeleted{}, fault.Errorf(fault.CodeInvalidArgument, "%s is not a private network of this project", nw.Name).
					WithHint("list_networks shows the project's private networks")
			}
			users, err := networkUsers(ctx, svc, nw.ID)
			if err != nil {
				return NetworkDeleted{}, err
			}
			if len(users) > 0 {
				return NetworkDeleted{}, fault.Errorf(fault.CodeConflict, "network %s is in use by %s", nw.Name, strings.Join(users, ", ")).
					WithHint("delete them (or move them) first, then delete the network")
			}
			deleted, err := takeDownNetwork(ctx, svc, nw.ID)
			if err != nil {
				return NetworkDeleted{}, err
			}
			return NetworkDeleted{Success: true, ID: nw.ID, Deleted: deleted}, nil
		})
}

func askDeleteNetwork() mcptool.Question {
	return kit.Ask(func(ctx context.Context, svc *client.Services, a deleteNetworkArgs) (string, error) {
		nw, err := kit.Network(ctx, svc, a.Network)
		if err != nil {
			return "", err
		}
		rts, err := networkRouters(ctx, svc, nw.ID)
		if err != nil {
			return "", err
		}
		what := "its subnets"
		if len(rts) > 0 {
			names := make([]string, len(rts))
			for i, r := range rts {
				names[i] = r.Name
			}
			what += " and its router interface (router " + strings.Join(names, ", ") + ", deleted if it serves nothing else)"
		}
		return fmt.Sprintf("Delete network %s (%s), %s?", nw.Name, nw.ID, what), nil
	})
}

// networkUsers names the servers and load balancers with a port on a
// network: "server web-1 (id)", "load balancer web (id)".
func networkUsers(ctx context.Context, svc *client.Services, networkID string) ([]string, error) {
	ps, err := kit.All(ctx, ports.List(svc.Network, ports.ListOpts{NetworkID: networkID}), ports.ExtractPorts)
	if err != nil {
		return nil, err
	}
	var users []string
	seen := map[string]bool{}
	for _, p := range ps {
		if seen[p.DeviceID] {
			continue
		}
		seen[p.DeviceID] = true
		switch {
		case strings.HasPrefix(p.DeviceOwner, "compute:"):
			name := p.DeviceID
			if srv, err := kit.Server(ctx, svc, p.DeviceID); err == nil {
				name = srv.Name + " (" + srv.ID + ")"
			}
			users = append(users, "server "+name)
		case p.DeviceOwner == "Octavia" || strings.HasPrefix(p.DeviceID, "lb-"):
			users = append(users, "load balancer "+strings.TrimPrefix(p.DeviceID, "lb-"))
		case p.DeviceOwner == "network:router_interface" || strings.HasPrefix(p.DeviceOwner, "network:"):
		default:
			users = append(users, "port "+p.ID)
		}
	}
	return users, nil
}

// networkRouters are the routers with an interface on the network.
func networkRouters(ctx context.Context, svc *client.Services, networkID string) ([]routers.Router, error) {
	ps, err := kit.All(ctx, ports.List(svc.Network, ports.ListOpts{NetworkID: networkID, DeviceOwner: "network:router_interface"}), ports.ExtractPorts)
	if err != nil {
		return nil, err
	}
	var out []routers.Router
	for _, p := range ps {
		rt, err := routers.Get(ctx, svc.Network, p.DeviceID).Extract()
		if err != nil {
			return nil, err
		}
		out = append(out, *rt)
	}
	return out, nil
}

// takeDownNetwork removes a network's router interfaces (and each router
// left serving nothing), its subnets and the network, and says what went.
func takeDownNetwork(ctx context.Context, svc *client.Services, networkID string) ([]string, error) {
	var gone []string
	rts, err := networkRouters(ctx, svc, networkID)
	if err != nil {
		return gone, err
	}
	sns, err := kit.All(ctx, subnets.List(svc.Network, subnets.ListOpts{NetworkID: networkID}), subnets.ExtractSubnets)
	if err != nil {
		return gone, err
	}
	for _, rt := range rts {
		for _, sn := range sns {
			_, err := routers.RemoveInterface(ctx, svc.Network, rt.ID, routers.RemoveInterfaceOpts{SubnetID: sn.ID}).Extract()
			if err != nil && neutronError(err) != "RouterInterfaceNotFoundForSubnet" {
				return gone, err
			}
		}
		gone = append(gone, "router interface "+rt.Name)
		left, err := kit.All(ctx, ports.List(svc.Network, ports.ListOpts{DeviceID: rt.ID, DeviceOwner: "network:router_interface"}), ports.ExtractPorts)
		if err != nil {
			return gone, err
		}
		if len(left) == 0 {
			if err := neutronDelete(ctx, svc, "routers", rt.ID); err != nil {
				return gone, err
			}
			gone = append(gone, "router "+rt.Name)
		}
	}
	for _, sn := range sns {
		if err := neutronDelete(ctx, svc, "subnets", sn.ID); err != nil {
			return gone, err
		}
		gone = append(gone, "subnet "+sn.Name)
	}
	if err := neutronDelete(ctx, svc, "networks", networkID); err != nil {
		return gone, err
	}
	return append(gone, "network "+networkID), nil
}
