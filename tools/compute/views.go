package compute

import (
	"context"
	"slices"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/flavors"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"
	"github.com/gophercloud/gophercloud/v2/openstack/image/v2/images"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
)

// Server is a Nova server as every compute tool shows it: one shape
// whatever the microversion the cloud speaks.
//
//   - flavor is {id?, name, vcpus, ram, disk}. From microversion 2.47 Nova
//     embeds the flavor as it was at boot, without its id: we show that and
//     leave id out (the flavor may have been renamed or deleted since).
//     Below 2.47 Nova gives only the id: we add the name and sizes from the
//     cached flavor list, or GET /flavors/{id} (Nova serves deleted flavors
//     by id).
//   - image is {id, name?}: the name comes from Glance (cached briefly) and
//     is left out when the image no longer exists; image itself is left out
//     for a server booted from a volume.
//   - addresses maps a network's name to the server's addresses on it.
//   - security_groups are names, each once (Nova repeats a group per port).
//   - task_state is set while an action runs (powering-off, deleting, ...).
//   - fault is Nova's reason, only when the server is in ERROR.
type Server struct {
	ID               string               `json:"id"`
	Name             string               `json:"name"`
	Status           string               `json:"status"`
	TaskState        string               `json:"task_state,omitempty"`
	Flavor           ServerFlavor         `json:"flavor"`
	Image            *ServerImage         `json:"image,omitempty"`
	Addresses        map[string][]Address `json:"addresses"`
	KeyName          string               `json:"key_name,omitempty"`
	CreatedAt        string               `json:"created_at"`
	UpdatedAt        string               `json:"updated_at,omitempty"`
	AvailabilityZone string               `json:"availability_zone,omitempty"`
	SecurityGroups   []string             `json:"security_groups"`
	Fault            *Fault               `json:"fault,omitempty"`
}

// ServerFlavor is the size of a server; RAM in MiB, disk in GB.
type ServerFlavor struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name,omitempty"`
	VCPUs int    `json:"vcpus"`
	RAM   int    `json:"ram"`
	Disk  int    `json:"disk"`
}

type ServerImage struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

type Address struct {
	Addr    string `json:"addr"`
	Version int    `json:"version"`
	Type    string `json:"type,omitempty" jsonschema_description:"fixed or floating"`
}

type Fault struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// viewer turns gophercloud servers into Server views, looking up what the
// cloud's answer lacks (image names, flavors below 2.47) once per call.
type viewer struct {
	c      *client.Cloud
	svc    *client.Services
	images map[string]string // image ID → name ("" when gone)
}

func newViewer(c *client.Cloud, svc *client.Services) *viewer {
	return &viewer{c: c, svc: svc, images: map[string]string{}}
}

func (v *viewer) server(ctx context.Context, s *servers.Server) Server {
	out := Server{
		ID: s.ID, Name: s.Name, Status: s.Status, TaskState: s.TaskState,
		Flavor: v.flavor(ctx, s.Flavor), Image: v.image(ctx, s.Image), Addresses: addresses(s.Addresses),
		KeyName: s.KeyName, CreatedAt: timeString(s.Created), UpdatedAt: timeString(s.Updated),
		AvailabilityZone: s.AvailabilityZone, SecurityGroups: []string{},
	}
	for _, g := range s.SecurityGroups {
		if n, _ := g["name"].(string); n != "" && !slices.Contains(out.SecurityGroups, n) {
			out.SecurityGroups = append(out.SecurityGroups, n)
		}
	}
	if s.Status == "ERROR" && (s.Fault.Message != "" || s.Fault.Code != 0) {
		out.Fault = &Fault{Code: s.Fault.Code, Message: s.Fault.Message}
	}
	return out
}

func (v *viewer) flavor(ctx context.Context, f map[string]any) ServerFlavor {
	num := func(k string) int { n, _ := f[k].(float64); return int(n) }
	if name, ok := f["original_name"].(string); ok { // embedded, microversion ≥ 2.47
		return ServerFlavor{Name: name, VCPUs: num("vcpus"), RAM: num("ram"), Disk: num("disk")}
	}
	id, _ := f["id"].(string)
	out := ServerFlavor{ID: id}
	if id == "" {
		return out
	}
	if all, err := flavorList(ctx, v.c, v.svc); err == nil {
		for _, fl := range all {
			if fl.ID == id {
				return ServerFlavor{ID: id, Name: fl.Name, VCPUs: fl.VCPUs, RAM: fl.RAM, Disk: fl.Disk}
			}
		}
	}
	if fl, err := flavors.Get(ctx, v.svc.Compute, id).Extract(); err == nil {
		return ServerFlavor{ID: id, Name: fl.Name, VCPUs: fl.VCPUs, RAM: fl.RAM, Disk: fl.Disk}
	}
	return out
}

func (v *viewer) image(ctx context.Context, img map[string]any) *ServerImage {
	id, _ := img["id"].(string)
	if id == "" {
		return nil // booted from a volume
	}
	name, seen := v.images[id]
	if !seen {
		key := "image-name/" + id
		if cached, ok := v.c.Cache.Get(key); ok {
			name = cached.(string)
		} else {
			i, err := images.Get(ctx, v.svc.Image, id).Extract()
			switch {
			case err == nil:
				name = i.Name
				v.c.Cache.Put(key, name)
			case client.Classify(err).Code == client.CodeNotFound:
				v.c.Cache.Put(key, "")
			}
		}
		v.images[id] = name
	}
	return &ServerImage{ID: id, Name: name}
}

// addresses reads Nova's {"net": [{"addr", "version", "OS-EXT-IPS:type"}]}.
func addresses(raw map[string]any) map[string][]Address {
	out := map[string][]Address{}
	for net, list := range raw {
		items, _ := list.([]any)
		for _, it := range items {
			m, _ := it.(map[string]any)
			a := Address{}
			a.Addr, _ = m["addr"].(string)
			ver, _ := m["version"].(float64)
			a.Version = int(ver)
			a.Type, _ = m["OS-EXT-IPS:type"].(string)
			out[net] = append(out[net], a)
		}
	}
	return out
}

func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Success is what an action on a server returns: the state it reached (or,
// without waiting, the state right after the cloud accepted it).
type Success struct {
	Success   bool   `json:"success"`
	ID        string `json:"id"`
	Status    string `json:"status"`
	TaskState string `json:"task_state,omitempty"`
}
