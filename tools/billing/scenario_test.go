package billing_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cloudkitty"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/billing"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/compute"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/network"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/volume"
)

// every toolset the scenarios use, billing among them.
var allToolsets = config.Config{Transport: "stdio", RequestTimeout: 10 * time.Second,
	Toolsets: []string{"compute", "volume", "network", "billing"}}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

// start is a sandbox on a clock that moves only when the test says.
func start(t *testing.T, o sandbox.Options) (*servertest.Harness, *sandbox.Clock) {
	t.Helper()
	clock := sandbox.NewClock(time.Date(2026, 11, 22, 4, 53, 16, 0, time.UTC))
	o.Now, o.BuildDelay, o.ActionDelay = clock.Now, time.Minute, time.Second
	return servertest.New(t, servertest.WithSandbox(o), servertest.WithConfig(allToolsets)), clock
}

// The scenario of the rating: a server and a volume run three hours;
// get_costs shows them, its totals are the sums of its items, and a second
// server's estimate comes from the first one's rated hours.
func TestCostsScenario(t *testing.T) {
	h, clock := start(t, sandbox.Options{})
	srv := servertest.CallAs[compute.CreatedServer](t, h, "create_instance", map[string]any{"name": "web",
		"flavor": "a1-ram2-disk20-perf1", "image": "Debian 12 bookworm", "network": "private", "wait": false})
	if e := srv.Estimate; e == nil || e.Source != "" || !strings.Contains(e.Note, "no price known") {
		t.Errorf("a first server in a project whose rules are admin's and which has nothing rated: no figure, and why: %+v", e)
	}
	vol := servertest.CallAs[volume.CreatedVolume](t, h, "create_volume", map[string]any{"name": "data", "size": 10, "volume_type": "CEPH_1_perf1", "wait": false})
	if early := servertest.CallAs[billing.Costs](t, h, "get_costs", nil); len(early.Items) != 0 || early.Until == "" || !strings.Contains(early.Note, "about an hour behind") {
		t.Errorf("before an hour is rated: nothing, an end, and why: %+v", early)
	}

	clock.Advance(3 * time.Hour) // 07:53: hours 04:00 and 05:00 are rated, 06:00 is within the lag
	byResource := servertest.CallAs[billing.Costs](t, h, "get_costs", map[string]any{"group_by": "resource"})
	if len(byResource.Items) != 2 {
		t.Fatalf("want the server and the volume: %+v", byResource)
	}
	first, second := byResource.Items[0], byResource.Items[1]
	if first.ID != srv.ID || first.Type != "instance" || !near(first.ICU, 0.9) || !near(first.CHF, 0.018) || !near(first.EUR, 0.0162) {
		t.Errorf("most expensive first: the server's two hours at 0.45 ICU: %+v", first)
	}
	if second.ID != vol.ID || second.Type != "volume.size" || !near(second.ICU, 0.08) {
		t.Errorf("then the volume's two hours of 10 GiB at 0.004: %+v", second)
	}
	if !near(byResource.Total.ICU, first.ICU+second.ICU) || byResource.Others != nil {
		t.Errorf("the total is the sum of the items: %+v", byResource)
	}
	if byResource.RatedUntil != "2026-11-22T06:00:00Z" || byResource.Complete || byResource.Since != "2026-11-01T00:00:00Z" {
		t.Errorf("this month so far, rated until 06:00 (an hour behind), not complete: %+v", byResource)
	}
	byType := servertest.CallAs[billing.Costs](t, h, "get_costs", nil)
	sum := 0.0
	for _, it := range byType.Items {
		sum += it.ICU
	}
	if len(byType.Items) != 2 || !near(sum, byType.Total.ICU) || !near(byType.Total.ICU, byResource.Total.ICU) {
		t.Errorf("by type: the same total, the sum of its items: %+v", byType)
	}
	one := servertest.CallAs[billing.Costs](t, h, "get_costs", map[string]any{"group_by": "resource", "limit": 1})
	if len(one.Items) != 1 || one.Others == nil || one.Others.Count != 1 || !near(one.Items[0].ICU+one.Others.ICU, one.Total.ICU) {
		t.Errorf("limit 1: the server, and the volume in others: %+v", one)
	}
	closed := servertest.CallAs[billing.Costs](t, h, "get_costs", map[string]any{"since": "2026-11-22T04:00:00Z", "until": "2026-11-22T05:00:00Z"})
	if !closed.Complete || !near(closed.Total.ICU, 0.45+0.04) {
		t.Errorf("the hour 04:00 is rated: complete, 0.49 ICU: %+v", closed)
	}

	again := servertest.CallAs[compute.CreatedServer](t, h, "create_instance", map[string]any{"name": "web2",
		"flavor": "a1-ram2-disk20-perf1", "image": "Debian 12 bookworm", "network": "private", "wait": false})
	if e := again.Estimate; e == nil || e.Source != "the project's rated usage" || !near(e.ICUHour, 0.45) || !near(e.CHF30Days, 6.48) {
		t.Errorf("a second server of the same flavor: priced as the first was rated: %+v", e)
	}
}

