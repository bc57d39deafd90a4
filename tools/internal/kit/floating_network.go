package kit

import (
	"context"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/external"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/networks"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// FloatingNetwork is the external network a floating IP (or a router's
// gateway) comes from: ref when given (it must be external), else the
// cloud's one external network that is not shared (ext-floating1 on
// Infomaniak), or its only external network when that one is shared (a
// lab's "public"). choose is the argument that names one, which the errors
// tell the caller to give or leave out.
func FloatingNetwork(ctx context.Context, s *client.Services, ref, choose string) (*NeutronNetwork, error) {
	ext := true
	all, err := All(ctx, networks.List(s.Network, external.ListOptsExt{ListOptsBuilder: networks.ListOpts{}, External: &ext}), ExtractNetworks)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(all))
	for i, n := range all {
		names[i] = n.Name
	}
	if ref != "" {
		n, err := Network(ctx, s, ref)
		if err != nil {
			return nil, err
		}
		for i := range all {
			if all[i].ID == n.ID {
				return &all[i], nil
			}
		}
		return nil, fault.Errorf(fault.CodeInvalidArgument, "network %s is not external: floating IPs come from an external network (%s)",
			n.Name, orNone(names)).WithHint("omit " + choose + " to use the default one")
	}
	var pools []*NeutronNetwork
	for i := range all {
		if !all[i].Shared {
			pools = append(pools, &all[i])
		}
	}
	switch {
	case len(pools) == 1:
		return pools[0], nil
	case len(pools) == 0 && len(all) == 1:
		return &all[0], nil
	case len(all) == 0:
		return nil, fault.Errorf(fault.CodeNotFound, "this cloud has no external network to take a floating IP from").
			WithHint("list_networks shows the networks there are: an external one is the cloud operator's to make")
	}
	return nil, fault.Errorf(fault.CodeAmbiguous, "several external networks hold floating IPs: %s", strings.Join(names, ", ")).
		WithHint("say which with " + choose)
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
