package volume_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
)

// With a quarter of the cloud's replies lost after the work is done and a
// tenth of its requests dropped before, a create is never repeated (each
// call returns its one volume or says nothing was created), and deletes,
// whose retries Cinder refuses once the first attempt worked, still end
// with the volume gone.
func TestLostRepliesNeitherDuplicateNorFail(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{BuildDelay: 20 * time.Millisecond, ActionDelay: 10 * time.Millisecond,
		Faults: sandbox.Faults{LostReplyRate: 0.25, DropRate: 0.1, Seed: 7, SparePaths: []string{"/identity"}}}))
	got := h.CreateEach(t, "create_volume", "POST /volume/v3/{id}/volumes", 6, func(i int) map[string]any {
		return map[string]any{"size": 1, "name": fmt.Sprintf("lost-%d", i)}
	})
	have := h.IDsByName(t, "list_volumes", "volumes")
	servertest.CreatedOnce(t, got, have)
	for name, ids := range have {
		for _, id := range ids {
			var last servertest.Result
			for range 5 {
				if last = h.Call(t, "delete_volume", map[string]any{"volume_id": id}); !last.IsError {
					break
				}
				if last.ErrorCode() != "unavailable" {
					t.Fatalf("delete %s: %s", name, last.Text)
				}
			}
			if last.IsError {
				t.Errorf("delete %s never succeeded: %s", name, last.Text)
			}
		}
	}
	if left := h.IDsByName(t, "list_volumes", "volumes"); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}
