package compute

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"

	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// novaServer is a Nova server as the views read it, decoded once from
// Nova's answer with only the keys a view shows: a page of 1,000 servers
// costs one pass over the body and no maps of every key Nova sends.
type novaServer struct {
	ID             string                   `json:"id"`
	Name           string                   `json:"name"`
	Status         string                   `json:"status"`
	TaskState      string                   `json:"OS-EXT-STS:task_state"`
	Flavor         novaFlavor               `json:"flavor"`
	Image          imageRef                 `json:"image"`
	Addresses      map[string][]novaAddress `json:"addresses"`
	KeyName        string                   `json:"key_name"`
	Created        string                   `json:"created"`
	Updated        string                   `json:"updated"`
	Zone           string                   `json:"OS-EXT-AZ:availability_zone"`
	SecurityGroups []struct {
		Name string `json:"name"`
	} `json:"security_groups"`
	Fault struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"fault"`
}

// novaAddress is one of a server's addresses on a network: fixed or floating.
type novaAddress struct {
	Addr string `json:"addr"`
	Type string `json:"OS-EXT-IPS:type"`
}

// novaFlavor is the flavor as Nova shows it in a server: its id below
// microversion 2.47, the flavor as it was at boot from 2.47 on.
type novaFlavor struct {
	ID           string `json:"id"`
	OriginalName string `json:"original_name"`
}

// imageRef is a server's image: {"id": ...}, or "" for a server booted
// from a volume.
type imageRef struct{ ID string }

func (r *imageRef) UnmarshalJSON(b []byte) error {
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

// leanServer is s (gophercloud's, from a get or a wait) as a novaServer.
func leanServer(s *servers.Server) novaServer {
	n := novaServer{ID: s.ID, Name: s.Name, Status: s.Status, TaskState: s.TaskState, KeyName: s.KeyName,
		Created: kit.Time(s.Created), Updated: kit.Time(s.Updated), Zone: s.AvailabilityZone}
	n.Flavor.ID, _ = s.Flavor["id"].(string)
	n.Flavor.OriginalName, _ = s.Flavor["original_name"].(string)
	n.Image.ID, _ = s.Image["id"].(string)
	for net, list := range s.Addresses {
		items, _ := list.([]any)
		for _, it := range items {
			m, _ := it.(map[string]any)
			var a novaAddress
			a.Addr, _ = m["addr"].(string)
			a.Type, _ = m["OS-EXT-IPS:type"].(string)
			if n.Addresses == nil {
				n.Addresses = map[string][]novaAddress{}
			}
			n.Addresses[net] = append(n.Addresses[net], a)
		}
	}
	for _, g := range s.SecurityGroups {
		name, _ := g["name"].(string)
		n.SecurityGroups = append(n.SecurityGroups, struct {
			Name string `json:"name"`
		}{name})
	}
	n.Fault.Code, n.Fault.Message = s.Fault.Code, s.Fault.Message
	return n
}

// groupNames are a server's security groups by name, each once (Nova
// repeats a group per port).
func (n *novaServer) groupNames() []string {
	var out []string
	for _, g := range n.SecurityGroups {
		if g.Name != "" && !slices.Contains(out, g.Name) {
			out = append(out, g.Name)
		}
	}
	return out
}
