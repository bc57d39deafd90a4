package network_test

import (
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
)

// server makes an ACTIVE server on network and returns its ID.
func server(t *testing.T, h *servertest.Harness, name, network string, extra map[string]any) string {
	t.Helper()
	args := map[string]any{"name": name, "flavor": "a1-ram2-disk20-perf1", "image": "Debian 12 bookworm", "network": network}
	for k, v := range extra {
		args[k] = v
	}
	var s struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	h.Call(t, "create_instance", args).MustSucceed(t).Decode(t, &s)
	if s.Status != "ACTIVE" {
		t.Fatalf("server %s: %s", name, s.Status)
	}
	return s.ID
}
