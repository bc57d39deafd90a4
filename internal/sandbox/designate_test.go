package sandbox_test

import (
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/designate"
)

func whole(m map[string]any) map[string]any { return m }

// TestDesignateMatchesSamples walks a zone and a record set through what
// capture-samples.sh did on the lab's Designate, comparing each answer's
// keys and each refusal's words with the lab's, and the PENDING → ACTIVE
// steps on the sandbox's clock.
func TestDesignateMatchesSamples(t *testing.T) {
	a := newAPI(t)
	sampleKeys(t, "designate-versions.json", a.json("GET", "/dns/", nil, 200), whole)
	if q, want := a.json("GET", "/dns/v2/quotas/"+a.sb.ProjectID(), nil, 200), readSample(t, "designate-quotas.json"); keyList(q) != keyList(want) || q["zones"] != want["zones"] || q["zone_recordsets"] != want["zone_recordsets"] {
		t.Errorf("quotas %v, the lab's %v", q, want)
	}

	zone := a.json("POST", "/dns/v2/zones", map[string]any{"name": "sample-zone.test.", "email": "hostmaster@sample-zone.test", "ttl": 600}, 202)
	sampleKeys(t, "designate-zone-create-202.json", zone, whole)
	if zone["status"] != "PENDING" || zone["action"] != "CREATE" || zone["updated_at"] != nil {
		t.Errorf("a new zone: %v", zone)
	}
	z := zone["id"].(string)
	for _, c := range []faultCase{
		{"designate-zone-duplicate-409.txt", "POST", "/dns/v2/zones", map[string]any{"name": "sample-zone.test.", "email": "hostmaster@sample-zone.test"}},
		{"designate-zone-no-dot-400.txt", "POST", "/dns/v2/zones", map[string]any{"name": "sample-zone.test", "email": "hostmaster@sample-zone.test"}},
		{"designate-zone-404.txt", "GET", "/dns/v2/zones/7c1b5a1e-0000-4000-8000-000000000000", nil},
		{"designate-zones-bad-marker-400.txt", "GET", "/dns/v2/zones?marker=7c1b5a1e-0000-4000-8000-000000000000", nil},
		{"designate-zones-bad-limit-400.txt", "GET", "/dns/v2/zones?limit=0", nil},
	} {
		a.refusesAsLab(c)
	}
	a.clock.Advance(time.Second)
	active := a.json("GET", "/dns/v2/zones/"+z, nil, 200)
	sampleKeys(t, "designate-zone-active.json", active, whole)
	if active["status"] != "ACTIVE" || active["action"] != "NONE" || active["updated_at"] == nil {
		t.Errorf("the zone a second later: %v", active)
	}
	listed := a.json("GET", "/dns/v2/zones?name=SAMPLE-ZONE.TEST.", nil, 200)
	sampleKeys(t, "designate-zones-name-filter.json", listed, whole)
	sampleKeys(t, "designate-zones-name-filter.json", listed["zones"].([]any)[0].(map[string]any), firstOf("zones"))

	rsets := "/dns/v2/zones/" + z + "/recordsets"
	created := a.json("POST", rsets, map[string]any{"name": "www.sample-zone.test.", "type": "A", "records": []string{"198.51.100.7"}, "ttl": 300}, 202)
	sampleKeys(t, "designate-recordset-create-202.json", created, whole)
	if created["status"] != "PENDING" || created["action"] != "CREATE" {
		t.Errorf("a new record set: %v", created)
	}
	rs := created["id"].(string)
	rsPost := func(sample string, body map[string]any) faultCase { return faultCase{sample, "POST", rsets, body} }
	for _, c := range []faultCase{
		rsPost("designate-recordset-duplicate-409.txt", map[string]any{"name": "www.sample-zone.test.", "type": "A", "records": []string{"198.51.100.8"}}),
		rsPost("designate-recordset-cname-beside-400.txt", map[string]any{"name": "www.sample-zone.test.", "type": "CNAME", "records": []string{"web.example.org."}}),
		rsPost("designate-recordset-outside-zone-400.txt", map[string]any{"name": "www.example.org.", "type": "A", "records": []string{"198.51.100.7"}}),
		rsPost("designate-recordset-bad-address-400.txt", map[string]any{"name": "bad.sample-zone.test.", "type": "A", "records": []string{"2001:db8::7"}}),
		rsPost("designate-recordset-bad-ttl-400.txt", map[string]any{"name": "bad.sample-zone.test.", "type": "A", "records": []string{"198.51.100.7"}, "ttl": 2147483648}),
	} {
		a.refusesAsLab(c)
	}
	if z := a.json("GET", "/dns/v2/zones/"+z, nil, 200); z["status"] != "PENDING" {
		t.Errorf("the zone while its record set is pushed: %v %v", z["status"], z["action"])
	}
	a.clock.Advance(time.Second)
	got := a.json("GET", rsets+"/"+rs, nil, 200)
	sampleKeys(t, "designate-recordset-active.json", got, whole)
	if got["status"] != "ACTIVE" || got["action"] != "NONE" {
		t.Errorf("the record set a second later: %v", got)
	}
	filtered := a.json("GET", rsets+"?type=A&name=www.sample-zone.test.", nil, 200)
	sampleKeys(t, "designate-recordsets-filter.json", filtered, whole)
	if n := len(filtered["recordsets"].([]any)); n != 1 {
		t.Errorf("filtered: %d record sets", n)
	}
	page := a.json("GET", rsets+"?limit=1", nil, 200)
	sampleKeys(t, "designate-recordsets-limit1.json", page, whole)
	sampleKeys(t, "designate-recordsets-limit1.json", page["links"].(map[string]any), under("links"))
	lab := readSample(t, "designate-recordsets-limit1.json")
	if first, labFirst := page["recordsets"].([]any)[0].(map[string]any)["type"], lab["recordsets"].([]any)[0].(map[string]any)["type"]; first != labFirst {
		t.Errorf("the first record set is %v, the lab's %v", first, labFirst)
	}
	if n, labN := page["metadata"].(map[string]any)["total_count"], lab["metadata"].(map[string]any)["total_count"]; n != labN {
		t.Errorf("total_count %v, the lab's %v (SOA, NS and www)", n, labN)
	}

	updated := a.json("PUT", rsets+"/"+rs, map[string]any{"records": []string{"198.51.100.7", "198.51.100.8"}, "ttl": 600}, 202)
	sampleKeys(t, "designate-recordset-update-202.json", updated, whole)
	if updated["action"] != "UPDATE" || updated["version"] != float64(2) || len(updated["records"].([]any)) != 2 {
		t.Errorf("updated: %v", updated)
	}
	deleted := a.json("DELETE", rsets+"/"+rs, nil, 202)
	sampleKeys(t, "designate-recordset-delete-202.json", deleted, whole)
	if deleted["action"] != "DELETE" || deleted["status"] != "PENDING" {
		t.Errorf("deleted: %v", deleted)
	}
	a.clock.Advance(time.Second)
	if st, _, _ := a.do("GET", rsets+"/"+rs, nil); st != 404 {
		t.Errorf("a deleted record set: %d", st)
	}
	zdel := a.json("DELETE", "/dns/v2/zones/"+z, nil, 202)
	sampleKeys(t, "designate-zone-delete-202.json", zdel, whole)
	if zdel["action"] != "DELETE" {
		t.Errorf("deleted zone: %v", zdel)
	}
	a.clock.Advance(time.Second)
	a.refusesAsLab(faultCase{"designate-zone-404.txt", "GET", "/dns/v2/zones/" + z, nil})
}

