package mcpgofix

import (
	"context"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// Adopt initializes the session of a 2025-era request whose session another
// replica started: mcp-go v1.2.1 runs such a request on an ephemeral session,
// uninitialized and knowing nothing of its client, which refuses a tool
// call. It is marked initialized, with the elicitation capability when the
// client declared it at initialize, as on the replica that saw initialize
// (TestSessionsAcrossReplicas).
func Adopt(ctx context.Context, elicitation bool) {
	sess := server.ClientSessionFromContext(ctx)
	if sess == nil || sess.Initialized() {
		return
	}
	if withInfo, ok := sess.(server.SessionWithClientInfo); ok && elicitation {
		caps := withInfo.GetClientCapabilities()
		caps.Elicitation = &mcp.ElicitationCapability{}
		withInfo.SetClientCapabilities(caps)
	}
	sess.Initialize()
}
