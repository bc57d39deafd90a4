package kit

import (
	"context"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"
	"github.com/gophercloud/gophercloud/v2/openstack/image/v2/images"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/security/groups"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/networks"
	"github.com/gophercloud/gophercloud/v2/pagination"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
)

// Find finds the one resource of kind ref names (an ID, or a unique exact
// name; see client.Resolve) and returns it whole: get fetches one by ID,
// search lists those that may bear a name, named tells a resource's ID and
// name.
func Find[T any](ctx context.Context, kind, ref string, get func(context.Context, string) (*T, error),
	search func(context.Context, string) ([]T, error), named func(*T) client.Candidate) (*T, error) {
	seen := map[string]*T{}
	c, err := client.Resolve(ctx, kind, ref,
		func(ctx context.Context, id string) (client.Candidate, error) {
			x, err := get(ctx, id)
			if err != nil {
				return client.Candidate{}, err
			}
			c := named(x)
			seen[c.ID] = x
			return c, nil
		},
		func(ctx context.Context, name string) ([]client.Candidate, error) {
			xs, err := search(ctx, name)
			cs := make([]client.Candidate, 0, len(xs))
			for i := range xs {
				c := named(&xs[i])
				seen[c.ID] = &xs[i]
				cs = append(cs, c)
			}
			return cs, err
		})
	if err != nil {
		return nil, err
	}
	return seen[c.ID], nil
}

// Server finds a Nova server. Nova's name filter is a regular expression,
// anchored here to mean the exact name.
func Server(ctx context.Context, s *client.Services, ref string) (*NovaServer, error) {
	return Find(ctx, "server", ref,
		func(ctx context.Context, id string) (*NovaServer, error) { return GetServer(ctx, s.Compute, id) },
		func(ctx context.Context, name string) ([]NovaServer, error) {
			return All(ctx, servers.List(s.Compute, servers.ListOpts{Name: NovaName(name)}), ExtractServers)
		},
		func(x *NovaServer) client.Candidate { return client.Candidate{ID: x.ID, Name: x.Name} })
}

// Network finds a Neutron network.
func Network(ctx context.Context, s *client.Services, ref string) (*NeutronNetwork, error) {
	return Find(ctx, "network", ref,
		func(ctx context.Context, id string) (*NeutronNetwork, error) {
			r := networks.Get(ctx, s.Network, id)
			return One[NeutronNetwork](r, r.Err, "network")
		},
		func(ctx context.Context, name string) ([]NeutronNetwork, error) {
			return All(ctx, networks.List(s.Network, networks.ListOpts{Name: name}), ExtractNetworks)
		},
		func(x *NeutronNetwork) client.Candidate { return client.Candidate{ID: x.ID, Name: x.Name} })
}

// NeutronNetwork is a network as Neutron answers it, with the external-net
// extension's field, decoded once.
type NeutronNetwork struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Status   string `json:"status"`
	Shared   bool   `json:"shared"`
	External bool   `json:"router:external"`
	// CreatedAt is Neutron's, as it sends it (RFC 3339).
	CreatedAt string `json:"created_at"`
}

// Attachable says whether a server can have a port on n: an external
// network that is not shared holds floating IPs only.
func (n NeutronNetwork) Attachable() bool { return !n.External || n.Shared }

// ExtractNetworks decodes a page of Neutron's networks.
func ExtractNetworks(p pagination.Page) ([]NeutronNetwork, error) {
	return ExtractAs[NeutronNetwork]("networks")(p)
}

// SecurityGroup finds a Neutron security group, read into T: a toolset's
// own view of one (named tells its ID and name), or a Candidate where only
// that the group exists matters.
func SecurityGroup[T any](ctx context.Context, s *client.Services, ref string, named func(*T) client.Candidate) (*T, error) {
	return Find(ctx, "security group", ref,
		func(ctx context.Context, id string) (*T, error) {
			r := groups.Get(ctx, s.Network, id)
			return One[T](r, r.Err, "security_group")
		},
		func(ctx context.Context, name string) ([]T, error) {
			return All(ctx, groups.List(s.Network, groups.ListOpts{Name: name}), ExtractAs[T]("security_groups"))
		},
		named)
}

// Image finds a Glance image.
func Image(ctx context.Context, s *client.Services, ref string) (*images.Image, error) {
	return Find(ctx, "image", ref,
		func(ctx context.Context, id string) (*images.Image, error) {
			return images.Get(ctx, s.Image, id).Extract()
		},
		func(ctx context.Context, name string) ([]images.Image, error) {
			return All(ctx, images.List(s.Image, images.ListOpts{Name: name}), images.ExtractImages)
		},
		func(x *images.Image) client.Candidate { return client.Candidate{ID: x.ID, Name: x.Name} })
}
