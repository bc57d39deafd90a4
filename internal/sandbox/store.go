package sandbox

import (
	"fmt"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cinder"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/octavia"
)

// store is the sandbox's state, guarded by Sandbox.mu. Reference data
// (flavors) is seeded here; the resources an
// agent creates live in computeState, cinder.State and neutron.State.
type store struct {
	flavors []*flavor

	now func() time.Time // the sandbox's clock

	compute computeState   // servers, keypairs (nova_*.go)
	volume  *cinder.State  // volumes, snapshots, backups (package cinder)
	network *neutron.State // networks, ports, security groups, floating IPs (package neutron)
	rating  ratingState    // metered usage and who may read the rules (cloudkitty_*.go)
	lb      *octavia.State // load balancers and what is inside them (package octavia)
}

type flavor struct {
	ID, Name        string
	VCPUs, RAM      int // RAM in MiB
	Disk, Ephemeral int // GiB
	Public          bool
}

func newStore(s *Sandbox) *store {
	st := &store{now: s.Now}
	for _, f := range []struct {
		vcpu, ram, disk int
	}{{1, 2, 20}, {2, 4, 20}, {2, 4, 50}, {4, 8, 50}, {4, 16, 80}, {8, 32, 80}, {16, 64, 100}, {32, 128, 100}} {
		name := fmt.Sprintf("a%d-ram%d-disk%d-perf1", f.vcpu, f.ram, f.disk)
		st.flavors = append(st.flavors, &flavor{ID: core.StableID("flavor", name), Name: name,
			VCPUs: f.vcpu, RAM: f.ram * 1024, Disk: f.disk, Public: true})
	}
	st.network = neutron.Of(s.Cloud)
	st.volume = cinder.Of(s.Cloud)
	st.compute.init(s)
	s.OnTick(st.compute.tick)
	st.volume.ServerExists = func(id string) bool { return st.compute.serverByID(id) != nil }
	st.lb = octavia.Of(s.Cloud)
	return st
}

func (st *store) flavorByID(id string) *flavor {
	for _, f := range st.flavors {
		if f.ID == id {
			return f
		}
	}
	return nil
}
