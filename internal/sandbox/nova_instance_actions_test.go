package sandbox_test

import (
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
)

// A server's instance actions, made as capture-neutron-change-samples.sh
// made them on the lab (create, hard reboot, lock, unlock): newest first,
// the fields of each microversion, paging and refusals as the lab's Nova.
func TestNovaInstanceActionsAsLab(t *testing.T) {
	a := newAPI(t)
	a.mv = "2.93"
	srv := a.create("actions-vm", "Debian 12 bookworm", "private", nil)
	a.clock.Advance(4 * time.Second)
	path := "/compute/v2.1/servers/" + srv
	a.json("POST", path+"/action", map[string]any{"reboot": map[string]any{"type": "HARD"}}, 202)
	a.clock.Advance(time.Second)
	a.json("POST", path+"/action", map[string]any{"lock": nil}, 202)
	a.json("POST", path+"/action", map[string]any{"unlock": nil}, 202)

	actions := path + "/os-instance-actions"
	listed := a.json("GET", actions, nil, 200)
	sampleKeys(t, "nova-instance-actions.json", listed["instanceActions"].([]any)[0].(map[string]any), firstOf("instanceActions"))
	if got, want := names(listed["instanceActions"]), names(readSample(t, "nova-instance-actions.json")["instanceActions"]); got != want {
		t.Errorf("actions: %s, the lab: %s", got, want)
	}
	byName := map[string]string{}
	for _, x := range listed["instanceActions"].([]any) {
		byName[x.(map[string]any)["action"].(string)] = x.(map[string]any)["request_id"].(string)
	}
	created := a.json("GET", actions+"/"+byName["create"], nil, 200)
	sampleKeys(t, "nova-instance-action-2.93.json", created["instanceAction"].(map[string]any), under("instanceAction"))
	event := func(m map[string]any) map[string]any {
		return m["instanceAction"].(map[string]any)["events"].([]any)[0].(map[string]any)
	}
	sampleKeys(t, "nova-instance-action-2.93.json", event(created), event)
	a.sameFields("nova-instance-action-2.93.json", created, "instanceAction", "action", "message")
	if e, lab := event(created), event(readSample(t, "nova-instance-action-2.93.json")); e["event"] != lab["event"] || e["result"] != lab["result"] {
		t.Errorf("the create's event: %v, the lab's: %v", e, lab)
	}
	locked := a.json("GET", actions+"/"+byName["lock"], nil, 200)
	if e, lab := event(locked), event(readSample(t, "nova-instance-action-lock.json")); e["event"] != lab["event"] {
		t.Errorf("the lock's event: %v, the lab's: %v", e, lab)
	}
	a.refusesAsLab(faultCase{"nova-instance-action-404.txt", "GET", actions + "/req-nope", nil})

	a.mv = "2.66"
	page := a.json("GET", actions+"?limit=1", nil, 200)
	sampleKeys(t, "nova-instance-actions-limit1.json", page, func(m map[string]any) map[string]any { return m })
	sameAsSample(t, "nova-instance-actions-changes-before.json", a.json("GET", actions+"?changes-before=2020-01-01T00:00:00Z", nil, 200))
	a.refusesAsLab(faultCase{"nova-instance-actions-marker-400.txt", "GET", actions + "?limit=1&marker=req-nope", nil})

	a.mv = "2.51"
	older := a.json("GET", actions+"/"+byName["create"], nil, 200)
	sampleKeys(t, "nova-instance-action-2.51.json", event(older), event)
	a.mv = "2.1"
	sampleKeys(t, "nova-instance-action-2.1.json", a.json("GET", actions+"/"+byName["create"], nil, 200)["instanceAction"].(map[string]any), under("instanceAction"))
	sampleKeys(t, "nova-instance-actions-2.1.json", a.json("GET", actions, nil, 200)["instanceActions"].([]any)[0].(map[string]any), firstOf("instanceActions"))
}

// names are the actions of a list, in its order.
func names(list any) string {
	var out string
	for _, x := range list.([]any) {
		out += x.(map[string]any)["action"].(string) + " "
	}
	return out
}

// A build that fails is a create action in error, as Nova's database marks
// an action whose event ended in error.
func TestNovaInstanceActionOfFailedBuild(t *testing.T) {
	a := newAPI(t)
	a.mv = "2.93"
	srv := a.create("broken", glance.ErrorImageName, "private", nil)
	a.clock.Advance(4 * time.Second)
	listed := a.json("GET", "/compute/v2.1/servers/"+srv+"/os-instance-actions", nil, 200)["instanceActions"].([]any)
	req := listed[0].(map[string]any)["request_id"].(string)
	action := a.json("GET", "/compute/v2.1/servers/"+srv+"/os-instance-actions/"+req, nil, 200)["instanceAction"].(map[string]any)
	event := action["events"].([]any)[0].(map[string]any)
	if action["message"] != "Error" || event["result"] != "Error" {
		t.Errorf("the failed build's action: %s", compact(action))
	}
}
