// Package octavia is the sandbox's Octavia (load-balancer v2, its noop
// drivers' behaviour): load balancers with their VIP ports in Neutron,
// listeners, pools, members, health monitors, the provisioning lock, quotas
// and the refusals of the lab's Octavia (testdata/openstack/octavia-*).
package octavia

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Service is Octavia in a sandbox's catalog, at /load-balancer.
var Service = core.Service{Name: name, Prefix: "/load-balancer",
	Entries: []core.CatalogEntry{{Type: "load-balancer", Name: "octavia", Path: "/load-balancer"}},
	Fault: func(w http.ResponseWriter, _ *http.Request, status int, msg string) {
		octaviaFault(w, status, "%s", msg)
	},
	Routes: func(c *core.Cloud, mux *http.ServeMux) {
		s := of(c)
		s.routeHealthMonitors(mux)
		s.routeListeners(mux)
		s.routeLoadBalancers(mux)
		s.routeMembers(mux)
		s.routeOfferings(mux)
		s.routePools(mux)
		s.routeQuotas(mux)
	}}

// name is the service's, and the key of its state in a cloud.
const name = "load-balancer"

// api is the Octavia of one cloud: its handlers and its state, guarded by
// the cloud's Mu.
type api struct {
	*core.Cloud
	lb State
}

func of(c *core.Cloud) *api {
	return core.State(c, name, func() *api {
		s := &api{Cloud: c}
		s.lb.init(c)
		return s
	})
}

// Of is the Octavia state of c, for CloudKitty's meter. The caller holds
// c.Mu to use it.
func Of(c *core.Cloud) *State { return &of(c).lb }
