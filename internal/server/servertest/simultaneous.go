package servertest

import (
	"sync"
	"testing"
)

// CreateAtOnce calls the create tool n times at once with the same
// arguments (one name), and checks that the cloud then holds one resource
// of that name under key of listTool: one call returned it, and each other
// call was refused as a conflict naming it. It returns how many the cloud
// holds, for the test's log.
func (h *Harness) CreateAtOnce(t testing.TB, tool, listTool, key string, n int, args map[string]any) int {
	t.Helper()
	name, _ := args["name"].(string)
	results := make([]Result, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i] = h.Call(t, tool, args)
		}()
	}
	close(start)
	wg.Wait()
	ids := h.IDsByName(t, listTool, key)[name]
	t.Logf("%d simultaneous %s of %q: the cloud holds %d", n, tool, name, len(ids))
	if len(ids) != 1 {
		t.Errorf("%d simultaneous %s of %q made %d: %v", n, tool, name, len(ids), ids)
		return len(ids)
	}
	won := 0
	for _, r := range results {
		switch {
		case !r.IsError:
			won++
			if id, _ := r.Map(t)["id"].(string); id != ids[0] {
				t.Errorf("a call returned %s, the cloud holds %s", id, ids[0])
			}
		case r.ErrorCode() == "conflict":
			var e struct {
				Error struct {
					Details struct {
						ID string `json:"id"`
					} `json:"details"`
				} `json:"error"`
			}
			r.Decode(t, &e)
			if e.Error.Details.ID != ids[0] {
				t.Errorf("a conflict names %q, the cloud holds %s: %s", e.Error.Details.ID, ids[0], r.Text)
			}
		default:
			t.Errorf("a call failed otherwise: %s", r.Text)
		}
	}
	if won != 1 {
		t.Errorf("%d calls returned the resource, want 1", won)
	}
	return len(ids)
}
