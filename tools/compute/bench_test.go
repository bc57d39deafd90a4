package compute_test

import (
	"fmt"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/nova"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
)

// Per-call cost of read tools through the in-process MCP client against the
// sandbox (go test -run '^$' -bench . ./tools/compute). cmd/mcp-bench
// measures the rest; see BENCHMARKS.md.
func BenchmarkListFlavors(b *testing.B) {
	h := servertest.New(b)
	h.Call(b, "list_flavors", nil).MustSucceed(b)
	b.ResetTimer()
	for b.Loop() {
		h.Call(b, "list_flavors", nil).MustSucceed(b)
	}
}

func BenchmarkGetImageByName(b *testing.B) {
	h := servertest.New(b)
	h.Call(b, "get_image", map[string]any{"image_id": "Debian 12 bookworm"}).MustSucceed(b)
	for b.Loop() {
		h.Call(b, "get_image", map[string]any{"image_id": "Debian 12 bookworm"}).MustSucceed(b)
	}
}

// BenchmarkListInstances: the default page (100) of 1,000 servers, and a
// page of 1,000 (limit=1000) of 10,000.
func BenchmarkListInstances(b *testing.B) {
	for _, c := range []struct{ servers, limit int }{{1000, 0}, {10000, 1000}} {
		b.Run(fmt.Sprintf("%d/limit=%d", c.servers, c.limit), func(b *testing.B) {
			h := servertest.New(b)
			nova.Seed(h.Sandbox.Cloud, c.servers)
			args := map[string]any{}
			if c.limit > 0 {
				args["limit"] = c.limit
			}
			h.Call(b, "list_instances", args).MustSucceed(b)
			b.ReportAllocs()
			for b.Loop() {
				h.Call(b, "list_instances", args).MustSucceed(b)
			}
		})
	}
}
