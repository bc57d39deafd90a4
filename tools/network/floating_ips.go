package network

import (
	"context"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/layer3/floatingips"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/networks"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/rating"
)

// FloatingIP is a public IPv4 address from an external network, billed while
// it is allocated, that points at a server's fixed address when associated.
type FloatingIP struct {
	ID          string `json:"id"`
	Address     string `json:"address"`
	Status      string `json:"status"`
	NetworkID   string `json:"network_id"`
	Network     string `json:"network,omitempty"`
	InstanceID  string `json:"instance_id,omitempty" jsonschema_description:"The server it points at."`
	FixedIP     string `json:"fixed_ip,omitempty" jsonschema_description:"The server's address it points at."`
	PortID      string `json:"port_id,omitempty"`
	Description string `json:"description,omitempty"`
	CreatedAt   string `json:"created_at"`
}

// neutronFIP is a floating IP with the fip-port-details extension's field.
type neutronFIP struct {
	ID          string    `json:"id"`
	Address     string    `json:"floating_ip_address"`
	NetworkID   string    `json:"floating_network_id"`
	PortID      string    `json:"port_id"`
	FixedIP     string    `json:"fixed_ip_address"`
	Status      string    `json:"status"`
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
	PortDetails *struct {
		DeviceID    string `json:"device_id"`
		DeviceOwner string `json:"device_owner"`
	} `json:"port_details"`
}

func (f neutronFIP) view(networkName string) FloatingIP {
	v := FloatingIP{ID: f.ID, Address: f.Address, Status: f.Status, NetworkID: f.NetworkID, Network: networkName,
		FixedIP: f.FixedIP, PortID: f.PortID, Description: f.Description, CreatedAt: kit.Time(f.CreatedAt)}
	if d := f.PortDetails; d != nil && strings.HasPrefix(d.DeviceOwner, "compute:") {
		v.InstanceID = d.DeviceID
	}
	return v
}

type floatingIPRef struct {
	FloatingIP string `json:"floating_ip" jsonschema:"required,minLength=1"`
}

type listFloatingIPsArgs struct {
	InstanceID string `json:"instance_id,omitempty"`
	kit.Page
}

type FloatingIPList struct {
	FloatingIPs []FloatingIP `json:"floating_ips"`
	kit.More
}

type createFloatingIPArgs struct {
	Network    string `json:"network,omitempty" jsonschema_description:"External; omit for the default."`
	InstanceID string `json:"instance_id,omitempty"`
	FixedIP    string `json:"fixed_ip,omitempty"`
}

type associateFloatingIPArgs struct {
	floatingIPRef
	InstanceID string `json:"instance_id" jsonschema:"required,minLength=1"`
	FixedIP    string `json:"fixed_ip,omitempty"`
}

func listFIPs(ctx context.Context, svc *client.Services, opts floatingips.ListOpts) ([]neutronFIP, error) {
	return kit.All(ctx, floatingips.List(svc.Network, opts), kit.ExtractAs[neutronFIP]("floatingips"))
}

func getFIP(ctx context.Context, svc *client.Services, id string) (*neutronFIP, error) {
	r := floatingips.Get(ctx, svc.Network, id)
	return kit.One[neutronFIP](r, r.Err, "floatingip")
}

// findFIP finds a floating IP by ID or by its address.
func findFIP(ctx context.Context, svc *client.Services, ref string) (*neutronFIP, error) {
	if _, err := netip.ParseAddr(ref); err == nil {
		fs, err := listFIPs(ctx, svc, floatingips.ListOpts{FloatingIP: ref})
		if err != nil {
			return nil, err
		}
		if len(fs) == 0 {
			return nil, fault.Errorf(fault.CodeNotFound, "no floating IP %s in this project", ref).
				WithHint("list_floating_ips shows the project's floating IPs")
		}
		return &fs[0], nil
	}
	return getFIP(ctx, svc, ref)
}

// networkNames maps network IDs to names, from one list.
func networkNames(ctx context.Context, svc *client.Services) (map[string]string, error) {
	all, err := kit.All(ctx, networks.List(svc.Network, networks.ListOpts{}), kit.ExtractNetworks)
	m := map[string]string{}
	for _, n := range all {
		m[n.ID] = n.Name
	}
	return m, err
}

// fipView is f's view, with its network's name.
func fipView(ctx context.Context, svc *client.Services, f *neutronFIP) (FloatingIP, error) {
	names, err := networkNames(ctx, svc)
	if err != nil {
		return FloatingIP{}, err
	}
	return f.view(names[f.NetworkID]), nil
}

