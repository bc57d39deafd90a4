package designate_test

import (
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/designate"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// TestDesignateMatchesSamples walks a zone and a record set through what
// capture-samples.sh did on the lab's Designate, comparing each answer's
// keys and each refusal's words with the lab's, and the PENDING → ACTIVE
// steps on the sandbox's clock.
func TestDesignateMatchesSamples(t *testing.T) {
	a := sandboxtest.New(t)
	sandboxtest.SampleKeys(t, "designate-versions.json", a.JSON("GET", "/dns/", nil, 200), sandboxtest.Whole)
	if q, want := a.JSON("GET", "/dns/v2/quotas/"+a.Sandbox.ProjectID(), nil, 200), sandboxtest.ReadSample(t, "designate-quotas.json"); sandboxtest.KeyList(q) != sandboxtest.KeyList(want) || q["zones"] != want["zones"] || q["zone_recordsets"] != want["zone_recordsets"] {
		t.Errorf("quotas %v, the lab's %v", q, want)
	}

	zone := a.JSON("POST", "/dns/v2/zones", map[string]any{"name": "sample-zone.test.", "email": "hostmaster@sample-zone.test", "ttl": 600}, 202)
	sandboxtest.SampleKeys(t, "designate-zone-create-202.json", zone, sandboxtest.Whole)
	if zone["status"] != "PENDING" || zone["action"] != "CREATE" || zone["updated_at"] != nil {
		t.Errorf("a new zone: %v", zone)
	}
	z := zone["id"].(string)
	for _, c := range []sandboxtest.FaultCase{
		{Sample: "designate-zone-duplicate-409.txt", Method: "POST", Path: "/dns/v2/zones", Body: map[string]any{"name": "sample-zone.test.", "email": "hostmaster@sample-zone.test"}},
		{Sample: "designate-zone-no-dot-400.txt", Method: "POST", Path: "/dns/v2/zones", Body: map[string]any{"name": "sample-zone.test", "email": "hostmaster@sample-zone.test"}},
		{Sample: "designate-zone-404.txt", Method: "GET", Path: "/dns/v2/zones/7c1b5a1e-0000-4000-8000-000000000000"},
		{Sample: "designate-zones-bad-marker-400.txt", Method: "GET", Path: "/dns/v2/zones?marker=7c1b5a1e-0000-4000-8000-000000000000"},
		{Sample: "designate-zones-bad-limit-400.txt", Method: "GET", Path: "/dns/v2/zones?limit=0"},
	} {
		a.RefusesAsLab(c)
	}
	a.Clock.Advance(time.Second)
	active := a.JSON("GET", "/dns/v2/zones/"+z, nil, 200)
	sandboxtest.SampleKeys(t, "designate-zone-active.json", active, sandboxtest.Whole)
	if active["status"] != "ACTIVE" || active["action"] != "NONE" || active["updated_at"] == nil {
		t.Errorf("the zone a second later: %v", active)
	}
	listed := a.JSON("GET", "/dns/v2/zones?name=SAMPLE-ZONE.TEST.", nil, 200)
	sandboxtest.SampleKeys(t, "designate-zones-name-filter.json", listed, sandboxtest.Whole)
	sandboxtest.SampleKeys(t, "designate-zones-name-filter.json", listed["zones"].([]any)[0].(map[string]any), sandboxtest.FirstOf("zones"))

	rsets := "/dns/v2/zones/" + z + "/recordsets"
	created := a.JSON("POST", rsets, map[string]any{"name": "www.sample-zone.test.", "type": "A", "records": []string{"198.51.100.7"}, "ttl": 300}, 202)
	sandboxtest.SampleKeys(t, "designate-recordset-create-202.json", created, sandboxtest.Whole)
	if created["status"] != "PENDING" || created["action"] != "CREATE" {
		t.Errorf("a new record set: %v", created)
	}
	rs := created["id"].(string)
	rsPost := func(sample string, body map[string]any) sandboxtest.FaultCase {
		return sandboxtest.FaultCase{Sample: sample, Method: "POST", Path: rsets, Body: body}
	}
	for _, c := range []sandboxtest.FaultCase{
		rsPost("designate-recordset-duplicate-409.txt", map[string]any{"name": "www.sample-zone.test.", "type": "A", "records": []string{"198.51.100.8"}}),
		rsPost("designate-recordset-cname-beside-400.txt", map[string]any{"name": "www.sample-zone.test.", "type": "CNAME", "records": []string{"web.example.org."}}),
		rsPost("designate-recordset-outside-zone-400.txt", map[string]any{"name": "www.example.org.", "type": "A", "records": []string{"198.51.100.7"}}),
		rsPost("designate-recordset-bad-address-400.txt", map[string]any{"name": "bad.sample-zone.test.", "type": "A", "records": []string{"2001:db8::7"}}),
		rsPost("designate-recordset-bad-ttl-400.txt", map[string]any{"name": "bad.sample-zone.test.", "type": "A", "records": []string{"198.51.100.7"}, "ttl": 2147483648}),
	} {
		a.RefusesAsLab(c)
	}
	if z := a.JSON("GET", "/dns/v2/zones/"+z, nil, 200); z["status"] != "PENDING" {
		t.Errorf("the zone while its record set is pushed: %v %v", z["status"], z["action"])
	}
	a.Clock.Advance(time.Second)
	got := a.JSON("GET", rsets+"/"+rs, nil, 200)
	sandboxtest.SampleKeys(t, "designate-recordset-active.json", got, sandboxtest.Whole)
	if got["status"] != "ACTIVE" || got["action"] != "NONE" {
		t.Errorf("the record set a second later: %v", got)
	}
	filtered := a.JSON("GET", rsets+"?type=A&name=www.sample-zone.test.", nil, 200)
	sandboxtest.SampleKeys(t, "designate-recordsets-filter.json", filtered, sandboxtest.Whole)
	if n := len(filtered["recordsets"].([]any)); n != 1 {
		t.Errorf("filtered: %d record sets", n)
	}
	page := a.JSON("GET", rsets+"?limit=1", nil, 200)
	sandboxtest.SampleKeys(t, "designate-recordsets-limit1.json", page, sandboxtest.Whole)
	sandboxtest.SampleKeys(t, "designate-recordsets-limit1.json", page["links"].(map[string]any), sandboxtest.Under("links"))
	lab := sandboxtest.ReadSample(t, "designate-recordsets-limit1.json")
	if first, labFirst := page["recordsets"].([]any)[0].(map[string]any)["type"], lab["recordsets"].([]any)[0].(map[string]any)["type"]; first != labFirst {
		t.Errorf("the first record set is %v, the lab's %v", first, labFirst)
	}
	if n, labN := page["metadata"].(map[string]any)["total_count"], lab["metadata"].(map[string]any)["total_count"]; n != labN {
		t.Errorf("total_count %v, the lab's %v (SOA, NS and www)", n, labN)
	}

	updated := a.JSON("PUT", rsets+"/"+rs, map[string]any{"records": []string{"198.51.100.7", "198.51.100.8"}, "ttl": 600}, 202)
	sandboxtest.SampleKeys(t, "designate-recordset-update-202.json", updated, sandboxtest.Whole)
	if updated["action"] != "UPDATE" || updated["version"] != float64(2) || len(updated["records"].([]any)) != 2 {
		t.Errorf("updated: %v", updated)
	}
	deleted := a.JSON("DELETE", rsets+"/"+rs, nil, 202)
	sandboxtest.SampleKeys(t, "designate-recordset-delete-202.json", deleted, sandboxtest.Whole)
	if deleted["action"] != "DELETE" || deleted["status"] != "PENDING" {
		t.Errorf("deleted: %v", deleted)
	}
	a.Clock.Advance(time.Second)
	if st, _, _ := a.Do("GET", rsets+"/"+rs, nil); st != 404 {
		t.Errorf("a deleted record set: %d", st)
	}
	zdel := a.JSON("DELETE", "/dns/v2/zones/"+z, nil, 202)
	sandboxtest.SampleKeys(t, "designate-zone-delete-202.json", zdel, sandboxtest.Whole)
	if zdel["action"] != "DELETE" {
		t.Errorf("deleted zone: %v", zdel)
	}
	a.Clock.Advance(time.Second)
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "designate-zone-404.txt", Method: "GET", Path: "/dns/v2/zones/" + z})
}

