package client

import (
	"context"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// A call's cloud and the services its tool needs travel in its context:
// tools are values built once, free of any cloud, and the server says per
// call which cloud runs it (the "cloud" argument, or the only one).
type boundKey struct{}

type bound struct {
	cloud *Cloud
	need  []Service
}

// Bind makes ctx a call on cloud, by a tool whose toolset needs these services.
func Bind(ctx context.Context, cloud *Cloud, need []Service) context.Context {
	return context.WithValue(ctx, boundKey{}, bound{cloud, need})
}

// Bound returns the services of the call ctx is, connecting on first use.
func Bound(ctx context.Context) (*Services, error) {
	b, ok := ctx.Value(boundKey{}).(bound)
	if !ok || b.cloud == nil {
		return nil, fault.Errorf(fault.CodeInternal, "this call was not given a cloud").
			WithHint("this is a bug in mcp-infomaniak: the server binds every call to a cloud")
	}
	return b.cloud.Services(ctx, b.need...)
}
