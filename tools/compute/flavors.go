package compute

import (
	"context"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/flavors"
	"github.com/gophercloud/gophercloud/v2/pagination"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/listing"
)

// Flavor is a server size as the spec shows it. RAM is in MiB, disk in GB.
type Flavor struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	VCPUs    int    `json:"vcpus"`
	RAM      int    `json:"ram" jsonschema_description:"MiB"`
	Disk     int    `json:"disk" jsonschema_description:"GB"`
	IsPublic bool   `json:"is_public"`
}

type ListFlavorsArgs struct {
	listing.Page
}

type FlavorList struct {
	Flavors    []Flavor `json:"flavors"`
	NextMarker string   `json:"next_marker,omitempty" jsonschema_description:"Set when more exist: pass as marker."`
}

func flavorView(f flavors.Flavor) Flavor {
	return Flavor{ID: f.ID, Name: f.Name, VCPUs: f.VCPUs, RAM: f.RAM, Disk: f.Disk, IsPublic: f.IsPublic}
}

func listFlavors(c *client.Cloud) mcptool.Tool {
	return mcptool.New(mcptool.Def{Name: "list_flavors", Title: "List flavors", Effect: mcptool.Read,
		Description: "List server flavors (sizes): vCPUs, RAM in MiB, disk in GB."},
		func(ctx context.Context, a ListFlavorsArgs) (FlavorList, error) {
			s, err := c.Services(ctx)
			if err != nil {
				return FlavorList{}, err
			}
			var out []Flavor
			pager := flavors.ListDetail(s.Compute, flavors.ListOpts{Limit: a.Ask(), Marker: a.Marker, AccessType: flavors.AllAccess})
			err = pager.EachPage(ctx, func(_ context.Context, p pagination.Page) (bool, error) {
				fs, err := flavors.ExtractFlavors(p)
				for _, f := range fs {
					out = append(out, flavorView(f))
				}
				return a.Limit == 0 || len(out) <= a.Limit, err
			})
			if err != nil {
				return FlavorList{}, err
			}
			page, next := listing.Cut(a.Page, out, func(f Flavor) string { return f.ID })
			return FlavorList{Flavors: nonNil(page), NextMarker: next}, nil
		})
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

const flavorsCacheKey = "compute/flavors"

// flavorList is every flavor the project may use, cached briefly: creating
// servers by flavor name and showing servers below microversion 2.47 both
// read it.
func flavorList(ctx context.Context, c *client.Cloud, svc *client.Services) ([]flavors.Flavor, error) {
	if v, ok := c.Cache.Get(flavorsCacheKey); ok {
		return v.([]flavors.Flavor), nil
	}
	pages, err := flavors.ListDetail(svc.Compute, flavors.ListOpts{AccessType: flavors.AllAccess}).AllPages(ctx)
	if err != nil {
		return nil, err
	}
	all, err := flavors.ExtractFlavors(pages)
	if err != nil {
		return nil, err
	}
	c.Cache.Put(flavorsCacheKey, all)
	return all, nil
}

// resolveFlavor finds a flavor by ID or unique name in the cached list.
func resolveFlavor(ctx context.Context, c *client.Cloud, svc *client.Services, ref string) (flavors.Flavor, error) {
	all, err := flavorList(ctx, c, svc)
	if err != nil {
		return flavors.Flavor{}, err
	}
	cands := make([]client.Candidate, len(all))
	for i, f := range all {
		cands[i] = client.Candidate{ID: f.ID, Name: f.Name}
	}
	m, err := client.Match("flavor", ref, cands)
	if err != nil {
		return flavors.Flavor{}, err
	}
	for _, f := range all {
		if f.ID == m.ID {
			return f, nil
		}
	}
	return flavors.Flavor{}, client.Errorf(client.CodeNotFound, "no flavor %q", ref)
}