func listFloatingIPs() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_floating_ips", Title: "List floating IPs", Effect: mcptool.Read,
		Description: "List floating IPs."},
		func(ctx context.Context, svc *client.Services, a listFloatingIPsArgs) (FloatingIPList, error) {
			query := url.Values{}
			if a.InstanceID != "" {
				srv, err := kit.Server(ctx, svc, a.InstanceID)
				if err != nil {
					return FloatingIPList{}, err
				}
				ps, err := serverPorts(ctx, svc, srv.ID)
				if err != nil {
					return FloatingIPList{}, err
				}
				if len(ps) == 0 {
					return FloatingIPList{FloatingIPs: []FloatingIP{}}, nil
				}
				for _, p := range ps {
					query.Add("port_id", p.ID) // Neutron ORs the values of a filter
				}
			}
			page, more, err := kit.Read(ctx, svc.Network, svc.Network.ServiceURL("floatingips")+"?"+query.Encode(), "floatingips",
				a.Page, func(f *neutronFIP) string { return f.ID })
			if err != nil {
				return FloatingIPList{}, err
			}
			names, err := networkNames(ctx, svc)
			if err != nil {
				return FloatingIPList{}, err
			}
			out := kit.Views(page, func(f neutronFIP) FloatingIP { return f.view(names[f.NetworkID]) })
			return FloatingIPList{FloatingIPs: out, More: more}, nil
		})
}

// serverPorts are a server's Neutron ports.
func serverPorts(ctx context.Context, svc *client.Services, serverID string) ([]ports.Port, error) {
	return kit.All(ctx, ports.List(svc.Network, ports.ListOpts{DeviceID: serverID}), ports.ExtractPorts)
}

// targetOf picks the port and fixed IPv4 address of a server a floating IP
// points at: fixed when given, else the server's one IPv4 address.
func targetOf(ctx context.Context, svc *client.Services, srv *kit.NovaServer, fixed string) (portID, addr string, err error) {
	ps, err := serverPorts(ctx, svc, srv.ID)
	if err != nil {
		return "", "", err
	}
	type target struct{ port, addr string }
	var v4 []target
	for _, p := range ps {
		for _, ip := range p.FixedIPs {
			if fixed != "" && ip.IPAddress == fixed {
				return p.ID, ip.IPAddress, nil
			}
			if a, err := netip.ParseAddr(ip.IPAddress); err == nil && a.Is4() {
				v4 = append(v4, target{p.ID, ip.IPAddress})
			}
		}
	}
	addrs := make([]string, len(v4))
	for i, t := range v4 {
		addrs[i] = t.addr
	}
	switch {
	case fixed != "":
		return "", "", fault.Errorf(fault.CodeInvalidArgument, "server %s has no address %s (it has %s)", srv.Name, fixed, orNone(addrs))
	case len(v4) == 1:
		return v4[0].port, v4[0].addr, nil
	case len(v4) == 0:
		return "", "", fault.Errorf(fault.CodeInvalidArgument, "server %s has no IPv4 address for a floating IP to point at", srv.Name).
			WithHint("is it still building? get_instance shows its addresses")
	}
	return "", "", fault.Errorf(fault.CodeInvalidArgument, "server %s has several IPv4 addresses (%s)", srv.Name, strings.Join(addrs, ", ")).
		WithHint("say which with fixed_ip")
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// unreachable explains Neutron's refusal of a floating IP for a server whose
// network no router connects to the floating IP's network.
func unreachable(err error, srv *kit.NovaServer, network string) error {
	if neutronError(err) != "ExternalGatewayForFloatingIPNotFound" {
		return err
	}
	return fault.Errorf(fault.CodeInvalidArgument, "server %s's network has no router to %s, so a floating IP cannot reach it (%s)",
		srv.Name, network, fault.Classify(err).Message).
		WithHint("a server on ext-net1 has public addresses of its own; otherwise put it on a network routed to " + network)
}

func createFloatingIP() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "create_floating_ip", Title: "Create a floating IP", Effect: mcptool.Write,
		Description: "Allocate a floating IP (billed), for instance_id if given."},
		rating.Priced(func(ctx context.Context, svc *client.Services, a createFloatingIPArgs) (FloatingIP, error) {
			ext, err := kit.FloatingNetwork(ctx, svc, a.Network, "network")
			if err != nil {
				return FloatingIP{}, err
			}
			opts := floatingips.CreateOpts{FloatingNetworkID: ext.ID}
			var srv *kit.NovaServer
			if a.InstanceID != "" {
				if srv, err = kit.Server(ctx, svc, a.InstanceID); err != nil {
					return FloatingIP{}, err
				}
				if opts.PortID, opts.FixedIP, err = targetOf(ctx, svc, srv, a.FixedIP); err != nil {
					return FloatingIP{}, err
				}
			}
			f, err := client.CreateOnce(ctx, "floating IP", "on "+ext.Name,
				func(ctx context.Context) (*neutronFIP, error) {
					r := floatingips.Create(ctx, svc.Network, opts)
					return kit.One[neutronFIP](r, r.Err, "floatingip")
				},
				// A lost reply: the newest floating IP of this network (and port)
				// created since the call began is ours.
				func(ctx context.Context, since time.Time) (*neutronFIP, bool, error) {
					fs, err := listFIPs(ctx, svc, floatingips.ListOpts{FloatingNetworkID: ext.ID, PortID: opts.PortID})
					var best *neutronFIP
					for i := range fs {
						if at := fs[i].CreatedAt; !at.Before(since.UTC().Truncate(time.Second)) && (best == nil || at.After(best.CreatedAt)) {
							best = &fs[i]
						}
					}
					return best, best != nil, err
				})
			if err != nil {
				if srv != nil {
					return FloatingIP{}, unreachable(err, srv, ext.Name)
				}
				return FloatingIP{}, err
			}
			return fipView(ctx, svc, f)
		}, fipItems, withEstimate))
}

