package nova_test

import (
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// A server's instance actions, made as capture-neutron-change-samples.sh
// made them on the lab (create, hard reboot, lock, unlock): newest first,
// the fields of each microversion, paging and refusals as the lab's Nova.
func TestNovaInstanceActionsAsLab(t *testing.T) {
	a := newAPI(t)
	a.Microversion = "2.93"
	srv := a.CreateServer("actions-vm", "Debian 12 bookworm", "private", nil)
	a.Clock.Advance(4 * time.Second)
	path := "/compute/v2.1/servers/" + srv
	a.JSON("POST", path+"/action", map[string]any{"reboot": map[string]any{"type": "HARD"}}, 202)
	a.Clock.Advance(time.Second)
	a.JSON("POST", path+"/action", map[string]any{"lock": nil}, 202)
	a.JSON("POST", path+"/action", map[string]any{"unlock": nil}, 202)

	actions := path + "/os-instance-actions"
	listed := a.JSON("GET", actions, nil, 200)
	sandboxtest.SampleKeys(t, "nova-instance-actions.json", listed["instanceActions"].([]any)[0].(map[string]any), sandboxtest.FirstOf("instanceActions"))
	if got, want := names(listed["instanceActions"]), names(sandboxtest.ReadSample(t, "nova-instance-actions.json")["instanceActions"]); got != want {
		t.Errorf("actions: %s, the lab: %s", got, want)
	}
	byName := map[string]string{}
	for _, x := range listed["instanceActions"].([]any) {
		byName[x.(map[string]any)["action"].(string)] = x.(map[string]any)["request_id"].(string)
	}
	created := a.JSON("GET", actions+"/"+byName["create"], nil, 200)
	sandboxtest.SampleKeys(t, "nova-instance-action-2.93.json", created["instanceAction"].(map[string]any), sandboxtest.Under("instanceAction"))
	event := func(m map[string]any) map[string]any {
		return m["instanceAction"].(map[string]any)["events"].([]any)[0].(map[string]any)
	}
	sandboxtest.SampleKeys(t, "nova-instance-action-2.93.json", event(created), event)
	a.SameFields("nova-instance-action-2.93.json", created, "instanceAction", "action", "message")
	if e, lab := event(created), event(sandboxtest.ReadSample(t, "nova-instance-action-2.93.json")); e["event"] != lab["event"] || e["result"] != lab["result"] {
		t.Errorf("the create's event: %v, the lab's: %v", e, lab)
	}
	locked := a.JSON("GET", actions+"/"+byName["lock"], nil, 200)
	if e, lab := event(locked), event(sandboxtest.ReadSample(t, "nova-instance-action-lock.json")); e["event"] != lab["event"] {
		t.Errorf("the lock's event: %v, the lab's: %v", e, lab)
	}
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-instance-action-404.txt", Method: "GET", Path: actions + "/req-nope"})

	a.Microversion = "2.66"
	page := a.JSON("GET", actions+"?limit=1", nil, 200)
	sandboxtest.SampleKeys(t, "nova-instance-actions-limit1.json", page, func(m map[string]any) map[string]any { return m })
	sandboxtest.SameAsSample(t, "nova-instance-actions-changes-before.json", a.JSON("GET", actions+"?changes-before=2020-01-01T00:00:00Z", nil, 200))
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-instance-actions-marker-400.txt", Method: "GET", Path: actions + "?limit=1&marker=req-nope"})

	a.Microversion = "2.51"
	older := a.JSON("GET", actions+"/"+byName["create"], nil, 200)
	sandboxtest.SampleKeys(t, "nova-instance-action-2.51.json", event(older), event)
	a.Microversion = "2.1"
	sandboxtest.SampleKeys(t, "nova-instance-action-2.1.json", a.JSON("GET", actions+"/"+byName["create"], nil, 200)["instanceAction"].(map[string]any), sandboxtest.Under("instanceAction"))
	sandboxtest.SampleKeys(t, "nova-instance-actions-2.1.json", a.JSON("GET", actions, nil, 200)["instanceActions"].([]any)[0].(map[string]any), sandboxtest.FirstOf("instanceActions"))
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
	a.Microversion = "2.93"
	srv := a.CreateServer("broken", glance.ErrorImageName, "private", nil)
	a.Clock.Advance(4 * time.Second)
	listed := a.JSON("GET", "/compute/v2.1/servers/"+srv+"/os-instance-actions", nil, 200)["instanceActions"].([]any)
	req := listed[0].(map[string]any)["request_id"].(string)
	action := a.JSON("GET", "/compute/v2.1/servers/"+srv+"/os-instance-actions/"+req, nil, 200)["instanceAction"].(map[string]any)
	event := action["events"].([]any)[0].(map[string]any)
	if action["message"] != "Error" || event["result"] != "Error" {
		t.Errorf("the failed build's action: %s", sandboxtest.Compact(action))
	}
}
