package compute

import (
	"context"
	"sort"

	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/networks"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/listing"
)

// Network is a Neutron network. External networks (router:external) give
// floating IPs; servers attach to the others, and to shared external ones.
type Network struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Status     string `json:"status"`
	Shared     bool   `json:"shared"`
	External   bool   `json:"external"`
	Attachable bool   `json:"attachable" jsonschema_description:"A server can have a port here (create_instance's network)."`
}

type ListNetworksArgs struct {
	Name   string `json:"name,omitempty" jsonschema_description:"Exact name."`
	Status string `json:"status,omitempty" jsonschema_description:"e.g. ACTIVE"`
	listing.Page
}

type NetworkList struct {
	Networks []Network `json:"networks"`
	listing.More
}

// neutronNetwork is a network of Neutron's list, with the external-net
// extension's field, decoded once.
type neutronNetwork struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Status   string `json:"status"`
	Shared   bool   `json:"shared"`
	External bool   `json:"router:external"`
}

func networkView(n neutronNetwork) Network {
	return Network{ID: n.ID, Name: n.Name, Status: n.Status, Shared: n.Shared, External: n.External,
		Attachable: !n.External || n.Shared}
}

func listNetworks(c *client.Cloud) mcptool.Tool {
	return mcptool.New(mcptool.Def{Name: "list_networks", Title: "List networks", Effect: mcptool.Read,
		Description: "List networks, attachable ones first; external ones hold floating IPs." + listing.Paged},
		func(ctx context.Context, a ListNetworksArgs) (NetworkList, error) {
			svc, err := c.Services(ctx)
			if err != nil {
				return NetworkList{}, err
			}
			query, err := networks.ListOpts{Name: a.Name, Status: a.Status}.ToNetworkListQuery()
			if err != nil {
				return NetworkList{}, err
			}
			found, more, err := listing.Read(ctx, svc.Network, svc.Network.ServiceURL("networks")+query, "networks", a.Page,
				func(n *neutronNetwork) string { return n.ID })
			if err != nil {
				return NetworkList{}, err
			}
			page := make([]Network, len(found))
			for i, n := range found {
				page[i] = networkView(n)
			}
			// An agent taking the first network must get one it can use.
			sort.SliceStable(page, func(i, j int) bool { return page[i].Attachable && !page[j].Attachable })
			return NetworkList{Networks: page, More: more}, nil
		})
}

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
