package billing_test

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/billing"
)

// On the lab, get_costs answers from a real CloudKitty with the shapes it
// has on the sandbox, and its totals are the sums of its items. The lab's
// CloudKitty holds the last 24 hours rated
// (test/openstack/services/cloudkitty_rate.py).
func TestCostsOnLab(t *testing.T) {
	lab := servertest.Lab(t, servertest.WithConfig(allToolsets))
	// The last two days: the lab's rated hours, even on a month's first day.
	since := time.Now().UTC().Add(-48 * time.Hour).Format(time.RFC3339)
	args := map[string]any{"group_by": "resource", "since": since}
	got := lab.Call(t, "get_costs", args).MustSucceed(t)
	var costs billing.Costs
	got.Decode(t, &costs)
	sum := 0.0
	for _, it := range costs.Items {
		sum += it.ICU
	}
	if costs.Others != nil { // a lab that has run for days rates more than a page of items
		sum += costs.Others.ICU
	}
	if len(costs.Items) == 0 || costs.RatedUntil == "" || !near(sum, costs.Total.ICU) || costs.Complete {
		t.Errorf("the lab's rated hours, up to the last rated one, the total the items' and the others' sum: %+v", costs)
	}
	for i := 1; i < len(costs.Items); i++ {
		if costs.Items[i].ICU > costs.Items[i-1].ICU {
			t.Errorf("not most expensive first: %+v", costs.Items)
		}
	}

	h, clock := start(t, sandbox.Options{})
	h.Call(t, "create_floating_ip", nil).MustSucceed(t)
	clock.Advance(3 * time.Hour)
	args["since"] = "2026-11-22T00:00:00Z"
	sb := h.Call(t, "get_costs", args).MustSucceed(t)
	if l, s := shape(t, got.Structured, "others"), shape(t, sb.Structured, "others"); l != s {
		t.Errorf("shapes differ\nlab:     %s\nsandbox: %s", l, s)
	}
}

// shape is the sorted paths of a JSON value's keys (arrays by their first
// item), less the top-level keys optional names: present on one cloud and
// not the other for what each holds (others: the items past the page).
func shape(t *testing.T, raw json.RawMessage, optional ...string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var paths []string
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				if prefix == "" && slices.Contains(optional, k) {
					continue
				}
				paths = append(paths, prefix+k)
				walk(prefix+k+".", c)
			}
		case []any:
			if len(x) > 0 {
				walk(prefix+"[].", x[0])
			}
		}
	}
	walk("", v)
	sort.Strings(paths)
	return strings.Join(paths, " ")
}
