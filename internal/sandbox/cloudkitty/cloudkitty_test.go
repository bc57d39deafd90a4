package cloudkitty_test

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cloudkitty"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// ratedSandbox is a sandbox where a server (a1-ram2-disk20-perf1, 0.45 ICU
// an hour) and a 10 GiB CEPH_1_perf1 volume (0.04 an hour) have run for
// three hours: the first two hours are rated, the third is within the lag.
func ratedSandbox(t *testing.T) (*sandboxtest.API, string, string) {
	t.Helper()
	a := sandboxtest.New(t) // the clock reads 04:53:16
	srv := a.CreateServer("rated", "Debian 12 bookworm", "ext-net1", nil)
	vol := a.JSON("POST", "/volume/v3/"+a.Sandbox.ProjectID()+"/volumes",
		map[string]any{"volume": map[string]any{"name": "rated-vol", "size": 10, "volume_type": "CEPH_1_perf1"}}, 202)["volume"].(map[string]any)["id"].(string)
	a.Clock.Advance(3 * time.Hour) // 07:53: hours 04:00 and 05:00 are rated, 06:00 ends within the lag
	a.Login()
	return a, srv, vol
}

func number(t *testing.T, v any) float64 {
	t.Helper()
	f, ok := v.(float64)
	if !ok {
		t.Fatalf("%v is no number", v)
	}
	return f
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestRatingSummaryAsLab(t *testing.T) {
	a, srv, vol := ratedSandbox(t)
	got := a.JSON("GET", "/rating/v2/summary?groupby=type&groupby=id", nil, 200)
	sandboxtest.SampleKeys(t, "cloudkitty-summary-by-type-id.json", got, func(m map[string]any) map[string]any { return m })
	if want := sandboxtest.ReadSample(t, "cloudkitty-summary-by-type-id.json")["columns"]; strings.Join(strs(got["columns"]), " ") != strings.Join(strs(want), " ") {
		t.Errorf("columns %v, the lab's %v", got["columns"], want)
	}
	rows := got["results"].([]any)
	if len(rows) != 2 || number(t, got["total"]) != 2 {
		t.Fatalf("want the server's and the volume's rows: %v", got)
	}
	sum := 0.0
	for _, r := range rows {
		row := r.([]any)
		if row[0] != "2026-11-01T00:00:00+00:00" || row[1] != "2026-12-01T00:00:00+00:00" {
			t.Errorf("the period is this month by default, as the lab's: %v", row[:2])
		}
		rate := number(t, row[3])
		switch row[5] {
		case srv:
			if row[4] != "instance" || !near(rate, 2*0.45) || number(t, row[2]) != 2 {
				t.Errorf("server: %v, want two hours of 0.45", row)
			}
		case vol:
			if row[4] != "volume.size" || !near(rate, 2*10*0.004) || number(t, row[2]) != 20 {
				t.Errorf("volume: %v, want two hours of 10 GiB at 0.004", row)
			}
		default:
			t.Errorf("unknown row %v", row)
		}
		sum += rate
	}
	total := a.JSON("GET", "/rating/v2/summary", nil, 200)
	sandboxtest.SampleKeys(t, "cloudkitty-summary.json", total, func(m map[string]any) map[string]any { return m })
	if r := total["results"].([]any)[0].([]any); !near(number(t, r[3]), sum) {
		t.Errorf("total %v, the rows sum to %v", r[3], sum)
	}
	empty := a.JSON("GET", "/rating/v2/summary?groupby=type&begin=2020-01-01T00:00:00Z&end=2020-01-02T00:00:00Z", nil, 200)
	if w := sandboxtest.ReadSample(t, "cloudkitty-summary-empty.json"); sandboxtest.KeyList(empty) != sandboxtest.KeyList(w) || len(empty["columns"].([]any)) != 0 || number(t, empty["total"]) != 0 {
		t.Errorf("empty period: %v, the lab's %v", empty, w)
	}
	byType := a.JSON("GET", "/rating/v2/summary?groupby=type&filters=type:instance&response_format=object", nil, 200)
	if res := byType["results"].([]any); len(res) != 1 || res[0].(map[string]any)["type"] != "instance" {
		t.Errorf("filters=type:instance as objects: %v", byType)
	}
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func TestRatingDataframesAsLab(t *testing.T) {
	a, _, _ := ratedSandbox(t)
	got := a.JSON("GET", "/rating/v2/dataframes?limit=2", nil, 200)
	want := sandboxtest.ReadSample(t, "cloudkitty-dataframes-limit-2.json")
	sandboxtest.SampleKeys(t, "cloudkitty-dataframes-limit-2.json", got, func(m map[string]any) map[string]any { return m })
	if number(t, got["total"]) != 4 {
		t.Errorf("total %v, want 4 points (2 hours of 2 resources)", got["total"])
	}
	frame := got["dataframes"].([]any)[0].(map[string]any)
	wantFrame := want["dataframes"].([]any)[0].(map[string]any)
	sandboxtest.SampleKeys(t, "cloudkitty-dataframes-limit-2.json", frame, func(map[string]any) map[string]any { return wantFrame })
	if p := frame["period"].(map[string]any); p["begin"] != "2026-11-22T04:00:00+00:00" || p["end"] != "2026-11-22T05:00:00+00:00" {
		t.Errorf("first period %v, want the hour the server was made in", p)
	}
	point := frame["usage"].(map[string]any)["instance"].([]any)[0].(map[string]any)
	wantPoint := wantFrame["usage"].(map[string]any)["instance"].([]any)[0].(map[string]any)
	sandboxtest.SampleKeys(t, "cloudkitty-dataframes-limit-2.json", point, func(map[string]any) map[string]any { return wantPoint })
	for _, k := range []string{"vol", "rating", "groupby"} {
		sandboxtest.SampleKeys(t, "cloudkitty-dataframes-limit-2.json", point[k].(map[string]any), func(map[string]any) map[string]any { return wantPoint[k].(map[string]any) })
	}
	if m := point["metadata"].(map[string]any); m["flavor_name"] != "a1-ram2-disk20-perf1" {
		t.Errorf("metadata %v, want the flavor's name", m)
	}
	st, b, _ := a.Do("GET", "/rating/v2/dataframes?begin=2020-01-01T00:00:00Z&end=2020-01-02T00:00:00Z", nil)
	wantBody(t, "cloudkitty-dataframes-empty-404.txt", st, b)
	st, b, _ = a.Do("GET", "/rating/v2/summary?begin=yesterday", nil)
	wantBody(t, "cloudkitty-summary-bad-begin-400.txt", st, b)
}

// wantBody compares a status and body (as JSON when it is) with a sample
// captured with curl -w '\n%{http_code}\n'.
func wantBody(t *testing.T, sample string, status int, body []byte) {
	t.Helper()
	raw := sandboxtest.SampleBytes(t, sample)
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	wantStatus, wantBody := lines[len(lines)-1], strings.Join(lines[:len(lines)-1], "\n")
	var g, w any
	same := json.Unmarshal(body, &g) == nil && json.Unmarshal([]byte(wantBody), &w) == nil && reflect.DeepEqual(g, w)
	if got := strings.TrimSpace(string(body)); (!same && got != strings.TrimSpace(wantBody)) || wantStatus != strconv.Itoa(status) {
		t.Errorf("%s: got %d %s\nthe lab's: %s %s", sample, status, got, wantStatus, wantBody)
	}
}

func TestRatingLagsAnHourAndEndsWithTheResource(t *testing.T) {
	a := sandboxtest.New(t) // 04:53:16
	srv := a.CreateServer("short", "Debian 12 bookworm", "ext-net1", nil)
	if st, _, _ := a.Do("GET", "/rating/v2/dataframes", nil); st != 404 {
		t.Fatalf("nothing is rated as the server starts: %d", st)
	}
	a.Clock.Advance(67 * time.Minute) // 06:00:16: hour 04:00 ended an hour ago
	a.Login()
	if st, b, _ := a.Do("GET", "/rating/v2/dataframes", nil); st != 200 || !strings.Contains(string(b), `"2026-11-22T04:00:00+00:00"`) {
		t.Fatalf("hour 04:00 is rated at 06:00: %d %s", st, b)
	}
	a.JSON("DELETE", "/compute/v2.1/servers/"+srv, nil, 204)
	a.Clock.Advance(5 * time.Hour)
	a.Login()
	got := a.JSON("GET", "/rating/v2/summary", nil, 200)
	if q := number(t, got["results"].([]any)[0].([]any)[2]); q != 3 {
		t.Errorf("the server ran from 04:53 to 06:00 and some seconds: 3 started hours, rated %v", q)
	}
}

func TestRatingRulesAsLab(t *testing.T) {
	a := sandboxtest.New(t)
	st, b, _ := a.Do("GET", "/rating/v1/rating/module_config/hashmap/services", nil)
	wantBody(t, "cloudkitty-hashmap-services-member-403.txt", st, b)
	cloudkitty.AllowRatingRules(a.Sandbox.Cloud)
	services := a.JSON("GET", "/rating/v1/rating/module_config/hashmap/services", nil, 200)
	first := func(m map[string]any, key string) map[string]any { return m[key].([]any)[0].(map[string]any) }
	sandboxtest.SampleKeys(t, "cloudkitty-hashmap-services.json", first(services, "services"), func(m map[string]any) map[string]any { return first(m, "services") })
	var instance, fip string
	for _, s := range services["services"].([]any) {
		switch m := s.(map[string]any); m["name"] {
		case "instance":
			instance = m["service_id"].(string)
		case "ip.floating":
			fip = m["service_id"].(string)
		}
	}
	fields := a.JSON("GET", "/rating/v1/rating/module_config/hashmap/fields?service_id="+instance, nil, 200)
	sandboxtest.SampleKeys(t, "cloudkitty-hashmap-fields.json", first(fields, "fields"), func(m map[string]any) map[string]any { return first(m, "fields") })
	mappings := a.JSON("GET", "/rating/v1/rating/module_config/hashmap/mappings?field_id="+first(fields, "fields")["field_id"].(string), nil, 200)
	sandboxtest.SampleKeys(t, "cloudkitty-hashmap-mappings-field.json", first(mappings, "mappings"), func(m map[string]any) map[string]any { return first(m, "mappings") })
	found := false
	for _, m := range mappings["mappings"].([]any) {
		if mm := m.(map[string]any); mm["value"] == "a1-ram2-disk20-perf1" {
			found = mm["cost"] == "0.4500000000000000000000000000"
		}
	}
	if !found {
		t.Errorf("no mapping of a1-ram2-disk20-perf1 at 0.45 written as the lab writes costs: %v", mappings)
	}
	svc := a.JSON("GET", "/rating/v1/rating/module_config/hashmap/mappings?service_id="+fip, nil, 200)
	sandboxtest.SampleKeys(t, "cloudkitty-hashmap-mappings-service.json", first(svc, "mappings"), func(m map[string]any) map[string]any { return first(m, "mappings") })
}

func TestRatingVersionsAsLab(t *testing.T) {
	a := sandboxtest.New(t)
	got := a.JSON("GET", "/rating/", nil, 200)
	v := got["versions"].([]any)
	w := sandboxtest.ReadSample(t, "cloudkitty-versions.json")["versions"].([]any)
	if len(v) != len(w) || sandboxtest.KeyList(v[1].(map[string]any)) != sandboxtest.KeyList(w[1].(map[string]any)) {
		t.Errorf("versions %v, the lab's %v", v, w)
	}
}

// summaryByTypeID is the summary's rows grouped by type and resource: qty
// and rate by "type id".
func summaryByTypeID(t *testing.T, a *sandboxtest.API) map[string][2]float64 {
	t.Helper()
	out := map[string][2]float64{}
	for _, r := range a.JSON("GET", "/rating/v2/summary?groupby=type&groupby=id", nil, 200)["results"].([]any) {
		row := r.([]any)
		out[row[4].(string)+" "+row[5].(string)] = [2]float64{number(t, row[2]), number(t, row[3])}
	}
	return out
}

// A stopped server pays, as on Infomaniak, not its flavor but its local
// disk and its public IPv4 address; an hour it ran in, even in part, is a
// running hour.
func TestRatingStoppedServerPaysItsDiskAndAddress(t *testing.T) {
	a := sandboxtest.New(t) // 04:53:16
	srv := a.CreateServer("stopping", "Debian 12 bookworm", "ext-net1", nil)
	action := "/compute/v2.1/servers/" + srv + "/action"
	a.Clock.Advance(77 * time.Minute) // 06:10:16, long built
	a.Login()
	a.JSON("POST", action, map[string]any{"os-stop": nil}, 202)
	a.Clock.Advance(3 * time.Hour) // 09:10:16: stopped since 06:10:17
	a.Login()
	a.JSON("POST", action, map[string]any{"os-start": nil}, 202)
	a.Clock.Advance(200 * time.Minute) // 12:30:16: hours up to 11:00 are rated
	a.Login()
	got := summaryByTypeID(t, a)
	stopped := 20*cloudkitty.SandboxPrices.StoppedDiskGiB + cloudkitty.SandboxPrices.PublicIPv4 // a1-ram2-disk20-perf1 on ext-net1
	if r := got["instance "+srv]; r[0] != 5 || !near(r[1], 5*0.45) {
		t.Errorf("running hours 04:00, 05:00, 06:00 (stopped in it), 09:00 (started in it), 10:00 at 0.45: %v", got)
	}
	if r := got["instance.stopped "+srv]; r[0] != 2 || !near(r[1], 2*stopped) || stopped <= 0 || stopped >= 0.45 {
		t.Errorf("stopped hours 07:00 and 08:00 at its disk's and address's %v: %v", stopped, got)
	}
	frames := a.JSON("GET", "/rating/v2/dataframes?filters=type:instance.stopped", nil, 200)["dataframes"].([]any)
	point := frames[0].(map[string]any)["usage"].(map[string]any)["instance.stopped"].([]any)[0].(map[string]any)
	if m := point["metadata"].(map[string]any); m["disk_gb"] != "20" || m["public_ipv4"] != "1" || m["flavor_name"] != "a1-ram2-disk20-perf1" {
		t.Errorf("a stopped hour says what it pays for: %v", m)
	}
}

// A load balancer is rated by the hour from its creation to its deletion,
// as Ceilometer's network.services.lb.loadbalancer; its price is a
// service's mapping of the hashmap rules.
func TestRatingLoadBalancer(t *testing.T) {
	a := sandboxtest.New(t) // 04:53:16
	sub := a.FirstID("/network/v2.0/subnets", "subnets", "private-v4")
	lb := a.JSON("POST", "/load-balancer/v2/lbaas/loadbalancers", map[string]any{"loadbalancer": map[string]any{"name": "rated-lb", "vip_subnet_id": sub}},
		201)["loadbalancer"].(map[string]any)["id"].(string)
	a.Clock.Advance(3 * time.Hour) // 07:53:16: hours 04:00 and 05:00 are rated
	a.Login()
	if r := summaryByTypeID(t, a)["network.services.lb.loadbalancer "+lb]; r[0] != 2 || !near(r[1], 2*0.5) {
		t.Errorf("two hours at 0.5: %v", r)
	}
	const sample = "cloudkitty-dataframes-loadbalancer.json"
	usage := func(m map[string]any) map[string]any {
		return m["dataframes"].([]any)[0].(map[string]any)["usage"].(map[string]any)["network.services.lb.loadbalancer"].([]any)[0].(map[string]any)
	}
	point := usage(a.JSON("GET", "/rating/v2/dataframes?limit=1&filters=type:network.services.lb.loadbalancer", nil, 200))
	want := usage(sandboxtest.ReadSample(t, sample))
	sandboxtest.SampleKeys(t, sample, point, func(map[string]any) map[string]any { return want })
	if !reflect.DeepEqual(point["vol"].(map[string]any)["unit"], want["vol"].(map[string]any)["unit"]) || !reflect.DeepEqual(point["metadata"], want["metadata"]) {
		t.Errorf("a load balancer's point %v, the lab's %v", point, want)
	}
	cloudkitty.AllowRatingRules(a.Sandbox.Cloud)
	var service string
	var names []string
	for _, s := range a.JSON("GET", "/rating/v1/rating/module_config/hashmap/services", nil, 200)["services"].([]any) {
		m := s.(map[string]any)
		names = append(names, m["name"].(string))
		if m["name"] == "network.services.lb.loadbalancer" {
			service = m["service_id"].(string)
		}
	}
	var lab []string
	for _, s := range sandboxtest.ReadSample(t, "cloudkitty-hashmap-services.json")["services"].([]any) {
		lab = append(lab, s.(map[string]any)["name"].(string))
	}
	if !reflect.DeepEqual(names, lab) {
		t.Errorf("the rated services %v, the lab's %v", names, lab)
	}
	m := a.JSON("GET", "/rating/v1/rating/module_config/hashmap/mappings?service_id="+service, nil, 200)["mappings"].([]any)
	if len(m) != 1 || m[0].(map[string]any)["cost"] != "0.5000000000000000000000000000" {
		t.Errorf("the load balancers' mapping: %v", m)
	}
}
