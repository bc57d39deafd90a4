package compute

import (
	"context"

	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/networks"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
)

// resolveNetwork finds a network by ID, or by unique exact name with
// Neutron's name filter.
func resolveNetwork(ctx context.Context, svc *client.Services, ref string) (client.Candidate, error) {
	return client.Resolve(ctx, "network", ref,
		func(ctx context.Context, id string) (client.Candidate, error) {
			n, err := networks.Get(ctx, svc.Network, id).Extract()
			if err != nil {
				return client.Candidate{}, err
			}
			return client.Candidate{ID: n.ID, Name: n.Name}, nil
		},
		func(ctx context.Context, name string) ([]client.Candidate, error) {
			pages, err := networks.List(svc.Network, networks.ListOpts{Name: name}).AllPages(ctx)
			if err != nil {
				return nil, err
			}
			ns, err := networks.ExtractNetworks(pages)
			var cands []client.Candidate
			for _, n := range ns {
				cands = append(cands, client.Candidate{ID: n.ID, Name: n.Name})
			}
			return cands, err
		})
}
