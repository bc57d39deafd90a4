package compute_test

import (
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/compute"
)

func TestListFlavors(t *testing.T) {
	h := servertest.New(t)
	got := servertest.CallAs[compute.FlavorList](t, h, "list_flavors", nil)
	if len(got.Flavors) < 5 || got.NextMarker != "" {
		t.Fatalf("want all seeded flavors and no next_marker, got %d, %q", len(got.Flavors), got.NextMarker)
	}
	f := got.Flavors[0]
	if f.ID == "" || f.Name != "a1-ram2-disk20-perf1" || f.VCPUs != 1 || f.RAM != 2048 || f.Disk != 20 || !f.IsPublic {
		t.Errorf("first flavor = %+v", f)
	}
}

func TestListFlavorsPages(t *testing.T) {
	h := servertest.New(t)
	all := servertest.CallAs[compute.FlavorList](t, h, "list_flavors", nil)

	seen := h.PageIDs(t, "list_flavors", "flavors", 3, 10)
	if len(seen) != len(all.Flavors) {
		t.Fatalf("paging saw %d flavors, listing all gives %d", len(seen), len(all.Flavors))
	}
	for i, f := range all.Flavors {
		if seen[i] != f.ID {
			t.Fatalf("page order differs at %d", i)
		}
	}
}

func TestListFlavorsBadArguments(t *testing.T) {
	h := servertest.New(t)
	cases := map[string]struct {
		args map[string]any
		want string
	}{
		"unknown":      {map[string]any{"bogus": true}, `unknown argument "bogus"`},
		"limit zero":   {map[string]any{"limit": 0}, "limit: must be at least 1"},
		"limit string": {map[string]any{"limit": "3"}, "limit: must be integer, not string"},
		"bad marker":   {map[string]any{"marker": "nope"}, "marker [nope] not found"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := h.Call(t, "list_flavors", c.args)
			if !r.IsError || r.ErrorCode() != "invalid_argument" {
				t.Fatalf("want invalid_argument, got %v %s", r.IsError, r.Text)
			}
			if !contains(r.Text, c.want) {
				t.Errorf("message %q lacks %q", r.Text, c.want)
			}
		})
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
