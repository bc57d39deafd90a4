package dns_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/dns"
)

// With a quarter of Designate's replies lost after the work is done and a
// tenth of its requests dropped before, a zone is never made twice, and
// set_record ends with the one record set asked for: a retried POST that
// Designate refuses as a duplicate is the record set made by the first.
func TestLostRepliesNeitherDuplicateNorFail(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{ActionDelay: 10 * time.Millisecond,
		Faults: sandbox.Faults{LostReplyRate: 0.25, DropRate: 0.1, Seed: 11, SparePaths: []string{"/identity"}}}),
		servertest.WithInstantRetries())
	got := h.CreateEach(t, "create_zone", "POST /dns/v2/zones", 6, func(i int) map[string]any {
		return map[string]any{"name": fmt.Sprintf("lost-%d.example.com.", i)}
	})
	servertest.CreatedOnce(t, got, h.IDsByName(t, "list_zones", "zones"))
	zone := ""
	for name, id := range got {
		if id != "" {
			zone = name
		}
	}
	if zone == "" {
		t.Fatal("no zone was made")
	}
	for i := range 6 {
		args := map[string]any{"zone": zone, "name": fmt.Sprintf("host-%d", i), "type": "A", "records": []string{fmt.Sprintf("203.0.113.%d", i+1)}}
		var r servertest.Result
		for range 5 {
			if r = h.Call(t, "set_record", args); !r.IsError || r.ErrorCode() != "unavailable" {
				break
			}
		}
		if r.IsError {
			t.Fatalf("set_record host-%d: %s", i, r.Text)
		}
	}
	for range 5 {
		r := h.Call(t, "list_records", map[string]any{"zone": zone, "type": "A"})
		if r.IsError {
			continue
		}
		var list dns.RecordSetList
		r.Decode(t, &list)
		if len(list.RecordSets) != 6 {
			t.Errorf("A record sets: %+v", list.RecordSets)
		}
		return
	}
	t.Fatal("list_records never answered")
}
