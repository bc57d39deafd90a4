// Package kit is what every toolset's tools are made of: a handler that
// receives the connected services (Tool, Ask), the look-up of a resource
// by ID or unique name (Find and one function per kind), paged lists,
// waits and the views' small helpers. A tool author writes what is proper
// to the resource; what two toolsets would otherwise each write is here.
package kit

import (
	"context"
	"regexp"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/networks"
	"github.com/gophercloud/gophercloud/v2/pagination"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
)

// Tool makes a tool whose handler receives the cloud's connected services:
// the connection (made once, on the first call) is not each handler's
// concern, and a failure to connect is the call's error.
func Tool[A, R any](c *client.Cloud, def mcptool.Def, fn func(ctx context.Context, s *client.Services, a A) (R, error)) mcptool.Tool {
	return mcptool.New(def, func(ctx context.Context, a A) (R, error) {
		s, err := c.Services(ctx)
		if err != nil {
			var zero R
			return zero, err
		}
		return fn(ctx, s, a)
	})
}

// Ask makes the question put to the user before a destructive call
// (internal/mcptool/confirm.go) of a function that, as a handler, receives
// the connected services.
func Ask[A any](c *client.Cloud, fn func(ctx context.Context, s *client.Services, a A) (string, error)) mcptool.Question {
	return mcptool.AskWith(func(ctx context.Context, a A) (string, error) {
		s, err := c.Services(ctx)
		if err != nil {
			return "", err
		}
		return fn(ctx, s, a)
	})
}

// Views maps items to their views; never nil, so an empty list encodes as [].
func Views[T, V any](items []T, view func(T) V) []V {
	out := make([]V, len(items))
	for i, x := range items {
		out[i] = view(x)
	}
	return out
}

// All is every item of every page of pager.
func All[T any](ctx context.Context, pager pagination.Pager, extract func(pagination.Page) ([]T, error)) ([]T, error) {
	pages, err := pager.AllPages(ctx)
	if err != nil {
		return nil, err
	}
	return extract(pages)
}

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
func Server(ctx context.Context, s *client.Services, ref string) (*servers.Server, error) {
	return Find(ctx, "server", ref,
		func(ctx context.Context, id string) (*servers.Server, error) {
			return servers.Get(ctx, s.Compute, id).Extract()
		},
		func(ctx context.Context, name string) ([]servers.Server, error) {
			return All(ctx, servers.List(s.Compute, servers.ListOpts{Name: ExactName(name)}), servers.ExtractServers)
		},
		func(x *servers.Server) client.Candidate { return client.Candidate{ID: x.ID, Name: x.Name} })
}

// ExactName is Nova's name filter (a regular expression) for exactly name.
func ExactName(name string) string { return "^" + regexp.QuoteMeta(name) + "$" }

// Network finds a Neutron network.
func Network(ctx context.Context, s *client.Services, ref string) (*networks.Network, error) {
	return Find(ctx, "network", ref,
		func(ctx context.Context, id string) (*networks.Network, error) {
			return networks.Get(ctx, s.Network, id).Extract()
		},
		func(ctx context.Context, name string) ([]networks.Network, error) {
			return All(ctx, networks.List(s.Network, networks.ListOpts{Name: name}), networks.ExtractNetworks)
		},
		func(x *networks.Network) client.Candidate { return client.Candidate{ID: x.ID, Name: x.Name} })
}

// TookEffect settles a change request that failed. The reply may have been
// lost after the cloud did the work, or a retry of the request refused
// because the first attempt had worked (a second DELETE of a volume already
// deleting): then check, which looks at the resource, sees the change, and
// the call goes on. Otherwise the failure stands.
func TookEffect(ctx context.Context, err error, check func(context.Context) bool) error {
	if err == nil {
		return nil
	}
	switch client.Classify(err).Code {
	case client.CodeQuotaExceeded, client.CodeForbidden, client.CodeUnauthenticated, client.CodeCancelled:
		return err
	}
	if ctx.Err() == nil && check(ctx) {
		return nil
	}
	return err
}
