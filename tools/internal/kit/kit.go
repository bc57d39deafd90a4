// Package kit is what every toolset's tools are made of: a handler that
// receives the connected services (Tool, Ask), the look-up of a resource
// by ID or unique name (Find and one function per kind), paged lists,
// waits and the views' small helpers. A tool author writes what is proper
// to the resource; what two toolsets would otherwise each write is here.
package kit

import (
	"context"

	"github.com/gophercloud/gophercloud/v2/pagination"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
)

// Tool makes a tool whose handler receives the services its toolset needs,
// of the cloud the call runs on (client.Bound): the connection, made on the
// first call, is not each handler's concern, and a failure to connect, or a
// cloud without a service the toolset needs, is the call's error.
func Tool[A, R any](def mcptool.Def, fn func(ctx context.Context, s *client.Services, a A) (R, error)) mcptool.Tool {
	return mcptool.New(def, func(ctx context.Context, a A) (R, error) {
		s, err := client.Bound(ctx)
		if err != nil {
			var zero R
			return zero, err
		}
		return fn(ctx, s, a)
	})
}

// Ask makes the question put to the user before a destructive call
// (internal/mcptool/confirm.go) of a function that, as a handler, receives
// the call's services.
func Ask[A any](fn func(ctx context.Context, s *client.Services, a A) (string, error)) mcptool.Question {
	return mcptool.AskWith(func(ctx context.Context, a A) (string, error) {
		s, err := client.Bound(ctx)
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
