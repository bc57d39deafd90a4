package nova_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// A server's rename, metadata, tags and addresses answer as the lab's do
// (testdata/openstack/nova-server-update.json, -metadata*, -tag*, -ips*).
func TestServerDetailsAsLab(t *testing.T) {
	a := newAPI(t)
	a.Microversion = "2.93"
	id := a.CreateServer("truth-vm", "Debian 12 bookworm", "private", map[string]any{
		"metadata": map[string]string{"abc": "def"}, "tags": []string{"tag1", "tag2"}, "description": "first"})
	a.Clock.Advance(5 * time.Second)
	sv := a.Server(id)
	sandboxtest.SampleKeys(t, "nova-server-2.93.json", sv, func(m map[string]any) map[string]any { return m["server"].(map[string]any) })
	if got := sandboxtest.Compact(sv["tags"]) + sandboxtest.Compact(sv["description"]) + sandboxtest.Compact(sv["OS-EXT-SRV-ATTR:hostname"]); got != `["tag1","tag2"]"first""truth-vm"` {
		t.Errorf("tags, description, hostname at 2.93: %s", got)
	}
	a.Microversion = "2.79"
	upd := a.JSON("PUT", "/compute/v2.1/servers/"+id, map[string]any{"server": map[string]any{"name": "truth-vm-renamed", "description": "second"}}, 200)["server"].(map[string]any)
	sandboxtest.SampleKeys(t, "nova-server-update.json", upd, func(m map[string]any) map[string]any { return m["server"].(map[string]any) })
	if upd["name"] != "truth-vm-renamed" || upd["description"] != "second" {
		t.Errorf("update: %v %v", upd["name"], upd["description"])
	}
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-update-hostname-2.79-400.txt", Method: "PUT", Path: "/compute/v2.1/servers/" + id, Body: map[string]any{"server": map[string]any{"hostname": "truth-host"}}})

	ips := a.JSON("GET", "/compute/v2.1/servers/"+id+"/ips", nil, 200)
	addr := ips["addresses"].(map[string]any)["private"].([]any)[0].(map[string]any)
	sandboxtest.SampleKeys(t, "nova-server-ips.json", addr, func(m map[string]any) map[string]any {
		return m["addresses"].(map[string]any)["private"].([]any)[0].(map[string]any)
	})
	a.JSON("GET", "/compute/v2.1/servers/"+id+"/ips/private", nil, 200)
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-ips-network-404.txt", Method: "GET", Path: "/compute/v2.1/servers/" + id + "/ips/no-such-network"})

	meta := "/compute/v2.1/servers/" + id + "/metadata"
	sandboxtest.SameAsSample(t, "nova-server-metadata-post.json", a.JSON("POST", meta, map[string]any{"metadata": map[string]string{"foo": "bar", "this": "that"}}, 200))
	sandboxtest.SameAsSample(t, "nova-server-metadatum.json", a.JSON("GET", meta+"/foo", nil, 200))
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-metadatum-404.txt", Method: "GET", Path: meta + "/nope"})
	sandboxtest.SameAsSample(t, "nova-server-metadatum-put.json", a.JSON("PUT", meta+"/foo", map[string]any{"meta": map[string]string{"foo": "baz"}}, 200))
	a.JSON("DELETE", meta+"/foo", nil, 204)
	sandboxtest.SameAsSample(t, "nova-server-metadata-put-empty.json", a.JSON("PUT", meta, map[string]any{"metadata": map[string]string{}}, 200))

	tags := "/compute/v2.1/servers/" + id + "/tags"
	sandboxtest.SameAsSample(t, "nova-server-tags.json", a.JSON("GET", tags, nil, 200))
	a.JSON("GET", tags+"/tag2", nil, 204)
	if status, b, _ := a.Do("GET", tags+"/nope", nil); status != 404 {
		t.Errorf("a tag the server lacks: %d %s", status, b)
	}
	sandboxtest.SameAsSample(t, "nova-server-tags-put.json", a.JSON("PUT", tags, map[string]any{"tags": []string{"tag3", "tag4"}}, 200))
	a.JSON("PUT", tags+"/tag5", nil, 201)
	a.JSON("DELETE", tags+"/tag4", nil, 204)
	if got := sandboxtest.Compact(a.JSON("GET", tags, nil, 200)["tags"]); got != `["tag3","tag5"]` {
		t.Errorf("tags after add and delete: %s", got)
	}
	a.JSON("DELETE", tags, nil, 204)
	a.Microversion = "2.25"
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-tags-2.25-404.txt", Method: "GET", Path: tags})
	a.Microversion = "2.79"
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-create-bad-tag-400.txt", Method: "POST", Path: "/compute/v2.1/servers", Body: map[string]any{"server": map[string]any{
		"name": "x", "flavorRef": "1", "imageRef": "x", "networks": "none", "tags": []string{"a/b"}}}})
}

