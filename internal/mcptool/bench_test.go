package mcptool_test

import (
	"io"
	"log/slog"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server"
)

// BenchmarkBuildAllTools is the part of a cold start spent before tools/list
// can be answered: every tool's schemas made and registered (see
// BENCHMARKS.md, "Not met, and why").
func BenchmarkBuildAllTools(b *testing.B) {
	cfg, err := config.Default(func(string) string { return "" })
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	b.ReportAllocs()
	for b.Loop() {
		cloud := client.New(client.Options{Logger: log})
		server.New(cfg, "bench", log, server.WithCloud(cloud))
	}
}