// TestDesignateQuotasAsLab: a full quota refuses as the lab's Designate does.
func TestDesignateQuotasAsLab(t *testing.T) {
	a := sandboxtest.New(t)
	def := designate.Quota{Zones: 10, ZoneRecordsets: 500, ZoneRecords: 500, RecordsetRecords: 20, APIExportSize: 1000}
	q := def
	q.Zones = 0
	designate.SetQuota(a.Sandbox.Cloud, q)
	zone := map[string]any{"name": "quota-zone.test.", "email": "hostmaster@quota-zone.test"}
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "designate-zone-over-quota-413.txt", Method: "POST", Path: "/dns/v2/zones", Body: zone})
	q = def
	q.ZoneRecordsets = 2 // the zone's SOA and NS
	designate.SetQuota(a.Sandbox.Cloud, q)
	z := a.JSON("POST", "/dns/v2/zones", zone, 202)["id"].(string)
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "designate-recordset-over-quota-413.txt", Method: "POST", Path: "/dns/v2/zones/" + z + "/recordsets",
		Body: map[string]any{"name": "a.quota-zone.test.", "type": "A", "records": []string{"198.51.100.7"}}})
}

// TestDesignateZoneOfAnotherProject: a name another project holds is
// refused as a duplicate, and this project's list never shows it.
func TestDesignateZoneOfAnotherProject(t *testing.T) {
	a := sandboxtest.New(t)
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "designate-zone-duplicate-409.txt", Method: "POST", Path: "/dns/v2/zones",
		Body: map[string]any{"name": designate.TakenZoneName, "email": "hostmaster@example.org"}})
	if zones := a.JSON("GET", "/dns/v2/zones", nil, 200)["zones"].([]any); len(zones) != 0 {
		t.Errorf("zones of a new project: %v", zones)
	}
}
