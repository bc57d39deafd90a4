package server

import (
	"context"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
)

// RefuseCalls makes every tool call answer e, as an isError result: a
// server started over stdio without what it needs to reach a cloud (no
// credentials) still answers initialize and tools/list, so that the
// client shows it connected and the agent learns from its first call what
// to set, instead of a server gone before it said why.
func (s *Server) RefuseCalls(e *fault.Error) {
	s.mcp.Use(func(server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return mcptool.ErrorResult(e), nil
		}
	})
}
