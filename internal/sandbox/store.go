package sandbox

import (
	"fmt"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// store is the sandbox's state, guarded by Sandbox.mu. Reference data
// (flavors, images, zones, volume types) is seeded here; the resources an
// agent creates live in computeState, volumeState and networkState.
type store struct {
	flavors     []*flavor
	images      []*image
	zones       []string
	volumeTypes []string

	now func() time.Time // the sandbox's clock

	compute computeState // servers, keypairs (nova_*.go)
	volume  volumeState  // volumes, snapshots, backups (cinder_*.go)
	network networkState // networks, ports, security groups, floating IPs (neutron_*.go)
	rating  ratingState  // metered usage and who may read the rules (cloudkitty_*.go)
	lb      lbState      // load balancers and what is inside them (octavia_*.go)
}

type flavor struct {
	ID, Name        string
	VCPUs, RAM      int // RAM in MiB
	Disk, Ephemeral int // GiB
	Public          bool
}

type image struct {
	ID, Name, Status string
	MinDisk, MinRAM  int
	Size             int64
	DiskFormat       string
	Visibility       string
	OSDistro         string
	Created          time.Time
	Updated          time.Time // zero: as Created
	// Owner is the project that owns the image: "" for the cloud's own
	// public images, the sandbox's project for a server's image.
	Owner string
	// Properties are the image's other properties (a server image's, as
	// Nova sets them).
	Properties map[string]string
	upload     *imageUpload // a server image being uploaded

	// What a project's own image (POST /v2/images) carries: glance_image_writes.go.
	ContainerFormat string
	Tags            []string
	Protected       bool
	Data            []byte // uploaded bits; nil for the seeded images and server images
}

func newStore(s *Sandbox) *store {
	st := &store{now: s.Now}
	seeded := s.Now().Add(-90 * 24 * time.Hour)
	for _, f := range []struct {
		vcpu, ram, disk int
	}{{1, 2, 20}, {2, 4, 20}, {2, 4, 50}, {4, 8, 50}, {4, 16, 80}, {8, 32, 80}, {16, 64, 100}, {32, 128, 100}} {
		name := fmt.Sprintf("a%d-ram%d-disk%d-perf1", f.vcpu, f.ram, f.disk)
		st.flavors = append(st.flavors, &flavor{ID: core.StableID("flavor", name), Name: name,
			VCPUs: f.vcpu, RAM: f.ram * 1024, Disk: f.disk, Public: true})
	}
	// Glance lists the newest first: everyday images are the newest, in this
	// order, and the failing one the oldest, so it is never taken for one.
	for k, i := range []struct {
		name, distro string
		minDisk      int
		size         int64
	}{
		{"Debian 12 bookworm", "debian", 3, 394592256},
		{"Ubuntu 24.04 LTS Noble Numbat", "ubuntu", 4, 583532544},
		{"Ubuntu 22.04 LTS Jammy Jellyfish", "ubuntu", 3, 661979136},
		{"Rocky Linux 9", "rocky", 10, 1130102784},
		{"Fedora CoreOS 40", "fedora", 10, 1747976192},
		{ErrorImageName, "", 0, 1048576}, // servers of this image go to ERROR (nova_state.go)
	} {
		st.images = append(st.images, &image{ID: core.StableID("image", i.name), Name: i.name, Status: "active",
			MinDisk: i.minDisk, Size: i.size, DiskFormat: "qcow2", Visibility: "public", OSDistro: i.distro, Created: seeded.Add(-time.Duration(k) * time.Hour)})
	}
	st.zones = []string{s.Options().Region + "-04", s.Options().Region + "-09", s.Options().Region + "-10"}
	if s.Options().Region == "dc3-a" || s.Options().Region == "dc4-a" {
		st.zones = []string{"az-1", "az-2", "az-3"}
	}
	st.volumeTypes = []string{"CEPH_1_perf1", "CEPH_1_perf2"}
	st.network.init(s)
	st.compute.init(s)
	st.volume.init(s)
	st.lb.init(s)
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

// imageByID is the image with id, its upload settled, or nil.
func (st *store) imageByID(id string) *image {
	for _, i := range st.images {
		if i.ID == id {
			i.settle(st.now())
			return i
		}
	}
	return nil
}