// TestDesignateQuotasAsLab: a full quota refuses as the lab's Designate does.
func TestDesignateQuotasAsLab(t *testing.T) {
	a := newAPI(t)
	def := designate.Quota{Zones: 10, ZoneRecordsets: 500, ZoneRecords: 500, RecordsetRecords: 20, APIExportSize: 1000}
	q := def
	q.Zones = 0
	designate.SetQuota(a.sb.Cloud, q)
	zone := map[string]any{"name": "quota-zone.test.", "email": "hostmaster@quota-zone.test"}
	a.refusesAsLab(faultCase{"designate-zone-over-quota-413.txt", "POST", "/dns/v2/zones", zone})
	q = def
	q.ZoneRecordsets = 2 // the zone's SOA and NS
	designate.SetQuota(a.sb.Cloud, q)
	z := a.json("POST", "/dns/v2/zones", zone, 202)["id"].(string)
	a.refusesAsLab(faultCase{"designate-recordset-over-quota-413.txt", "POST", "/dns/v2/zones/" + z + "/recordsets",
		map[string]any{"name": "a.quota-zone.test.", "type": "A", "records": []string{"198.51.100.7"}}})
}

// TestDesignateZoneOfAnotherProject: a name another project holds is
// refused as a duplicate, and this project's list never shows it.
func TestDesignateZoneOfAnotherProject(t *testing.T) {
	a := newAPI(t)
	a.refusesAsLab(faultCase{"designate-zone-duplicate-409.txt", "POST", "/dns/v2/zones",
		map[string]any{"name": designate.TakenZoneName, "email": "hostmaster@example.org"}})
	if zones := a.json("GET", "/dns/v2/zones", nil, 200)["zones"].([]any); len(zones) != 0 {
		t.Errorf("zones of a new project: %v", zones)
	}
}
