// Package progress carries a progress reporter in a context, so that code far
// from the MCP layer (a wait loop in internal/client) can report progress
// without knowing MCP.
package progress

import "context"

// Reporter receives progress: a monotonically increasing value, an optional
// total (0 when unknown) and a one-line message.
type Reporter func(progress, total float64, message string)

type key struct{}

// With returns a context carrying r.
func With(ctx context.Context, r Reporter) context.Context {
	return context.WithValue(ctx, key{}, r)
}

// Report sends progress to the context's reporter, if any.
func Report(ctx context.Context, progress, total float64, message string) {
	if r, ok := ctx.Value(key{}).(Reporter); ok && r != nil {
		r(progress, total, message)
	}
}
