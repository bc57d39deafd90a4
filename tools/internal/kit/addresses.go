package kit

import (
	"context"
	"net/netip"

	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/layer3/floatingips"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
)

// PublicAddresses are the floating IPs of the ports ps, then their fixed
// addresses that are not private (ext-net1's), IPv4 before IPv6: where a
// server (how to log in to it) or a name (its DNS records) points.
func PublicAddresses(ctx context.Context, svc *client.Services, ps []ports.Port) []string {
	var floating, v4, v6 []string
	for _, p := range ps {
		if fs, err := All(ctx, floatingips.List(svc.Network, floatingips.ListOpts{PortID: p.ID}), floatingips.ExtractFloatingIPs); err == nil {
			for _, f := range fs {
				floating = append(floating, f.FloatingIP)
			}
		}
		for _, a := range p.FixedIPs {
			ip, err := netip.ParseAddr(a.IPAddress)
			switch {
			case err != nil, ip.IsPrivate(), ip.IsLoopback(), ip.IsLinkLocalUnicast():
			case ip.Is4():
				v4 = append(v4, a.IPAddress)
			default:
				v6 = append(v6, a.IPAddress)
			}
		}
	}
	return append(append(append([]string{}, floating...), v4...), v6...)
}
