package designate_test

import (
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// TestDesignateChangesAsTheLab: a zone's PATCH, a record set's TTL set back
// to the zone's (null), and the record sets of all zones, as the lab answers
// them (samples).
func TestDesignateChangesAsTheLab(t *testing.T) {
	a := sandboxtest.New(t)
	z := a.JSON("POST", "/dns/v2/zones", map[string]any{"name": "sample-zone.test.", "email": "hostmaster@sample-zone.test", "ttl": 600}, 202)["id"].(string)
	a.Clock.Advance(time.Second)
	rsets := "/dns/v2/zones/" + z + "/recordsets"
	rs := a.JSON("POST", rsets, map[string]any{"name": "www.sample-zone.test.", "type": "A", "records": []string{"198.51.100.7"}, "ttl": 300}, 202)["id"].(string)
	a.Clock.Advance(time.Second)

	got := a.JSON("PUT", rsets+"/"+rs, map[string]any{"ttl": nil}, 202)
	sandboxtest.SampleKeys(t, "designate-recordset-update-ttl-null-202.json", got, sandboxtest.Whole)
	if got["ttl"] != nil || got["action"] != "UPDATE" {
		t.Errorf("ttl null: %v", got)
	}
	all := a.JSON("GET", "/dns/v2/recordsets?name=www.sample-zone.test.", nil, 200)
	sandboxtest.SampleKeys(t, "designate-recordsets-all-name-filter.json", all, sandboxtest.Whole)
	if n := len(all["recordsets"].([]any)); n != 1 {
		t.Errorf("all record sets named www: %d", n)
	}

	zone := a.JSON("PATCH", "/dns/v2/zones/"+z, map[string]any{"ttl": 900, "description": "sample", "email": "dns@sample-zone.test"}, 202)
	sandboxtest.SampleKeys(t, "designate-zone-update-202.json", zone, sandboxtest.Whole)
	if zone["ttl"] != float64(900) || zone["description"] != "sample" || zone["email"] != "dns@sample-zone.test" || zone["action"] != "UPDATE" {
		t.Errorf("patched: %v", zone)
	}
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "designate-zone-update-name-400.txt", Method: "PATCH", Path: "/dns/v2/zones/" + z, Body: map[string]any{"name": "other-zone.test."}})
}
