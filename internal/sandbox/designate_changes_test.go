package sandbox_test

import (
	"testing"
	"time"
)

// TestDesignateChangesAsTheLab: a zone's PATCH, a record set's TTL set back
// to the zone's (null), and the record sets of all zones, as the lab answers
// them (samples).
func TestDesignateChangesAsTheLab(t *testing.T) {
	a := newAPI(t)
	z := a.json("POST", "/dns/v2/zones", map[string]any{"name": "sample-zone.test.", "email": "hostmaster@sample-zone.test", "ttl": 600}, 202)["id"].(string)
	a.clock.Advance(time.Second)
	rsets := "/dns/v2/zones/" + z + "/recordsets"
	rs := a.json("POST", rsets, map[string]any{"name": "www.sample-zone.test.", "type": "A", "records": []string{"198.51.100.7"}, "ttl": 300}, 202)["id"].(string)
	a.clock.Advance(time.Second)

	got := a.json("PUT", rsets+"/"+rs, map[string]any{"ttl": nil}, 202)
	sampleKeys(t, "designate-recordset-update-ttl-null-202.json", got, whole)
	if got["ttl"] != nil || got["action"] != "UPDATE" {
		t.Errorf("ttl null: %v", got)
	}
	all := a.json("GET", "/dns/v2/recordsets?name=www.sample-zone.test.", nil, 200)
	sampleKeys(t, "designate-recordsets-all-name-filter.json", all, whole)
	if n := len(all["recordsets"].([]any)); n != 1 {
		t.Errorf("all record sets named www: %d", n)
	}

	zone := a.json("PATCH", "/dns/v2/zones/"+z, map[string]any{"ttl": 900, "description": "sample", "email": "dns@sample-zone.test"}, 202)
	sampleKeys(t, "designate-zone-update-202.json", zone, whole)
	if zone["ttl"] != float64(900) || zone["description"] != "sample" || zone["email"] != "dns@sample-zone.test" || zone["action"] != "UPDATE" {
		t.Errorf("patched: %v", zone)
	}
	a.refusesAsLab(faultCase{"designate-zone-update-name-400.txt", "PATCH", "/dns/v2/zones/" + z, map[string]any{"name": "other-zone.test."}})
}
