package compute_test

import (
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
)

// Ten simultaneous create_instance of one name make one server; the others
// are refused as conflicts naming it.
func TestSimultaneousCreatesMakeOneServer(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	h.CreateAtOnce(t, "create_instance", "list_instances", "instances", 10, map[string]any{"name": "once",
		"flavor": "a1-ram2-disk20-perf1", "image": "Debian 12 bookworm", "network": "private", "wait": false})
}
