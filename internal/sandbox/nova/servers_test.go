package nova_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

func TestServerLifecycle(t *testing.T) {
	a := newAPI(t)
	id := a.CreateServer("vm1", "Debian 12 bookworm", "private", nil)

	sv := a.Server(id)
	if sv["status"] != "BUILD" || sv["OS-EXT-STS:task_state"] != "scheduling" || sv["OS-EXT-STS:vm_state"] != "building" ||
		sv["OS-EXT-AZ:availability_zone"] != "" || len(sv["addresses"].(map[string]any)) != 0 || sv["security_groups"] != nil {
		t.Fatalf("building server: %v", sv)
	}
	a.Clock.Advance(3 * time.Second)
	if sv := a.Server(id); sv["OS-EXT-STS:task_state"] != "spawning" {
		t.Fatalf("late build task: %v", sv["OS-EXT-STS:task_state"])
	}
	a.Clock.Advance(time.Second)
	sv = a.Server(id)
	addrs := sv["addresses"].(map[string]any)["private"].([]any)
	if sv["status"] != "ACTIVE" || sv["OS-EXT-STS:task_state"] != nil || sv["OS-EXT-STS:power_state"] != float64(1) ||
		!strings.HasPrefix(addrs[0].(map[string]any)["addr"].(string), "10.0.0.") || sv["OS-EXT-AZ:availability_zone"] == "" ||
		sv["security_groups"].([]any)[0].(map[string]any)["name"] != "default" || sv["OS-SRV-USG:launched_at"] == nil {
		t.Fatalf("active server: %v", sv)
	}

	a.JSON("POST", "/compute/v2.1/servers/"+id+"/action", map[string]any{"os-stop": nil}, 202)
	if sv := a.Server(id); sv["status"] != "ACTIVE" || sv["OS-EXT-STS:task_state"] != "powering-off" {
		t.Fatalf("stopping: %v %v", sv["status"], sv["OS-EXT-STS:task_state"])
	}
	status, b, _ := a.Do("POST", "/compute/v2.1/servers/"+id+"/action", map[string]any{"os-stop": nil})
	if status != 409 {
		t.Fatalf("stop again: %d", status)
	}
	sandboxtest.WantFault(t, b, "conflictingRequest", 409, "Cannot 'stop' instance "+id+" while it is in task_state powering-off")
	a.Clock.Advance(time.Second)
	if sv := a.Server(id); sv["status"] != "SHUTOFF" || sv["OS-EXT-STS:power_state"] != float64(4) || sv["OS-EXT-STS:vm_state"] != "stopped" {
		t.Fatalf("stopped: %v", sv)
	}
	status, b, _ = a.Do("POST", "/compute/v2.1/servers/"+id+"/action", map[string]any{"reboot": map[string]string{"type": "SOFT"}})
	if status != 409 {
		t.Fatalf("soft reboot of SHUTOFF: %d", status)
	}
	sandboxtest.WantFault(t, b, "conflictingRequest", 409, "while it is in vm_state stopped")

	a.JSON("POST", "/compute/v2.1/servers/"+id+"/action", map[string]any{"os-start": nil}, 202)
	a.Clock.Advance(time.Second)
	a.JSON("POST", "/compute/v2.1/servers/"+id+"/action", map[string]any{"reboot": map[string]string{"type": "SOFT"}}, 202)
	if sv := a.Server(id); sv["status"] != "REBOOT" {
		t.Fatalf("soft reboot: %v", sv["status"])
	}
	a.Clock.Advance(time.Second)
	a.JSON("POST", "/compute/v2.1/servers/"+id+"/action", map[string]any{"reboot": map[string]string{"type": "HARD"}}, 202)
	if sv := a.Server(id); sv["status"] != "HARD_REBOOT" || sv["OS-EXT-STS:task_state"] != "rebooting_hard" {
		t.Fatalf("hard reboot: %v", sv["status"])
	}
	a.Clock.Advance(time.Second)
	if sv := a.Server(id); sv["status"] != "ACTIVE" {
		t.Fatalf("after reboot: %v", sv["status"])
	}

	a.JSON("DELETE", "/compute/v2.1/servers/"+id, nil, 204)
	if sv := a.Server(id); sv["OS-EXT-STS:task_state"] != "deleting" {
		t.Fatalf("deleting: %v", sv)
	}
	a.Clock.Advance(time.Second)
	status, b, _ = a.Do("GET", "/compute/v2.1/servers/"+id, nil)
	if status != 404 {
		t.Fatalf("deleted server: %d %s", status, b)
	}
	sandboxtest.WantFault(t, b, "itemNotFound", 404, "Instance "+id+" could not be found.")
}

