package compute

import (
	"context"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/flavors"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// Flavor is a server size as the spec shows it. RAM is in MiB, disk in GB.
// Decoded straight from Nova's answer (os-flavor-access:is_public).
type Flavor struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	VCPUs    int    `json:"vcpus"`
	RAM      int    `json:"ram"`
	Disk     int    `json:"disk"`
	IsPublic bool   `json:"is_public"`
}

// novaFlavorItem is a flavor of Nova's list.
type novaFlavorItem struct {
	Flavor
	Public *bool `json:"os-flavor-access:is_public"`
}

type FlavorList struct {
	Flavors []Flavor `json:"flavors"`
	kit.More
}

func listFlavors() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_flavors", Title: "List flavors", Effect: mcptool.Read,
		Description: "List flavors (RAM MiB, disk GB)."},
		func(ctx context.Context, s *client.Services, a kit.Page) (FlavorList, error) {
			all, err := flavorList(ctx, s)
			if err != nil {
				return FlavorList{}, err
			}
			page, more, err := kit.Slice(a, all, func(f *Flavor) string { return f.ID })
			return FlavorList{Flavors: page, More: more}, err
		})
}

const flavorsCacheKey = "compute/flavors"

// maxFlavors bounds the flavors read: a cloud's flavors are a few dozen.
const maxFlavors = 10000

// flavorList is every flavor the project may use, cached briefly: flavors
// are the cloud's, changed by its operator, and read by list_flavors,
// create_instance (a flavor by name) and the view of servers below
// microversion 2.47, often many times a second by many agents.
func flavorList(ctx context.Context, svc *client.Services) ([]Flavor, error) {
	c := svc.Cloud
	if v, ok := c.Cached(flavorsCacheKey); ok {
		return v.([]Flavor), nil
	}
	query, err := flavors.ListOpts{AccessType: flavors.AllAccess}.ToFlavorListQuery()
	if err != nil {
		return nil, err
	}
	items, err := client.Collect(ctx, svc.Compute, svc.Compute.ServiceURL("flavors", "detail")+query, "flavors", "", maxFlavors,
		func(f *novaFlavorItem) string { return f.ID })
	if err != nil {
		return nil, err
	}
	all := make([]Flavor, len(items))
	for i, f := range items {
		all[i] = f.Flavor
		all[i].IsPublic = f.Public == nil || *f.Public
	}
	c.Remember(flavorsCacheKey, all)
	return all, nil
}

// resolveFlavor finds a flavor by ID or unique name in the cached list.
func resolveFlavor(ctx context.Context, svc *client.Services, ref string) (Flavor, error) {
	all, err := flavorList(ctx, svc)
	if err != nil {
		return Flavor{}, err
	}
	cands := make([]client.Candidate, len(all))
	for i, f := range all {
		cands[i] = client.Candidate{ID: f.ID, Name: f.Name}
	}
	m, err := client.Match("flavor", ref, cands)
	if err != nil {
		return Flavor{}, err
	}
	for _, f := range all {
		if f.ID == m.ID {
			return f, nil
		}
	}
	return Flavor{}, fault.Errorf(fault.CodeNotFound, "no flavor %q", ref)
}
