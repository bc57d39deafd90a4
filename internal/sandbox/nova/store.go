package nova

import (
	"fmt"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cinder"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
)

// store is what Nova holds, its flavors and servers, and what it reaches
// of the services its servers stand on: their volumes and ports. The
// cloud's Mu guards it.
type store struct {
	flavors []*Flavor
	compute State          // servers, keypairs, server groups
	volume  *cinder.State  // volumes, snapshots, backups
	network *neutron.State // networks, ports, security groups, floating IPs
}

// Flavor is one of Nova's flavors.
type Flavor struct {
	ID, Name        string
	VCPUs, RAM      int // RAM in MiB
	Disk, Ephemeral int // GiB
	Public          bool
}

func newStore(s *api) *store {
	st := &store{}
	for _, f := range []struct {
		vcpu, ram, disk int
	}{{1, 2, 20}, {2, 4, 20}, {2, 4, 50}, {4, 8, 50}, {4, 16, 80}, {8, 32, 80}, {16, 64, 100}, {32, 128, 100}} {
		name := fmt.Sprintf("a%d-ram%d-disk%d-perf1", f.vcpu, f.ram, f.disk)
		st.flavors = append(st.flavors, &Flavor{ID: core.StableID("flavor", name), Name: name,
			VCPUs: f.vcpu, RAM: f.ram * 1024, Disk: f.disk, Public: true})
	}
	st.network = neutron.Of(s.Cloud)
	st.volume = cinder.Of(s.Cloud)
	st.compute.init(s)
	return st
}

// FlavorByID is the flavor with id, or nil.
func (st *store) FlavorByID(id string) *Flavor {
	for _, f := range st.flavors {
		if f.ID == id {
			return f
		}
	}
	return nil
}