func TestServerErrorImageAndExternalNetwork(t *testing.T) {
	a := newAPI(t)
	bad := a.CreateServer("broken", glance.ErrorImageName, "private", nil)
	ext := a.CreateServer("outside", "Debian 12 bookworm", "ext-floating1", nil)
	a.Clock.Advance(4 * time.Second)
	for id, want := range map[string]string{bad: "is unacceptable", ext: "external network"} {
		sv := a.Server(id)
		f, _ := sv["fault"].(map[string]any)
		if sv["status"] != "ERROR" || f == nil || f["code"] != float64(500) || !strings.Contains(f["message"].(string), want) {
			t.Errorf("server %s: %v", id, sv)
		}
	}
	// An ERROR server can be force-deleted, unless the policy refuses it.
	a.Sandbox.DenyPolicy("os_compute_api:os-deferred-delete:force")
	status, b, _ := a.Do("POST", "/compute/v2.1/servers/"+bad+"/action", map[string]any{"forceDelete": nil})
	if status != 403 {
		t.Fatalf("denied force delete: %d", status)
	}
	sandboxtest.WantFault(t, b, "forbidden", 403, "Policy doesn't allow os_compute_api:os-deferred-delete:force")
}

func TestServerCreateRefusals(t *testing.T) {
	a := newAPI(t)
	flavor := a.FirstID("/compute/v2.1/flavors", "flavors", "a1-ram2-disk20-perf1")
	image := a.FirstID("/image/v2/images", "images", "Debian 12 bookworm")
	net := a.FirstID("/network/v2.0/networks", "networks", "private")
	nets := []map[string]string{{"uuid": net}}
	base := func(change map[string]any) map[string]any {
		s := map[string]any{"name": "x", "flavorRef": flavor, "imageRef": image, "networks": nets}
		for k, v := range change {
			if v == nil {
				delete(s, k)
			} else {
				s[k] = v
			}
		}
		return map[string]any{"server": s}
	}
	cases := map[string]struct {
		change map[string]any
		msg    string
	}{
		"flavor":      {map[string]any{"flavorRef": "nope"}, "Flavor nope could not be found."},
		"image":       {map[string]any{"imageRef": "6ae12102-eba3-4d89-986f-714ac1eb7b4f"}, "Image 6ae12102-eba3-4d89-986f-714ac1eb7b4f could not be found."},
		"network":     {map[string]any{"networks": []map[string]string{{"uuid": "6ae12102-eba3-4d89-986f-714ac1eb7b4f"}}}, "Network 6ae12102-eba3-4d89-986f-714ac1eb7b4f could not be found."},
		"no networks": {map[string]any{"networks": nil}, "'networks' is a required property"},
		"key":         {map[string]any{"key_name": "nope"}, "Invalid key_name provided."},
		"group":       {map[string]any{"security_groups": []map[string]string{{"name": "nope"}}}, "Unable to find security_group with name or id 'nope'"},
		"zone":        {map[string]any{"availability_zone": "nope"}, "The requested availability zone is not available"},
		"user_data":   {map[string]any{"user_data": strings.Repeat("QUFB", 16384)}, "is too long"},
		"not base64":  {map[string]any{"user_data": "#!/bin/sh"}, "is not a 'base64'"},
		"unknown key": {map[string]any{"bogus": 1}, "Invalid input for field/attribute server"},
	}
	for name, c := range cases {
		status, b, _ := a.Do("POST", "/compute/v2.1/servers", base(c.change))
		if status != 400 {
			t.Errorf("%s: %d %s", name, status, b)
			continue
		}
		sandboxtest.WantFault(t, b, "badRequest", 400, c.msg)
	}
	if got := a.JSON("GET", "/compute/v2.1/servers", nil, 200)["servers"].([]any); len(got) != 0 {
		t.Fatalf("refused creates left servers: %v", got)
	}
}

