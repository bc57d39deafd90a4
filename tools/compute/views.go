package compute

import (
	"context"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/flavors"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// Server is a Nova server as every compute tool shows it: one shape
// whatever the microversion the cloud speaks, and compact, since a list of
// them is read by a model:
//
//   - flavor is the flavor's name (Nova's flavor names are unique): from
//     microversion 2.47 the flavor as it was at boot, below it the name of
//     the flavor with Nova's id (its id when the flavor is gone).
//   - image is the image's name when no other image bears it, else its id;
//     left out for a server booted from a volume.
//   - addresses maps a network's name to the server's addresses on it; a
//     floating address says so (type), a fixed one has no type.
//   - security_groups are names, each once (Nova repeats a group per port).
//   - task_state is set while an action runs (powering-off, deleting, ...).
//   - updated_at is left out while it equals created_at.
//   - fault is Nova's reason, only when the server is in ERROR.
//   - connect (get_instance and create_instance only) says how to log in.
//
// Keys without a value are left out: no nulls, no empty lists.
type Server struct {
	ID               string               `json:"id"`
	Name             string               `json:"name"`
	Status           string               `json:"status"`
	TaskState        string               `json:"task_state,omitempty"`
	Flavor           string               `json:"flavor,omitempty"`
	Image            string               `json:"image,omitempty"`
	Addresses        map[string][]Address `json:"addresses,omitempty"`
	KeyName          string               `json:"key_name,omitempty"`
	CreatedAt        string               `json:"created_at"`
	UpdatedAt        string               `json:"updated_at,omitempty"`
	AvailabilityZone string               `json:"availability_zone,omitempty"`
	SecurityGroups   []string             `json:"security_groups,omitempty"`
	Fault            *Fault               `json:"fault,omitempty"`
	Connect          *Connect             `json:"connect,omitempty" jsonschema_description:"get_instance and create_instance: how to reach it (ACTIVE only)."`
	BootVolume       *BootVolume          `json:"boot_volume,omitempty" jsonschema_description:"create_instance with boot_volume_size."`
}

// BootVolume is the volume a server boots from, made by create_instance.
type BootVolume struct {
	ID   string `json:"id"`
	Size int    `json:"size" jsonschema_description:"GB"`
	Kept bool   `json:"kept_after_delete" jsonschema_description:"It stays, and is billed, when the server is deleted."`
}

type Address struct {
	Addr string `json:"addr"`
	Type string `json:"type,omitempty" jsonschema:"enum=floating"`
}

type Fault struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// viewer turns Nova servers into Server views, looking up what the cloud's
// answer lacks (image names, flavor names below 2.47) once per call.
type viewer struct {
	svc    *client.Services
	images *imageNames
	reread bool // the image names were read again for an image they lacked
}

func newViewer(svc *client.Services) *viewer {
	return &viewer{svc: svc}
}

// view is the view of a server as Nova's list and get answers give it.
func (v *viewer) view(ctx context.Context, s *kit.NovaServer) Server {
	out := Server{
		ID: s.ID, Name: s.Name, Status: s.Status, TaskState: s.TaskState,
		Flavor: v.flavor(ctx, s.Flavor), Image: v.image(ctx, s.Image.ID), KeyName: s.KeyName,
		CreatedAt: normalTime(s.Created), UpdatedAt: normalTime(s.Updated),
		AvailabilityZone: s.Zone, SecurityGroups: s.GroupNames(),
	}
	if out.UpdatedAt == out.CreatedAt {
		out.UpdatedAt = ""
	}
	for net, list := range s.Addresses {
		if out.Addresses == nil {
			out.Addresses = make(map[string][]Address, len(s.Addresses))
		}
		for _, a := range list {
			typ := a.Type
			if typ == "fixed" {
				typ = "" // the usual kind; only a floating address says what it is
			}
			out.Addresses[net] = append(out.Addresses[net], Address{Addr: a.Addr, Type: typ})
		}
	}
	if s.Status == "ERROR" && (s.Fault.Message != "" || s.Fault.Code != 0) {
		out.Fault = &Fault{Code: s.Fault.Code, Message: s.Fault.Message}
	}
	return out
}

func (v *viewer) flavor(ctx context.Context, f kit.NovaFlavor) string {
	if f.OriginalName != "" || f.ID == "" { // embedded, microversion ≥ 2.47
		return f.OriginalName
	}
	if all, err := flavorList(ctx, v.svc); err == nil {
		for _, fl := range all {
			if fl.ID == f.ID {
				return fl.Name
			}
		}
	}
	if fl, err := flavors.Get(ctx, v.svc.Compute, f.ID).Extract(); err == nil { // Nova serves deleted flavors by id
		return fl.Name
	}
	return f.ID
}

// image is the image's name when it is unique among the images the project
// sees, else its id.
func (v *viewer) image(ctx context.Context, id string) string {
	if id == "" {
		return "" // booted from a volume
	}
	if v.images == nil {
		v.images = imageIndex(ctx, v.svc, false)
	}
	if v.images != nil && !v.images.has(id) && !v.reread {
		v.reread = true
		// An image made since the index was cached (create_instance_image):
		// read the names again, once.
		v.images = imageIndex(ctx, v.svc, true)
	}
	if name, ok := v.images.unique(id); ok {
		return name
	}
	return id
}

// imageNames are the names of the images the project sees (a short while
// cached: one Glance list for a whole list of servers), and how many images
// bear each name.
type imageNames struct {
	name  map[string]string // id → name
	count map[string]int    // name → images bearing it
}

// has reports whether the index knows image id.
func (x *imageNames) has(id string) bool {
	_, ok := x.name[id]
	return ok
}

// unique is id's name when no other image bears it.
func (x *imageNames) unique(id string) (string, bool) {
	if x == nil {
		return "", false
	}
	n, ok := x.name[id]
	return n, ok && n != "" && x.count[n] == 1
}

const imageNamesCacheKey = "compute/image-names"

// maxIndexedImages bounds the images read to name servers' images; past it
// (a project sharing thousands of images) servers show image ids.
const maxIndexedImages = 5000

// imageIndex reads the images' names (the cached ones unless fresh), or
// returns nil (servers then show image ids) when Glance cannot be read.
func imageIndex(ctx context.Context, svc *client.Services, fresh bool) *imageNames {
	c := svc.Cloud
	if v, ok := c.Cached(imageNamesCacheKey); ok && !fresh {
		return v.(*imageNames)
	}
	type named struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	all, err := client.Collect(ctx, svc.Image, svc.Image.ServiceURL("images"), "images", "", maxIndexedImages,
		func(i *named) string { return i.ID })
	if err != nil || len(all) >= maxIndexedImages {
		return nil
	}
	x := &imageNames{name: make(map[string]string, len(all)), count: map[string]int{}}
	for _, i := range all {
		x.name[i.ID] = i.Name
		x.count[i.Name]++
	}
	c.Remember(imageNamesCacheKey, x)
	return x
}

// normalTime is Nova's time in RFC 3339, UTC; as given if it does not parse.
func normalTime(s string) string {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Format(time.RFC3339)
	}
	return s
}

// Success is what an action on a server returns: the state it reached (or,
// without waiting, the state right after the cloud accepted it).
type Success struct {
	Success   bool   `json:"success"`
	ID        string `json:"id"`
	Status    string `json:"status"`
	TaskState string `json:"task_state,omitempty"`
	Kept      []Kept `json:"kept,omitempty" jsonschema_description:"Still allocated and billed after a delete."`
}
