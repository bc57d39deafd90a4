package volume_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/volume"
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
	const n = 6
	got := map[string]string{} // name → id of the calls that succeeded
	for i := range n {
		name := fmt.Sprintf("lost-%d", i)
		r := h.Call(t, "create_volume", map[string]any{"size": 1, "name": name})
		if r.IsError {
			t.Logf("%s: %s", name, r.Text)
			if r.ErrorCode() != "unavailable" {
				t.Errorf("%s: %s", name, r.Text)
			}
			continue
		}
		var v volume.Volume
		r.Decode(t, &v)
		got[name] = v.ID
	}
	if posts := h.Sandbox.Stats().ByRoute["POST /volume/v3/{id}/volumes"]; posts > n {
		t.Errorf("%d creates sent %d POSTs", n, posts)
	}
	all := listRetrying(t, h)
	byName := map[string][]string{}
	for _, v := range all {
		byName[v.Name] = append(byName[v.Name], v.ID)
	}
	for name, ids := range byName {
		if len(ids) > 1 {
			t.Errorf("%s exists %d times", name, len(ids))
		}
		if id, ok := got[name]; ok && ids[0] != id {
			t.Errorf("%s: the call returned %s, the cloud has %s", name, id, ids[0])
		}
	}
	for _, v := range all {
		var last servertest.Result
		for range 5 {
			if last = h.Call(t, "delete_volume", map[string]any{"volume_id": v.ID}); !last.IsError {
				break
			}
			if last.ErrorCode() != "unavailable" {
				t.Fatalf("delete %s: %s", v.Name, last.Text)
			}
		}
		if last.IsError {
			t.Errorf("delete %s never succeeded: %s", v.Name, last.Text)
		}
	}
	if left := listRetrying(t, h); len(left) != 0 {
		t.Errorf("left behind: %+v", left)
	}
}

func listRetrying(t *testing.T, h *servertest.Harness) []volume.Volume {
	t.Helper()
	for range 5 {
		if r := h.Call(t, "list_volumes", nil); !r.IsError {
			var l volume.VolumeList
			r.Decode(t, &l)
			return l.Volumes
		}
	}
	t.Fatal("list_volumes failed 5 times")
	return nil
}