func TestServerListFiltersAndPages(t *testing.T) {
	a := newAPI(t)
	var ids []string
	for _, n := range []string{"web-1", "web-2", "db", "web-10"} {
		ids = append(ids, a.CreateServer(n, "Debian 12 bookworm", "private", nil))
		a.Clock.Advance(time.Millisecond)
	}
	names := func(path string) []string {
		var out []string
		for _, s := range a.JSON("GET", path, nil, 200)["servers"].([]any) {
			out = append(out, s.(map[string]any)["name"].(string))
		}
		return out
	}
	if got := strings.Join(names("/compute/v2.1/servers/detail"), ","); got != "web-10,db,web-2,web-1" {
		t.Errorf("newest first: %s", got)
	}
	if got := strings.Join(names("/compute/v2.1/servers?name=web-1"), ","); got != "web-10,web-1" {
		t.Errorf("name is a regular expression matching anywhere: %s", got)
	}
	if got := strings.Join(names("/compute/v2.1/servers?name=%5Eweb-1%24"), ","); got != "web-1" {
		t.Errorf("anchored name: %s", got)
	}
	if got := names("/compute/v2.1/servers/detail?status=ACTIVE"); len(got) != 0 {
		t.Errorf("nothing is ACTIVE yet: %v", got)
	}
	if got := names("/compute/v2.1/servers/detail?status=BUILD"); len(got) != 4 {
		t.Errorf("BUILD: %v", got)
	}
	status, b, _ := a.Do("GET", "/compute/v2.1/servers?status=bogus", nil)
	if status != 400 {
		t.Errorf("bad status: %d %s", status, b)
	}
	p := a.JSON("GET", "/compute/v2.1/servers/detail?limit=2", nil, 200)
	next := p["servers_links"].([]any)[0].(map[string]any)["href"].(string)
	if len(p["servers"].([]any)) != 2 || !strings.Contains(next, "marker="+ids[2]) {
		t.Fatalf("first page: %v", p)
	}
	p = a.JSON("GET", "/compute/v2.1/servers/detail?limit=2&marker="+ids[2], nil, 200)
	if len(p["servers"].([]any)) != 2 || p["servers_links"] == nil {
		t.Fatalf("a full last page links on, as Nova does: %v", p)
	}
	p = a.JSON("GET", "/compute/v2.1/servers/detail?limit=2&marker="+ids[0], nil, 200)
	if len(p["servers"].([]any)) != 0 || p["servers_links"] != nil {
		t.Fatalf("past the end: %v", p)
	}
	status, b, _ = a.Do("GET", "/compute/v2.1/servers?marker=nope", nil)
	if status != 400 || !strings.Contains(string(b), "marker [nope] not found") {
		t.Fatalf("bad marker: %d %s", status, b)
	}
	status, b, _ = a.Do("GET", "/compute/v2.1/servers?limit=-1", nil)
	if status != 400 || !strings.Contains(string(b), "Value: -1. '-1' does not match") {
		t.Fatalf("bad limit: %d %s", status, b)
	}
}

func TestServerMicroversions(t *testing.T) {
	a := newAPI(t)
	id := a.CreateServer("vm", "Debian 12 bookworm", "private", nil)
	f := a.Server(id)["flavor"].(map[string]any)
	if f["original_name"] != "a1-ram2-disk20-perf1" || f["vcpus"] != float64(1) || f["ram"] != float64(2048) || f["id"] != nil {
		t.Errorf("2.79 embeds the flavor: %v", f)
	}
	a.Microversion = "2.46"
	f = a.Server(id)["flavor"].(map[string]any)
	if f["id"] == nil || f["links"] == nil || f["vcpus"] != nil {
		t.Errorf("2.46 links the flavor: %v", f)
	}
}