// The actions a member may use move the server through the states the
// lab's went through, and a locked server refuses them as the lab's did.
func TestServerActionsAsLab(t *testing.T) {
	a := newAPI(t)
	id := a.CreateServer("truth-vm", "Debian 12 bookworm", "private", nil)
	a.Clock.Advance(5 * time.Second)
	action := "/compute/v2.1/servers/" + id + "/action"
	for _, c := range []struct{ name, body, done string }{
		{"pause", `{"pause":null}`, "nova-server-pause-done.json"},
		{"unpause", `{"unpause":null}`, "nova-server-unpause-done.json"},
		{"suspend", `{"suspend":null}`, "nova-server-suspend-done.json"},
		{"resume", `{"resume":null}`, "nova-server-resume-done.json"},
		{"lock", `{"lock":{"locked_reason":"truth"}}`, "nova-server-lock-done.json"},
		{"unlock", `{"unlock":null}`, "nova-server-unlock-done.json"},
		{"rescue", `{"rescue":{"adminPass":"Rescue-Pass-1"}}`, "nova-server-rescue-done.json"},
		{"unrescue", `{"unrescue":null}`, "nova-server-unrescue-done.json"},
	} {
		var body any
		_ = json.Unmarshal([]byte(c.body), &body)
		wantStatus, wantBody := sandboxtest.SampleAnswer(t, "nova-server-"+c.name+".txt")
		status, b, _ := a.Do("POST", action, body)
		if status != wantStatus || sandboxtest.NormalizeFault(string(b)) != sandboxtest.NormalizeFault(wantBody) {
			t.Errorf("%s: %d %s, the lab: %d %s", c.name, status, b, wantStatus, wantBody)
		}
		if c.name == "lock" {
			a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-delete-locked-409.txt", Method: "DELETE", Path: "/compute/v2.1/servers/" + id})
			a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-stop-locked-409.txt", Method: "POST", Path: action, Body: map[string]any{"os-stop": nil}})
		}
		a.Clock.Advance(time.Second)
		want := sandboxtest.ReadSample(t, c.done)["server"].(map[string]any)
		got := a.Server(id)
		for _, k := range []string{"status", "locked", "locked_reason", "OS-EXT-STS:task_state", "OS-EXT-STS:vm_state", "OS-EXT-STS:power_state"} {
			if sandboxtest.Compact(got[k]) != sandboxtest.Compact(want[k]) {
				t.Errorf("after %s: %s is %s, the lab's %s", c.name, k, sandboxtest.Compact(got[k]), sandboxtest.Compact(want[k]))
			}
		}
		if c.name == "pause" {
			a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-pause-again-409.txt", Method: "POST", Path: action, Body: body})
		}
	}
	img := a.FirstID("/image/v2/images", "images", "Debian 12 bookworm")
	status, b, _ := a.Do("POST", action, map[string]any{"rebuild": map[string]any{"imageRef": img, "name": "truth-vm-rebuilt", "adminPass": "Rebuild-Pass-1"}})
	var rebuilt map[string]map[string]any
	_ = json.Unmarshal(b, &rebuilt)
	wantStatus, wantBody := sandboxtest.SampleAnswer(t, "nova-server-rebuild.txt")
	var want map[string]map[string]any
	_ = json.Unmarshal([]byte(wantBody), &want)
	if status != wantStatus || sandboxtest.KeyList(rebuilt["server"]) != sandboxtest.KeyList(want["server"]) || rebuilt["server"]["status"] != "REBUILD" {
		t.Errorf("rebuild: %d %s\nthe lab: %d keys %s", status, b, wantStatus, sandboxtest.KeyList(want["server"]))
	}
	during := sandboxtest.ReadSample(t, "nova-server-rebuilding.json")
	got := a.Server(id)
	for k, v := range during {
		if sandboxtest.Compact(got[k]) != sandboxtest.Compact(v) {
			t.Errorf("rebuilding: %s is %s, the lab's %s", k, sandboxtest.Compact(got[k]), sandboxtest.Compact(v))
		}
	}
	a.Clock.Advance(5 * time.Second)
	if got := a.Server(id); got["status"] != "ACTIVE" || got["name"] != "truth-vm-rebuilt" {
		t.Errorf("after the rebuild: %v %v", got["status"], got["name"])
	}
}

