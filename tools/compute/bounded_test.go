package compute_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/nova"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/compute"
)

// TestListInstancesIsBounded: a list without arguments is a page of 100,
// with truncated and next_marker when more exist; the marker continues
// without repeating or skipping; limit goes up to 1000, not beyond.
func TestListInstancesIsBounded(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	nova.Seed(h.Sandbox.Cloud, 250)
	seen := map[string]bool{}
	var pages []int
	marker := ""
	for {
		args := map[string]any{}
		if marker != "" {
			args["marker"] = marker
		}
		r := h.Call(t, "list_instances", args).MustSucceed(t)
		var l compute.InstanceList
		r.Decode(t, &l)
		for _, s := range l.Instances {
			if seen[s.ID] {
				t.Fatalf("%s listed twice", s.ID)
			}
			seen[s.ID] = true
		}
		pages = append(pages, len(l.Instances))
		if l.Truncated != (l.NextMarker != "") {
			t.Fatalf("truncated %v with next_marker %q", l.Truncated, l.NextMarker)
		}
		if !l.Truncated {
			break
		}
		if l.NextMarker != l.Instances[len(l.Instances)-1].ID {
			t.Fatalf("next_marker %q is not the page's last server", l.NextMarker)
		}
		marker = l.NextMarker
	}
	if len(pages) != 3 || pages[0] != 100 || pages[1] != 100 || pages[2] != 50 || len(seen) != 250 {
		t.Fatalf("pages %v, %d servers; want 100, 100, 50 and all 250", pages, len(seen))
	}
	all := servertest.CallAs[compute.InstanceList](t, h, "list_instances", map[string]any{"limit": 1000})
	if len(all.Instances) != 250 || all.Truncated || all.NextMarker != "" {
		t.Errorf("limit=1000: %d servers, truncated %v", len(all.Instances), all.Truncated)
	}
	h.Call(t, "list_instances", map[string]any{"limit": 1001}).WantError(t, "invalid_argument", "limit: must be at most 1000")
}

// TestListItemsAreCompact: a server of a list is the get view, without
// nulls, empty lists or links, within 300 bytes for a plain server.
func TestListItemsAreCompact(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	nova.Seed(h.Sandbox.Cloud, 20)
	r := h.Call(t, "list_instances", nil).MustSucceed(t)
	var l struct {
		Instances []json.RawMessage `json:"instances"`
	}
	if err := json.Unmarshal(r.Structured, &l); err != nil || len(l.Instances) != 20 {
		t.Fatalf("%v: %s", err, r.Structured)
	}
	for _, raw := range l.Instances {
		s := string(raw)
		if strings.Contains(s, "null") || strings.Contains(s, "[]") || strings.Contains(s, "{}") || strings.Contains(s, "links") {
			t.Errorf("padding in %s", s)
		}
		if len(raw) > 300 {
			t.Errorf("%d bytes, want at most 300: %s", len(raw), s)
		}
	}
	var one compute.Server
	_ = json.Unmarshal(l.Instances[0], &one)
	// get_instance's view is the list's, and its connect part.
	got := servertest.CallAs[map[string]json.RawMessage](t, h, "get_instance", map[string]any{"instance_id": one.ID})
	if got["connect"] == nil {
		t.Errorf("get_instance of an ACTIVE server has no connect part")
	}
	delete(got, "connect")
	if b, _ := json.Marshal(got); string(b) != string(l.Instances[0]) {
		t.Errorf("list item and get view differ:\n%s\n%s", l.Instances[0], b)
	}
}
