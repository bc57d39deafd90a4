// Package cloudkitty is the sandbox's CloudKitty (rating): it meters what
// the other services run, from every request's before and after, and rates
// it by its own Prices an hour behind, as Infomaniak bills: a server by its
// flavor, a stopped one by what it still holds, volumes by size and type,
// floating IPs and load balancers by the hour (testdata/openstack/cloudkitty-*).
package cloudkitty

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cinder"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/nova"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/octavia"
)

// Service is CloudKitty in a sandbox's catalog, at /rating.
var Service = core.Service{Name: name, Prefix: "/rating",
	Entries: []core.CatalogEntry{{Type: "rating", Name: "cloudkitty", Path: "/rating"}},
	Around:  meterUsage,
	Routes: func(c *core.Cloud, mux *http.ServeMux) {
		s := of(c)
		s.routeAPI(mux)
		s.routeHashmap(mux)
	}}

// name is the service's, and the key of its state in a cloud.
const name = "rating"

// api is the CloudKitty of one cloud: its handlers and what it metered,
// guarded by the cloud's Mu.
type api struct {
	*core.Cloud
	rating ratingState
}

func of(c *core.Cloud) *api {
	return core.State(c, name, func() *api { return &api{Cloud: c} })
}

// metered is what CloudKitty's collector reads of the services it rates.
type metered struct {
	cloud   *core.Cloud
	compute *nova.State
	volume  *cinder.State
	network *neutron.State
	lb      *octavia.State
}

func (s *api) metered() metered {
	c := s.Cloud
	return metered{cloud: c, compute: nova.Of(c), volume: cinder.Of(c), network: neutron.Of(c), lb: octavia.Of(c)}
}
