// Package neutron is the sandbox's Neutron (network v2.0): networks,
// subnets, subnet pools, ports, routers, security groups, floating IPs,
// address scopes and groups, tags and quotas, with the revisions, filters,
// pages and refusals of the lab's Neutron (testdata/openstack/neutron-*).
// The other services reach its state through Of: Nova's servers have their
// ports and security groups here, Octavia its VIPs.
package neutron

import (
	"crypto/rand"
	"fmt"
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Service is Neutron in a sandbox's catalog, at /network.
var Service = core.Service{Name: name, Prefix: "/network",
	Entries: []core.CatalogEntry{{Type: "network", Name: "neutron", Path: "/network"}},
	Fault: func(w http.ResponseWriter, _ *http.Request, status int, msg string) {
		neutronFault(w, status, "NotImplemented", "%s", msg)
	},
	Refuse: ifMatchRefused,
	Routes: func(c *core.Cloud, mux *http.ServeMux) {
		s := of(c)
		s.routeVersions(mux)
		s.routeAddressGroups(mux)
		s.routeAddressScopes(mux)
		s.routeDiscovery(mux)
		s.routeFloatingIPs(mux)
		s.routeIPAvailabilities(mux)
		s.routeNetworkUpdates(mux)
		s.routeNetworks(mux)
		s.routePortCreates(mux)
		s.routePorts(mux)
		s.routeQuotas(mux)
		s.routeRouterUpdates(mux)
		s.routeRouters(mux)
		s.routeSecurityGroupRules(mux)
		s.routeSecurityGroups(mux)
		s.routeSubnetPools(mux)
		s.routeSubnetUpdates(mux)
		s.routeSubnets(mux)
		s.routeTags(mux)
	}}

// name is the service's, and the key of its state in a cloud.
const name = "network"

// api is the Neutron of one cloud: its handlers and its state, guarded by
// the cloud's Mu.
type api struct {
	*core.Cloud
	network State
}

func of(c *core.Cloud) *api {
	return core.State(c, name, func() *api {
		s := &api{Cloud: c}
		s.network.init(c)
		return s
	})
}

// Of is the Neutron state of c, for the services that read or change it.
// The caller holds c.Mu to use it.
func Of(c *core.Cloud) *State { return &of(c).network }

// MAC is a port's new MAC address, in OpenStack's fa:16:3e range.
func MAC() string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("fa:16:3e:%02x:%02x:%02x", b[0], b[1], b[2])
}
