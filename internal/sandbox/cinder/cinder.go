// Package cinder is the sandbox's Cinder (block storage v3): volumes,
// snapshots, backups, their transitions on the clock, quotas and the user
// messages that explain failures, as the lab's Cinder answers them
// (testdata/openstack/cinder-*). Nova attaches and boots from volumes
// through Of.
package cinder

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Service is Cinder in a sandbox's catalog, at /volume.
var Service = core.Service{Name: name, Prefix: "/volume",
	Entries: []core.CatalogEntry{{Type: "volumev3", Name: "cinderv3", Path: "/volume/v3/{project_id}"}, {Type: "block-storage", Name: "cinder", Path: "/volume/v3/{project_id}"}},
	Routes: func(c *core.Cloud, mux *http.ServeMux) {
		s := of(c)
		s.routeVersions(mux)
		s.routeBackups(mux)
		s.routeQuotas(mux)
		s.routeSnapshots(mux)
		s.routeVolumeChanges(mux)
		s.routeVolumes(mux)
	}}

// name is the service's, and the key of its state in a cloud.
const name = "volume"

// api is the Cinder of one cloud: its handlers and its state, guarded by
// the cloud's Mu.
type api struct {
	*core.Cloud
	volume State
}

func of(c *core.Cloud) *api {
	return core.State(c, name, func() *api {
		s := &api{Cloud: c}
		s.volume.init(c)
		return s
	})
}

// Of is the Cinder state of c, for Nova and CloudKitty. The caller holds
// c.Mu to use it.
func Of(c *core.Cloud) *State { return &of(c).volume }
