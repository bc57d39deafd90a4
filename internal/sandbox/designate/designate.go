// Package designate is the sandbox's Designate (DNS v2): zones and their
// record sets, PENDING until the name servers have them, the project's
// quotas, and the refusals of the lab's Designate (testdata/openstack).
package designate

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Service is Designate in a sandbox's catalog, at /dns.
var Service = core.Service{Name: name, Prefix: "/dns",
	Entries: []core.CatalogEntry{{Type: "dns", Name: "designate", Path: "/dns"}},
	Fault: func(w http.ResponseWriter, _ *http.Request, status int, msg string) {
		designateFault(w, status, "not_implemented", "%s", msg)
	},
	Routes: routes}

// name is the service's, and the key of its state in a cloud.
const name = "dns"

// api is the Designate of one cloud: its handlers and its state, guarded
// by the cloud's Mu.
type api struct {
	*core.Cloud
	dns dnsState
}

// of is the Designate of c.
func of(c *core.Cloud) *api {
	return core.State(c, name, func() *api {
		s := &api{Cloud: c}
		s.dns.init(c)
		return s
	})
}

func routes(c *core.Cloud, mux *http.ServeMux) {
	s := of(c)
	s.routeZones(mux)
	s.routeRecordsets(mux)
	s.routeQuotas(mux)
}
