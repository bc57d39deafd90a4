// Command mcp-infomaniak is an MCP server that lets LLM agents run
// Infomaniak Public Cloud (OpenStack): compute, images and block storage.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// version is set at release time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
