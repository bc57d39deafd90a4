package mcpgofix

import (
	"context"
	"errors"
	"strings"
)

// CallCancelled reports whether err is how mcp-go's streamable HTTP client
// ends a call whose context was cancelled. It waits on the call's context
// and on the SSE reader in one select; the reader, ended by the same
// cancellation, hands it a nil response, and when both are ready select
// picks one at random: context.Canceled, or "unexpected nil response"
// (client/transport/streamable_http.go). Shown by test/scaleout's
// TestRoundRobinReplicas under -race (a create cancelled through HAProxy).
func CallCancelled(ctx context.Context, err error) bool {
	if errors.Is(err, context.Canceled) {
		return true
	}
	return ctx.Err() != nil && err != nil && strings.Contains(err.Error(), "unexpected nil response")
}
