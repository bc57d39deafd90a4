// Package nova is the sandbox's Nova (compute v2.1, microversions to
// 2.93): flavors, servers and their actions, lifecycle on the clock,
// interfaces, volume attachments, keypairs, server groups, the security
// group proxy, availability zones and quotas, as the lab's Nova answers
// them (testdata/openstack/nova-*). A server's ports are Neutron's, its
// volumes Cinder's, its image Glance's.
package nova

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Service is Nova in a sandbox's catalog, at /compute.
var Service = core.Service{Name: name, Prefix: "/compute",
	Entries: []core.CatalogEntry{{Type: "compute", Name: "nova", Path: "/compute/v2.1"}},
	Routes: func(c *core.Cloud, mux *http.ServeMux) {
		s := of(c)
		// What others read of servers moves on Nova's clock: Neutron's
		// ports settle with it, Cinder lets go of a gone server's volumes.
		c.OnTick(s.db.compute.Tick)
		s.db.volume.ServerExists = func(id string) bool { return s.db.compute.serverByID(id) != nil }
		s.routeVersions(mux)
		s.routeFlavors(mux)
		s.routeExtensions(mux)
		s.routeInstanceActions(mux)
		s.routeInterfaces(mux)
		s.routeKeypairs(mux)
		s.routeQuotas(mux)
		s.routeSecurityGroupsProxy(mux)
		s.routeServerDetails(mux)
		s.routeServerGroups(mux)
		s.routeServers(mux)
		s.routeVolumeAttachments(mux)
		s.routeZones(mux)
	}}

// name is the service's, and the key of its state in a cloud.
const name = "compute"

// api is the Nova of one cloud: its handlers and what it holds and
// reaches, guarded by the cloud's Mu.
type api struct {
	*core.Cloud
	db *store
}

func of(c *core.Cloud) *api {
	return core.State(c, name, func() *api {
		s := &api{Cloud: c}
		s.db = newStore(s)
		return s
	})
}

// Of is the Nova state of c, for CloudKitty's meter. The caller holds
// c.Mu to use it.
func Of(c *core.Cloud) *State { return &of(c).db.compute }

// FlavorByID is the flavor of c with id, or nil.
func FlavorByID(c *core.Cloud, id string) *Flavor { return of(c).db.FlavorByID(id) }
