// Package server builds the MCP server from the configuration and the
// toolsets, and runs it on a transport. Its files, by what they do:
//
//   - assembly: server.go (New, the instructions), policy.go, unserved.go
//     and toolnames.go (which tools a configuration serves, and the words
//     for one it hides), multicloud.go (the cloud of a call), protocol.go,
//     unconfigured.go, token.go (where the HTTP token comes from), stdio.go
//     (ServeStdio, over package stdio);
//   - calls*.go: call admission as mcp-go middlewares, on package admission
//     (the caps in total and per session; the calls a shutdown waits for);
//   - http*.go: MCP over HTTP behind the edge (package httpedge): the
//     streamable HTTP and SSE endpoints, places for POSTs, signed session
//     IDs and the session cap.
//
// What works around mcp-go's behaviour is in package mcpgofix, nowhere else.
package server

import (
	"log/slog"
	"maps"
	"slices"

	"github.com/mark3labs/mcp-go/server"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/localfiles"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/mcpgofix"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// serverName is the server's name in the MCP handshake.
const serverName = "mcp-infomaniak"

// instructions are what the server tells a client about itself: the enabled
// toolsets' own words, a line for each toolset left out (what it does, how
// to turn it on), then what holds for every tool.
func instructions(cfg config.Config) string {
	on := tools.Toolsets.Enabled(cfg.Toolsets)
	off := tools.Toolsets.Off(on)
	if off != "" {
		off += " "
	}
	return "Manage Infomaniak Public Cloud (OpenStack). " +
		on.Instructions() + " " + off +
		"Tools take an ID or a unique name wherever a resource is named; an ambiguous name is refused with the candidates. " +
		"A change waits until done, with progress (wait: false returns at once; timeout_seconds, default 600, bounds the wait). " +
		"Lists answer pages of 100 (limit up to 1000); pass next_marker as marker for more; a name filter matches part of the name, any case. " +
		"A create returns the new resource, a change {success, id, status, ...} (each tool's output schema). " +
		"Failures come back as isError results with error.code."
}

// Validate reports the first setting of cfg that cannot work: cfg.Validate's,
// a --toolsets name no toolset has, or a --tools or --exclude-tools name
// that is no tool or that the other settings hide already.
func Validate(cfg config.Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	if err := tools.Toolsets.Check(cfg.Toolsets); err != nil {
		return err
	}
	if err := localfiles.CheckRoots(cfg.FilesRoots); err != nil {
		return err
	}
	return checkToolNames(cfg)
}

// Server is the MCP server built from the configuration, with what its
// transports share: the configuration, the logger and the in-flight calls
// that a shutdown waits for.
type Server struct {
	mcp   *server.MCPServer
	cfg   config.Config
	log   *slog.Logger
	calls *inflight
	// unserved is the server's words for a tool it does not serve
	// (unserved.go), for the transports' mcpgofix.CleanErrors.
	unserved mcpgofix.ToolNotFound
}

// Option says what a server serves: the registered tools on one cloud
// (WithCloud) or several (WithClouds), or given tools (withTools).
type Option func(*serves)

type serves struct {
	tools  []mcptool.Tool
	clouds []NamedCloud
}

// WithCloud runs every call on cloud.
func WithCloud(cloud *client.Cloud) Option {
	return func(s *serves) { s.clouds = []NamedCloud{{Cloud: cloud}} }
}

// WithClouds serves every registered tool over several clouds (see
// multicloud.go); one cloud that is not read-only is WithCloud's server.
func WithClouds(clouds []NamedCloud) Option {
	return func(s *serves) { s.clouds = clouds }
}

// withTools serves tools, for a test's own probes.
func withTools(tools []mcptool.Tool) Option {
	return func(s *serves) { s.tools = tools }
}

// New builds the MCP server, registering the tools Policy(cfg) allows: a tool
// it hides is not registered, so it is neither listed nor callable.
func New(cfg config.Config, version string, logger *slog.Logger, opts ...Option) *Server {
	var o serves
	for _, opt := range opts {
		opt(&o)
	}
	if o.tools == nil {
		o.tools = tools.Toolsets.Tools()
	}
	return build(cfg, version, logger, registerClouds(cfg, o.tools, o.clouds))
}

// build makes the mcp-go server and lets register add the tools.
func build(cfg config.Config, version string, logger *slog.Logger, register func(*server.MCPServer, *slog.Logger)) *Server {
	if logger == nil {
		logger = slog.Default()
	}
	calls := newInflight()
	opts := append([]server.ServerOption{
		server.WithToolCapabilities(false),
		server.WithLogging(),
		server.WithInstructions(instructions(cfg)),
		server.WithToolHandlerMiddleware(calls.middleware),
		server.WithToolHandlerMiddleware(newCallLimiter(cfg).middleware), // callsadmit.go
	}, protocolOptions()...)
	s := server.NewMCPServer(serverName, version, opts...)
	register(s, logger)
	served := slices.Sorted(maps.Keys(s.ListTools()))
	return &Server{mcp: s, cfg: cfg, log: logger, calls: calls, unserved: unservedMessage(cfg, served)}
}

// MCP is the mcp-go server, for an in-process client.
func (s *Server) MCP() *server.MCPServer { return s.mcp }

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
