package client

import (
	"slices"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/tokens"
)

// catalogOnly makes endpoint lookups read the token's catalog and nothing
// else. gophercloud's own lookup GETs the version document of every
// unversioned endpoint (Glance's, Neutron's) to check its major version: a
// request per service at connect, for APIs that have had one major version
// for a decade. The microversioned services are asked on first use
// (versionTransport). Without a v3 catalog (v2 auth) gophercloud's stays.
func catalogOnly(pc *gophercloud.ProviderClient) {
	cat := serviceCatalog(pc)
	if cat == nil {
		return
	}
	pc.EndpointLocator = func(eo gophercloud.EndpointOpts) (string, error) {
		return catalogEndpoint(cat, eo)
	}
}

// catalogEndpoint is the first endpoint of the catalog with eo's service
// type, name, interface and region (by name or id), as keystoneauth and
// gophercloud pick one.
func catalogEndpoint(cat *tokens.ServiceCatalog, eo gophercloud.EndpointOpts) (string, error) {
	for _, entry := range cat.Entries {
		if !slices.Contains(eo.Types(), entry.Type) || (eo.Name != "" && entry.Name != eo.Name) {
			continue
		}
		for _, ep := range entry.Endpoints {
			if gophercloud.Availability(ep.Interface) != eo.Availability {
				continue
			}
			if eo.Region != "" && ep.Region != eo.Region && ep.RegionID != eo.Region {
				continue
			}
			return gophercloud.NormalizeURL(ep.URL), nil
		}
	}
	return "", &gophercloud.ErrEndpointNotFound{}
}