func associateFloatingIP() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "associate_floating_ip", Title: "Associate a floating IP", Effect: mcptool.Write,
		Idempotent:  true,
		Description: "Associate a floating IP with a server."},
		func(ctx context.Context, svc *client.Services, a associateFloatingIPArgs) (FloatingIP, error) {
			f, err := findFIP(ctx, svc, a.FloatingIP)
			if err != nil {
				return FloatingIP{}, err
			}
			srv, err := kit.Server(ctx, svc, a.InstanceID)
			if err != nil {
				return FloatingIP{}, err
			}
			portID, addr, err := targetOf(ctx, svc, srv, a.FixedIP)
			if err != nil {
				return FloatingIP{}, err
			}
			if f.PortID == portID && f.FixedIP == addr {
				return fipView(ctx, svc, f) // already so
			}
			if f.PortID != "" {
				return FloatingIP{}, fault.Errorf(fault.CodeConflict, "floating IP %s is associated with %s",
					f.Address, holder(ctx, svc, f)).WithHint("disassociate_floating_ip first, if it should move")
			}
			r := floatingips.Update(ctx, svc.Network, f.ID, floatingips.UpdateOpts{PortID: &portID, FixedIP: addr})
			updated, err := kit.One[neutronFIP](r, r.Err, "floatingip")
			if err != nil {
				names, _ := networkNames(ctx, svc)
				return FloatingIP{}, unreachable(err, srv, names[f.NetworkID])
			}
			return fipView(ctx, svc, updated)
		})
}

// holder names what an associated floating IP points at.
func holder(ctx context.Context, svc *client.Services, f *neutronFIP) string {
	if v := f.view(""); v.InstanceID != "" {
		if s, err := kit.GetServer(ctx, svc.Compute, v.InstanceID); err == nil {
			return fmt.Sprintf("server %s (%s) at %s", s.Name, s.ID, f.FixedIP)
		}
		return fmt.Sprintf("server %s at %s", v.InstanceID, f.FixedIP)
	}
	return fmt.Sprintf("port %s at %s", f.PortID, f.FixedIP)
}

func disassociateFloatingIP() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "disassociate_floating_ip", Title: "Disassociate a floating IP", Effect: mcptool.Write,
		Idempotent:  true,
		Description: "Detach a floating IP from its server; it stays billed."},
		func(ctx context.Context, svc *client.Services, a floatingIPRef) (FloatingIP, error) {
			f, err := findFIP(ctx, svc, a.FloatingIP)
			if err != nil {
				return FloatingIP{}, err
			}
			if f.PortID != "" {
				none := ""
				r := floatingips.Update(ctx, svc.Network, f.ID, floatingips.UpdateOpts{PortID: &none})
				if f, err = kit.One[neutronFIP](r, r.Err, "floatingip"); err != nil {
					return FloatingIP{}, err
				}
			}
			return fipView(ctx, svc, f)
		})
}

// Released is delete_floating_ip's result.
type Released struct {
	Success bool   `json:"success"`
	ID      string `json:"id"`
	Address string `json:"address"`
}

func deleteFloatingIP() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_floating_ip", Title: "Release a floating IP", Effect: mcptool.Destructive,
		Idempotent: true, Ask: askRelease(),
		Description: "Release a floating IP."},
		func(ctx context.Context, svc *client.Services, a floatingIPRef) (Released, error) {
			f, err := findFIP(ctx, svc, a.FloatingIP)
			if err != nil {
				return Released{}, err
			}
			if err := neutronDelete(ctx, svc, "floatingips", f.ID); err != nil {
				return Released{}, err
			}
			return Released{Success: true, ID: f.ID, Address: f.Address}, nil
		})
}