// TestServerMatchesSamples compares the keys of the sandbox's server with
// those a real Nova answered (testdata/openstack).
func TestServerMatchesSamples(t *testing.T) {
	a := newAPI(t)
	a.CreateServer("other", "Debian 12 bookworm", "private", nil)
	id := a.CreateServer("vm", "Debian 12 bookworm", "private", nil)
	server := sandboxtest.Under("server")
	sandboxtest.SampleKeys(t, "nova-server-build.json", a.Server(id), server)
	a.Clock.Advance(4 * time.Second)
	sandboxtest.SampleKeys(t, "nova-server-active.json", a.Server(id), server)
	detail := a.JSON("GET", "/compute/v2.1/servers/detail?limit=1", nil, 200)
	sandboxtest.SampleKeys(t, "nova-servers-detail-limit1.json", detail, sandboxtest.Whole)
	sandboxtest.SampleKeys(t, "nova-servers-detail-limit1.json", detail["servers"].([]any)[0].(map[string]any), sandboxtest.FirstOf("servers"))
	a.JSON("POST", "/compute/v2.1/servers/"+id+"/action", map[string]any{"os-stop": nil}, 202)
	a.Clock.Advance(time.Second)
	sandboxtest.SampleKeys(t, "nova-server-shutoff.json", a.Server(id), server)
}

// TestServerMarkerAsLab: Nova finds a servers marker among all servers,
// one the filters exclude and a deleted one too, and the page goes on after
// its place.
func TestServerMarkerAsLab(t *testing.T) {
	a := newAPI(t)
	a.CreateServer("sample-vm", "Debian 12 bookworm", "private", nil)
	a.Clock.Advance(time.Second)
	vm2 := a.CreateServer("sample-vm2", "Debian 12 bookworm", "private", nil)
	a.Clock.Advance(4 * time.Second)
	a.ListsAsLab("nova-servers-filtered-marker.json", "servers", "/compute/v2.1/servers?name=%5Esample-vm%24&marker="+vm2)
	a.JSON("DELETE", "/compute/v2.1/servers/"+vm2, nil, 204)
	a.Clock.Advance(4 * time.Second)
	if status, _, _ := a.Do("GET", "/compute/v2.1/servers/"+vm2, nil); status != 404 {
		t.Fatalf("deleted server: %d", status)
	}
	a.ListsAsLab("nova-servers-deleted-marker.json", "servers", "/compute/v2.1/servers?name=%5Esample-vm&marker="+vm2)
}

// TestStopWhileBuildingAsLab: a server being built is not ready to stop
// while it is scheduled, then refused for its vm_state (Nova checks the
// vm_state before the task_state).
func TestStopWhileBuildingAsLab(t *testing.T) {
	a := newAPI(t)
	id := a.CreateServer("sample-vm3", "Debian 12 bookworm", "private", nil)
	stop := sandboxtest.FaultCase{Sample: "nova-server-stop-not-ready-409.txt", Method: "POST", Path: "/compute/v2.1/servers/" + id + "/action", Body: map[string]any{"os-stop": nil}}
	a.RefusesAsLab(stop)
	a.Clock.Advance(3500 * time.Millisecond)
	if task := a.Server(id)["OS-EXT-STS:task_state"]; task != "spawning" {
		t.Fatalf("task_state %v, want spawning", task)
	}
	stop.Sample = "nova-server-stop-building-409.txt"
	a.RefusesAsLab(stop)
}

// TestRebootTaskStatesAsLab: a reboot's task_state moves on as the lab's
// does (rebooting, then reboot_started; the lab's quick poll may miss a
// step, so the sandbox must show each it saw, in order).
func TestRebootTaskStatesAsLab(t *testing.T) {
	a := newAPI(t)
	id := a.CreateServer("sample-vm", "Debian 12 bookworm", "private", nil)
	a.Clock.Advance(4 * time.Second)
	b := sandboxtest.SampleBytes(t, "nova-server-reboot-task-states.txt")
	lab := strings.Fields(string(b))
	a.JSON("POST", "/compute/v2.1/servers/"+id+"/action", map[string]any{"reboot": map[string]any{"type": "SOFT"}}, 202)
	var seen []string
	for range 25 { // the sandbox's reboot takes ActionDelay, a second
		task := fmt.Sprint(a.Server(id)["OS-EXT-STS:task_state"])
		if task == "<nil>" {
			task = "null"
		}
		if len(seen) == 0 || seen[len(seen)-1] != task {
			seen = append(seen, task)
		}
		a.Clock.Advance(50 * time.Millisecond)
	}
	i := 0
	for _, task := range seen {
		if i < len(lab) && task == lab[i] {
			i++
		}
	}
	if i < len(lab) {
		t.Errorf("the sandbox's reboot shows %v, the lab's %v", seen, lab)
	}
}