// Where the rules are readable, an estimate comes from them: a floating
// IP is 0.12 ICU an hour in the sandbox's table.
func TestEstimateFromRules(t *testing.T) {
	h, clock := start(t, sandbox.Options{})
	cloudkitty.AllowRatingRules(h.Sandbox.Cloud)
	fip := servertest.CallAs[network.CreatedFloatingIP](t, h, "create_floating_ip", nil)
	if e := fip.Estimate; e == nil || e.Source != "the cloud's rating rules" || !near(e.ICUHour, 0.12) || !near(e.CHFHour, 0.0024) {
		t.Errorf("estimate %+v, want 0.12 ICU an hour from the rules", e)
	}
	vol := servertest.CallAs[volume.CreatedVolume](t, h, "create_volume", map[string]any{"size": 25, "volume_type": "CEPH_1_perf2", "wait": false})
	if e := vol.Estimate; e == nil || e.Source != "the cloud's rating rules" || !near(e.ICUHour, 25*0.008) {
		t.Errorf("estimate %+v, want 25 GiB at 0.008 ICU from the rules", e)
	}
	// The rules' price is kept per unit: a second volume of the type is priced by its own size.
	small := servertest.CallAs[volume.CreatedVolume](t, h, "create_volume", map[string]any{"size": 5, "volume_type": "CEPH_1_perf2", "wait": false})
	if e := small.Estimate; e == nil || e.Source != "the cloud's rating rules" || !near(e.ICUHour, 5*0.008) {
		t.Errorf("a second volume of the type: %+v, want 5 GiB at 0.008 ICU from the rules", e)
	}
	srv := servertest.CallAs[compute.CreatedServer](t, h, "create_instance", map[string]any{"name": "grow",
		"flavor": "a1-ram2-disk20-perf1", "image": "Debian 12 bookworm", "network": "private", "wait": false})
	clock.Advance(2 * time.Minute) // built
	resized := servertest.CallAs[compute.Resized](t, h, "resize_instance", map[string]any{"instance_id": srv.ID,
		"flavor": "a2-ram4-disk50-perf1", "wait": false})
	if e := resized.Estimate; e == nil || e.Source != "the cloud's rating rules" || !near(e.ICUHour, 1.0) {
		t.Errorf("a resize is priced at its new flavor: %+v, want 1.0 ICU an hour from the rules", e)
	}
}

// A cloud without a rating service: get_costs says so, and the creates
// work, without figures.
func TestCloudWithoutRating(t *testing.T) {
	h, _ := start(t, sandbox.Options{Without: []string{"rating"}})
	h.Call(t, "get_costs", nil).WantError(t, "unavailable", "rating")
	vol := servertest.CallAs[volume.CreatedVolume](t, h, "create_volume", map[string]any{"size": 1, "wait": false})
	if e := vol.Estimate; vol.ID == "" || e == nil || e.Source != "" || !strings.Contains(e.Note, "no rating service") {
		t.Errorf("created without an estimate, saying why: %+v", vol)
	}
}

func TestCostsRefusesABadPeriod(t *testing.T) {
	h, _ := start(t, sandbox.Options{})
	h.Call(t, "get_costs", map[string]any{"since": "yesterday"}).WantError(t, "invalid_argument", "RFC 3339")
	h.Call(t, "get_costs", map[string]any{"since": "2026-11-02", "until": "2026-11-01"}).WantError(t, "invalid_argument", "not after")
}

// A stopped server costs, as on Infomaniak, what it still holds (in the
// sandbox its 20 GiB disk at 0.004 ICU an hour), not its flavor: get_costs
// shows its stopped hours apart, and a new server of its flavor is still
// priced at its running hours.
func TestCostsOfAStoppedServer(t *testing.T) {
	h, clock := start(t, sandbox.Options{})
	srv := servertest.CallAs[compute.CreatedServer](t, h, "create_instance", map[string]any{"name": "idle",
		"flavor": "a1-ram2-disk20-perf1", "image": "Debian 12 bookworm", "network": "private", "wait": false})
	clock.Advance(2 * time.Minute) // built
	h.Call(t, "stop_instance", map[string]any{"instance_id": srv.ID, "wait": false}).MustSucceed(t)
	clock.Advance(4 * time.Hour) // 08:55: hour 04:00 ran, 05:00 and 06:00 were stopped
	costs := servertest.CallAs[billing.Costs](t, h, "get_costs", map[string]any{"group_by": "resource"})
	if len(costs.Items) != 2 {
		t.Fatalf("want the server's running and stopped hours: %+v", costs)
	}
	running, stopped := costs.Items[0], costs.Items[1]
	if running.Type != "instance" || running.ID != srv.ID || running.Qty != 1 || !near(running.ICU, 0.45) {
		t.Errorf("one running hour at 0.45: %+v", running)
	}
	if stopped.Type != "instance.stopped" || stopped.ID != srv.ID || stopped.Qty != 2 || !near(stopped.ICU, 2*20*0.004) {
		t.Errorf("two stopped hours of its 20 GiB disk at 0.004: %+v", stopped)
	}
	if !near(costs.Total.ICU, running.ICU+stopped.ICU) {
		t.Errorf("the total is the sum of the items: %+v", costs)
	}
	again := servertest.CallAs[compute.CreatedServer](t, h, "create_instance", map[string]any{"name": "busy",
		"flavor": "a1-ram2-disk20-perf1", "image": "Debian 12 bookworm", "network": "private", "wait": false})
	if e := again.Estimate; e == nil || e.Source != "the project's rated usage" || !near(e.ICUHour, 0.45) {
		t.Errorf("a new server runs: priced at the flavor's running hour, not a stopped one: %+v", e)
	}
}
