package compute_test

import (
	"fmt"
	"testing"

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

func BenchmarkListInstances(b *testing.B) {
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			h := servertest.New(b)
			h.Sandbox.SeedServers(n)
			h.Call(b, "list_instances", nil).MustSucceed(b)
			b.ReportAllocs()
			for b.Loop() {
				h.Call(b, "list_instances", nil).MustSucceed(b)
			}
		})
	}
}
