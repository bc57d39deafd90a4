package compute

import (
	"context"

	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/layer3/floatingips"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// Kept is what outlives a deleted server and is still billed: a floating
// IP Neutron keeps allocated, a volume Nova detaches and keeps.
type Kept struct {
	Kind    string `json:"kind" jsonschema:"enum=floating_ip,enum=volume"`
	ID      string `json:"id"`
	Address string `json:"address,omitempty"`
}

// keptAfter lists what stays when server s goes: its floating IPs, and its
// volumes but those Nova deletes with it (delete_on_termination). A
// failed look-up of floating IPs leaves them out: the delete does not wait on it.
func keptAfter(ctx context.Context, svc *client.Services, s *kit.NovaServer) []Kept {
	var out []Kept
	for _, v := range s.AttachedVolumes {
		if !v.DeleteOnTermination {
			out = append(out, Kept{Kind: "volume", ID: v.ID})
		}
	}
	ps, err := kit.All(ctx, ports.List(svc.Network, ports.ListOpts{DeviceID: s.ID}), ports.ExtractPorts)
	if err != nil {
		return out
	}
	for _, p := range ps {
		fips, err := kit.All(ctx, floatingips.List(svc.Network, floatingips.ListOpts{PortID: p.ID}), floatingips.ExtractFloatingIPs)
		if err != nil {
			continue
		}
		for _, f := range fips {
			out = append(out, Kept{Kind: "floating_ip", ID: f.ID, Address: f.FloatingIP})
		}
	}
	return out
}

// deleteServer runs act (a delete) on the server ref names; the result
// says what stays billed.
func deleteServer(ctx context.Context, svc *client.Services, ref string, w kit.Waiting, act action) (Success, error) {
	s, err := kit.Server(ctx, svc, ref)
	if err != nil {
		return Success{}, err
	}
	kept := keptAfter(ctx, svc, s)
	out, err := act.run(ctx, svc, s.ID, w)
	out.Kept = kept
	return out, err
}