// Server groups answer as the lab's, at 2.1 (policies) and from 2.64
// (policy and rules); affinity keeps a group's servers on one host.
func TestServerGroupsAsLab(t *testing.T) {
	a := newAPI(t)
	g := a.JSON("POST", "/compute/v2.1/os-server-groups", map[string]any{"server_group": map[string]any{"name": "truth-group", "policy": "anti-affinity"}}, 200)
	sandboxtest.SampleKeys(t, "nova-server-group-create.json", g["server_group"].(map[string]any), func(m map[string]any) map[string]any { return m["server_group"].(map[string]any) })
	gid := g["server_group"].(map[string]any)["id"].(string)
	a.Microversion = "2.1"
	old := a.JSON("POST", "/compute/v2.1/os-server-groups", map[string]any{"server_group": map[string]any{"name": "truth-group-old", "policies": []string{"affinity"}}}, 200)
	sandboxtest.SampleKeys(t, "nova-server-group-create-2.1.json", old["server_group"].(map[string]any), func(m map[string]any) map[string]any { return m["server_group"].(map[string]any) })
	a.Microversion = "2.79"
	list := a.JSON("GET", "/compute/v2.1/os-server-groups", nil, 200)["server_groups"].([]any)
	if len(list) != 2 || sandboxtest.Compact(list[1].(map[string]any)["policy"]) != `"affinity"` {
		t.Errorf("groups: %s", sandboxtest.Compact(list))
	}
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-group-create-bad-policy-400.txt", Method: "POST", Path: "/compute/v2.1/os-server-groups", Body: map[string]any{"server_group": map[string]any{"name": "bad", "policy": "nope"}}})
	affinity := old["server_group"].(map[string]any)["id"].(string)
	hint := map[string]any{"os:scheduler_hints": map[string]string{"group": affinity}}
	var hosts []any
	for _, n := range []string{"one", "two"} {
		body := map[string]any{"server": map[string]any{"name": n, "flavorRef": a.FirstID("/compute/v2.1/flavors", "flavors", "a1-ram2-disk20-perf1"),
			"imageRef": a.FirstID("/image/v2/images", "images", "Debian 12 bookworm"), "networks": "auto"}, "os:scheduler_hints": hint["os:scheduler_hints"]}
		id := a.JSON("POST", "/compute/v2.1/servers", body, 202)["server"].(map[string]any)["id"].(string)
		a.Clock.Advance(5 * time.Second)
		hosts = append(hosts, a.Server(id)["hostId"])
	}
	if hosts[0] != hosts[1] || hosts[0] == "" {
		t.Errorf("affinity: hosts %v", hosts)
	}
	if m := a.JSON("GET", "/compute/v2.1/os-server-groups/"+affinity, nil, 200)["server_group"].(map[string]any)["members"].([]any); len(m) != 2 {
		t.Errorf("members: %v", m)
	}
	a.JSON("DELETE", "/compute/v2.1/os-server-groups/"+gid, nil, 204)
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-group-404.txt", Method: "GET", Path: "/compute/v2.1/os-server-groups/" + gid})
}
