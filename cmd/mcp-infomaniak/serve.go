package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server"
)

const connectHint = `mcp-infomaniak speaks MCP on stdin/stdout: it is meant to be started by an MCP client, not typed at.
Add it to your client, for example Claude Code:
  claude mcp add infomaniak -- mcp-infomaniak --sandbox
or in a client's JSON configuration:
  {"mcpServers": {"infomaniak": {"command": "mcp-infomaniak", "args": ["--sandbox"]}}}
Waiting for a client on stdin (Ctrl-C to quit).
`

func serve(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs, cf, err := newFlagSet("serve", stderr)
	if err != nil {
		fmt.Fprintln(stderr, "mcp-infomaniak:", err)
		return 2
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if cf.version {
		fmt.Fprintln(stdout, "mcp-infomaniak", version)
		return 0
	}
	cfg := cf.cfg
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(stderr, "mcp-infomaniak:", err)
		return 2
	}
	logger := newLogger(cfg, stderr)
	slog.SetDefault(logger)
	cloud, release, err := connect(cfg, logger, getenv)
	if err != nil {
		fmt.Fprintln(stderr, "mcp-infomaniak:", err)
		return 2
	}
	defer release()
	s := server.New(cfg, cloud, version, logger)
	if cfg.Transport != "stdio" {
		fmt.Fprintf(stderr, "mcp-infomaniak: --transport %s is not available yet\n", cfg.Transport)
		return 2
	}
	if isTerminal(stdin) {
		fmt.Fprint(stderr, connectHint)
	}
	logger.Info("serving MCP on stdio", "version", version)
	if err := server.ServeStdio(ctx, s, stdin, stdout, logger); err != nil {
		logger.Error("stdio transport failed", "error", err)
		return 1
	}
	return 0
}
