package nova_test

import (
	"fmt"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// TestFlavorsMatchSamples pages the flavors as the lab's Nova did
// (testdata/openstack/nova-flavors-*): a flavor's keys, a page as long as
// the list still linking to a next one, and the refusals of a bad limit
// and an unknown marker, word for word.
func TestFlavorsMatchSamples(t *testing.T) {
	a := newAPI(t)
	all := a.JSON("GET", "/compute/v2.1/flavors/detail", nil, 200)
	flavors := all["flavors"].([]any)
	sandboxtest.SampleKeys(t, "nova-flavors-detail.json", flavors[0].(map[string]any), sandboxtest.FirstOf("flavors"))

	full := a.JSON("GET", fmt.Sprintf("/compute/v2.1/flavors/detail?limit=%d", len(flavors)), nil, 200)
	sandboxtest.SampleKeys(t, "nova-flavors-detail-full-page.json", full, func(m map[string]any) map[string]any { return m })
	if len(full["flavors"].([]any)) != len(flavors) || full["flavors_links"] == nil {
		t.Errorf("a page as long as the list links on, as Nova does: %v", full["flavors_links"])
	}
	last := flavors[len(flavors)-1].(map[string]any)["id"].(string)
	if past := a.JSON("GET", "/compute/v2.1/flavors/detail?limit=1&marker="+last, nil, 200); len(past["flavors"].([]any)) != 0 || past["flavors_links"] != nil {
		t.Errorf("past the end: %v", past)
	}

	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-flavors-bad-limit-400.txt", Method: "GET", Path: "/compute/v2.1/flavors/detail?limit=x"})
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-flavors-bad-marker-400.txt", Method: "GET", Path: "/compute/v2.1/flavors/detail?marker=nope"})
}
