package designate_test

import (
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// TestDesignateNamesKeepTheirCase: as the lab's Designate, a name is kept as
// written; a zone or record set whose name differs only in case is a
// duplicate; a record set must end with its zone's name as the zone spells it.
func TestDesignateNamesKeepTheirCase(t *testing.T) {
	a := sandboxtest.New(t)
	z := a.JSON("POST", "/dns/v2/zones", map[string]any{"name": "sample-zone.test.", "email": "hostmaster@sample-zone.test"}, 202)["id"].(string)
	rsets := "/dns/v2/zones/" + z + "/recordsets"
	created := a.JSON("POST", rsets, map[string]any{"name": "WWW.sample-zone.test.", "type": "A", "records": []string{"198.51.100.9"}}, 202)
	sandboxtest.SampleKeys(t, "designate-recordset-mixed-case-202.json", created, sandboxtest.Whole)
	if lab := sandboxtest.ReadSample(t, "designate-recordset-mixed-case-202.json"); created["name"] != lab["name"] || created["zone_name"] != lab["zone_name"] {
		t.Errorf("the record set is named %v in zone %v; the lab's: %v in %v", created["name"], created["zone_name"], lab["name"], lab["zone_name"])
	}
	for _, c := range []sandboxtest.FaultCase{
		{Sample: "designate-recordset-duplicate-case-409.txt", Method: "POST", Path: rsets, Body: map[string]any{"name": "www.sample-zone.test.", "type": "A", "records": []string{"198.51.100.9"}}},
		{Sample: "designate-recordset-zone-case-400.txt", Method: "POST", Path: rsets, Body: map[string]any{"name": "web.Sample-Zone.test.", "type": "A", "records": []string{"198.51.100.9"}}},
		{Sample: "designate-zone-duplicate-case-409.txt", Method: "POST", Path: "/dns/v2/zones", Body: map[string]any{"name": "SAMPLE-ZONE.test.", "email": "hostmaster@sample-zone.test"}},
	} {
		a.RefusesAsLab(c)
	}
	if zone := a.JSON("POST", "/dns/v2/zones", map[string]any{"name": "Mixed-Case.test.", "email": "hostmaster@mixed-case.test"}, 202); zone["name"] != "Mixed-Case.test." {
		t.Errorf("a zone written Mixed-Case.test. is named %v", zone["name"])
	}
}
