// Package server builds the MCP server from the configuration and the
// toolsets, and runs it on a transport.
package server

import (
	"context"
	"io"
	"log"
	"log/slog"

	"github.com/mark3labs/mcp-go/server"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/compute"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/volume"
)

// Name is the server's name in the MCP handshake.
const Name = "mcp-infomaniak"

const instructions = "Manage Infomaniak Public Cloud (OpenStack): servers, images, flavors, keypairs, networks, volumes, snapshots, backups. " +
	"Tools take an ID or a unique name wherever a resource is named; an ambiguous name is refused with the candidates. " +
	"Failures come back as isError results with error.code."

// AllTools returns every tool of both toolsets bound to c, unfiltered.
func AllTools(c *client.Cloud) []mcptool.Tool {
	return append(compute.Tools(c), volume.Tools(c)...)
}

// New builds the MCP server with the tools cfg allows.
func New(cfg config.Config, cloud *client.Cloud, version string, logger *slog.Logger) *server.MCPServer {
	s := server.NewMCPServer(Name, version,
		server.WithToolCapabilities(false),
		server.WithLogging(),
		server.WithInstructions(instructions),
	)
	mcptool.Register(s, AllTools(cloud), Policy(cfg), logger)
	return s
}

// ServeStdio speaks MCP on in and out until ctx ends or in closes. Only the
// protocol goes to out; mcp-go's own messages go to logger.
func ServeStdio(ctx context.Context, s *server.MCPServer, in io.Reader, out io.Writer, logger *slog.Logger) error {
	stdio := server.NewStdioServer(s)
	stdio.SetErrorLogger(log.New(slogWriter{logger}, "", 0))
	err := stdio.Listen(ctx, in, out)
	if err == io.EOF || ctx.Err() != nil {
		return nil
	}
	return err
}

// slogWriter sends mcp-go's log.Logger lines to slog at warn.
type slogWriter struct{ l *slog.Logger }

func (w slogWriter) Write(p []byte) (int, error) {
	w.l.Warn(string(trimNewline(p)), "component", "mcp-go")
	return len(p), nil
}

func trimNewline(p []byte) []byte {
	for len(p) > 0 && (p[len(p)-1] == '\n' || p[len(p)-1] == '\r') {
		p = p[:len(p)-1]
	}
	return p
}
