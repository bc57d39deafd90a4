package kit

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"
	"github.com/gophercloud/gophercloud/v2/pagination"
)

// NovaServer is a Nova server as every toolset reads it, decoded once from
// Nova's answer with only the keys the tools use: a page of 1,000 servers
// costs one pass over the body and no maps of every key Nova sends.
type NovaServer struct {
	ID              string                   `json:"id"`
	Name            string                   `json:"name"`
	Status          string                   `json:"status"`
	TaskState       string                   `json:"OS-EXT-STS:task_state"`
	Flavor          NovaFlavor               `json:"flavor"`
	Image           NovaImage                `json:"image"`
	Addresses       map[string][]NovaAddress `json:"addresses"`
	KeyName         string                   `json:"key_name"`
	Created         string                   `json:"created"`
	Updated         string                   `json:"updated"`
	Zone            string                   `json:"OS-EXT-AZ:availability_zone"`
	AttachedVolumes []NovaAttachedVolume     `json:"os-extended-volumes:volumes_attached"`
	SecurityGroups  []struct {
		Name string `json:"name"`
	} `json:"security_groups"`
	Fault struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"fault"`
}

// NovaAddress is one of a server's addresses on a network: fixed or floating.
type NovaAddress struct {
	Addr string `json:"addr"`
	Type string `json:"OS-EXT-IPS:type"`
}

// NovaFlavor is the flavor as Nova shows it in a server: its id below
// microversion 2.47, the flavor as it was at boot from 2.47 on.
type NovaFlavor struct {
	ID           string `json:"id"`
	OriginalName string `json:"original_name"`
}

// NovaAttachedVolume is a volume attached to a server, and whether Nova
// deletes it with the server.
type NovaAttachedVolume struct {
	ID                  string `json:"id"`
	DeleteOnTermination bool   `json:"delete_on_termination"`
}

// NovaImage is a server's image: {"id": ...}, or "" for a server booted
// from a volume.
type NovaImage struct{ ID string }

func (r *NovaImage) UnmarshalJSON(b []byte) error {
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte(`"`)) || bytes.Equal(b, []byte("null")) {
		r.ID = ""
		return nil
	}
	var v struct {
		ID string `json:"id"`
	}
	err := json.Unmarshal(b, &v)
	r.ID = v.ID
	return err
}

// CreatedAt is when the server was created (zero if Nova's time is unreadable).
func (s *NovaServer) CreatedAt() time.Time {
	t, _ := time.Parse(time.RFC3339, s.Created)
	return t
}

// GroupNames are a server's security groups by name, each once (Nova
// repeats a group per port).
func (s *NovaServer) GroupNames() []string {
	var out []string
	for _, g := range s.SecurityGroups {
		if g.Name != "" && !slices.Contains(out, g.Name) {
			out = append(out, g.Name)
		}
	}
	return out
}

// GetServer reads server id.
func GetServer(ctx context.Context, sc *gophercloud.ServiceClient, id string) (*NovaServer, error) {
	r := servers.Get(ctx, sc, id)
	return One[NovaServer](r, r.Err, "server")
}

// ExtractServers reads a page of servers.
func ExtractServers(p pagination.Page) ([]NovaServer, error) {
	return ExtractAs[NovaServer]("servers")(p)
}
