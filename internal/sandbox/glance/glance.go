// Package glance is the sandbox's Glance (image v2): the cloud's public
// images, everyday ones first, and the project's own (uploaded, or a
// server's or volume's image on its way), as the lab's Glance answers them
// (testdata/openstack/glance-*).
package glance

import (
	"net/http"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Service is Glance in a sandbox's catalog, at /image.
var Service = core.Service{Name: name, Prefix: "/image",
	Entries: []core.CatalogEntry{{Type: "image", Name: "glance", Path: "/image"}},
	Fault: func(w http.ResponseWriter, r *http.Request, status int, msg string) {
		glanceFault(w, r, status, "%s", msg)
	},
	Routes: func(c *core.Cloud, mux *http.ServeMux) {
		s := of(c)
		s.routeVersions(mux)
		s.routeImages(mux)
		s.routeImageWrites(mux)
	}}

// name is the service's, and the key of its state in a cloud.
const name = "image"

// ErrorImageName is a seeded image whose servers go to ERROR at the end of
// their build, with a fault, so that the failure path can be exercised. Its
// name says so, for an agent reading the list.
const ErrorImageName = "sandbox-error-image - its servers go to ERROR, for testing failures"

// api is the Glance of one cloud: its handlers and its images (the newest
// first), guarded by the cloud's Mu.
type api struct {
	*core.Cloud
	images []*Image
}

// of is the Glance of c, seeded on first use.
func of(c *core.Cloud) *api {
	return core.State(c, name, func() *api {
		s := &api{Cloud: c}
		s.seed()
		return s
	})
}

func (s *api) seed() {
	seeded := s.Now().Add(-90 * 24 * time.Hour)
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
		{ErrorImageName, "", 0, 1048576}, // servers of this image go to ERROR (the sandbox's Nova)
	} {
		s.images = append(s.images, &Image{ID: core.StableID("image", i.name), Name: i.name, Status: "active",
			MinDisk: i.minDisk, Size: i.size, DiskFormat: "qcow2", Visibility: "public", OSDistro: i.distro, Created: seeded.Add(-time.Duration(k) * time.Hour)})
	}
}

// Image is one of Glance's images.
type Image struct {
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
	Upload     *Upload // a server image being uploaded

	// What a project's own image (POST /v2/images) carries: image_writes.go.
	ContainerFormat string
	Tags            []string
	Protected       bool
	Data            []byte // uploaded bits; nil for the seeded images and server images
}

// ByID is the image of c with id, its upload settled, or nil. The caller
// holds c.Mu.
func ByID(c *core.Cloud, id string) *Image { return of(c).byID(id) }

// Add adds i to the images of c. The caller holds c.Mu.
func Add(c *core.Cloud, i *Image) {
	s := of(c)
	s.images = append(s.images, i)
}

// Everyday is the first of the cloud's own images of c, the newest of
// them: an everyday one. The caller holds c.Mu.
func Everyday(c *core.Cloud) *Image { return of(c).images[0] }

// byID is the image with id, its upload settled, or nil.
func (s *api) byID(id string) *Image {
	for _, i := range s.images {
		if i.ID == id {
			i.settle(s.Now())
			return i
		}
	}
	return nil
}
