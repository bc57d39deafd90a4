package sandbox_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A server's rename, metadata, tags and addresses answer as the lab's do
// (testdata/openstack/nova-server-update.json, -metadata*, -tag*, -ips*).
func TestServerDetailsAsLab(t *testing.T) {
	a := newAPI(t)
	a.mv = "2.93"
	id := a.create("truth-vm", "Debian 12 bookworm", "private", map[string]any{
		"metadata": map[string]string{"abc": "def"}, "tags": []string{"tag1", "tag2"}, "description": "first"})
	a.clock.Advance(5 * time.Second)
	sv := a.server(id)
	sampleKeys(t, "nova-server-2.93.json", sv, func(m map[string]any) map[string]any { return m["server"].(map[string]any) })
	if got := compact(sv["tags"]) + compact(sv["description"]) + compact(sv["OS-EXT-SRV-ATTR:hostname"]); got != `["tag1","tag2"]"first""truth-vm"` {
		t.Errorf("tags, description, hostname at 2.93: %s", got)
	}
	a.mv = "2.79"
	upd := a.json("PUT", "/compute/v2.1/servers/"+id, map[string]any{"server": map[string]any{"name": "truth-vm-renamed", "description": "second"}}, 200)["server"].(map[string]any)
	sampleKeys(t, "nova-server-update.json", upd, func(m map[string]any) map[string]any { return m["server"].(map[string]any) })
	if upd["name"] != "truth-vm-renamed" || upd["description"] != "second" {
		t.Errorf("update: %v %v", upd["name"], upd["description"])
	}
	a.refusesAsLab(faultCase{"nova-server-update-hostname-2.79-400.txt", "PUT", "/compute/v2.1/servers/" + id, map[string]any{"server": map[string]any{"hostname": "truth-host"}}})

	ips := a.json("GET", "/compute/v2.1/servers/"+id+"/ips", nil, 200)
	addr := ips["addresses"].(map[string]any)["private"].([]any)[0].(map[string]any)
	sampleKeys(t, "nova-server-ips.json", addr, func(m map[string]any) map[string]any {
		return m["addresses"].(map[string]any)["private"].([]any)[0].(map[string]any)
	})
	a.json("GET", "/compute/v2.1/servers/"+id+"/ips/private", nil, 200)
	a.refusesAsLab(faultCase{"nova-server-ips-network-404.txt", "GET", "/compute/v2.1/servers/" + id + "/ips/no-such-network", nil})

	meta := "/compute/v2.1/servers/" + id + "/metadata"
	sameAsSample(t, "nova-server-metadata-post.json", a.json("POST", meta, map[string]any{"metadata": map[string]string{"foo": "bar", "this": "that"}}, 200))
	sameAsSample(t, "nova-server-metadatum.json", a.json("GET", meta+"/foo", nil, 200))
	a.refusesAsLab(faultCase{"nova-server-metadatum-404.txt", "GET", meta + "/nope", nil})
	sameAsSample(t, "nova-server-metadatum-put.json", a.json("PUT", meta+"/foo", map[string]any{"meta": map[string]string{"foo": "baz"}}, 200))
	a.json("DELETE", meta+"/foo", nil, 204)
	sameAsSample(t, "nova-server-metadata-put-empty.json", a.json("PUT", meta, map[string]any{"metadata": map[string]string{}}, 200))

	tags := "/compute/v2.1/servers/" + id + "/tags"
	sameAsSample(t, "nova-server-tags.json", a.json("GET", tags, nil, 200))
	a.json("GET", tags+"/tag2", nil, 204)
	if status, b, _ := a.do("GET", tags+"/nope", nil); status != 404 {
		t.Errorf("a tag the server lacks: %d %s", status, b)
	}
	sameAsSample(t, "nova-server-tags-put.json", a.json("PUT", tags, map[string]any{"tags": []string{"tag3", "tag4"}}, 200))
	a.json("PUT", tags+"/tag5", nil, 201)
	a.json("DELETE", tags+"/tag4", nil, 204)
	if got := compact(a.json("GET", tags, nil, 200)["tags"]); got != `["tag3","tag5"]` {
		t.Errorf("tags after add and delete: %s", got)
	}
	a.json("DELETE", tags, nil, 204)
	a.mv = "2.25"
	a.refusesAsLab(faultCase{"nova-server-tags-2.25-404.txt", "GET", tags, nil})
	a.mv = "2.79"
	a.refusesAsLab(faultCase{"nova-server-create-bad-tag-400.txt", "POST", "/compute/v2.1/servers", map[string]any{"server": map[string]any{
		"name": "x", "flavorRef": "1", "imageRef": "x", "networks": "none", "tags": []string{"a/b"}}}})
}

// The actions a member may use move the server through the states the
// lab's went through, and a locked server refuses them as the lab's did.
func TestServerActionsAsLab(t *testing.T) {
	a := newAPI(t)
	id := a.create("truth-vm", "Debian 12 bookworm", "private", nil)
	a.clock.Advance(5 * time.Second)
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
		wantStatus, wantBody := sampleAnswer(t, "nova-server-"+c.name+".txt")
		status, b, _ := a.do("POST", action, body)
		if status != wantStatus || normalizeFault(string(b)) != normalizeFault(wantBody) {
			t.Errorf("%s: %d %s, the lab: %d %s", c.name, status, b, wantStatus, wantBody)
		}
		if c.name == "lock" {
			a.refusesAsLab(faultCase{"nova-server-delete-locked-409.txt", "DELETE", "/compute/v2.1/servers/" + id, nil})
			a.refusesAsLab(faultCase{"nova-server-stop-locked-409.txt", "POST", action, map[string]any{"os-stop": nil}})
		}
		a.clock.Advance(time.Second)
		want := readSample(t, c.done)["server"].(map[string]any)
		got := a.server(id)
		for _, k := range []string{"status", "locked", "locked_reason", "OS-EXT-STS:task_state", "OS-EXT-STS:vm_state", "OS-EXT-STS:power_state"} {
			if compact(got[k]) != compact(want[k]) {
				t.Errorf("after %s: %s is %s, the lab's %s", c.name, k, compact(got[k]), compact(want[k]))
			}
		}
		if c.name == "pause" {
			a.refusesAsLab(faultCase{"nova-server-pause-again-409.txt", "POST", action, body})
		}
	}
	img := a.firstID("/image/v2/images", "images", "Debian 12 bookworm")
	status, b, _ := a.do("POST", action, map[string]any{"rebuild": map[string]any{"imageRef": img, "name": "truth-vm-rebuilt", "adminPass": "Rebuild-Pass-1"}})
	var rebuilt map[string]map[string]any
	_ = json.Unmarshal(b, &rebuilt)
	wantStatus, wantBody := sampleAnswer(t, "nova-server-rebuild.txt")
	var want map[string]map[string]any
	_ = json.Unmarshal([]byte(wantBody), &want)
	if status != wantStatus || keyList(rebuilt["server"]) != keyList(want["server"]) || rebuilt["server"]["status"] != "REBUILD" {
		t.Errorf("rebuild: %d %s\nthe lab: %d keys %s", status, b, wantStatus, keyList(want["server"]))
	}
	during := readSample(t, "nova-server-rebuilding.json")
	got := a.server(id)
	for k, v := range during {
		if compact(got[k]) != compact(v) {
			t.Errorf("rebuilding: %s is %s, the lab's %s", k, compact(got[k]), compact(v))
		}
	}
	a.clock.Advance(5 * time.Second)
	if got := a.server(id); got["status"] != "ACTIVE" || got["name"] != "truth-vm-rebuilt" {
		t.Errorf("after the rebuild: %v %v", got["status"], got["name"])
	}
}

// Server groups answer as the lab's, at 2.1 (policies) and from 2.64
// (policy and rules); affinity keeps a group's servers on one host.
func TestServerGroupsAsLab(t *testing.T) {
	a := newAPI(t)
	g := a.json("POST", "/compute/v2.1/os-server-groups", map[string]any{"server_group": map[string]any{"name": "truth-group", "policy": "anti-affinity"}}, 200)
	sampleKeys(t, "nova-server-group-create.json", g["server_group"].(map[string]any), func(m map[string]any) map[string]any { return m["server_group"].(map[string]any) })
	gid := g["server_group"].(map[string]any)["id"].(string)
	a.mv = "2.1"
	old := a.json("POST", "/compute/v2.1/os-server-groups", map[string]any{"server_group": map[string]any{"name": "truth-group-old", "policies": []string{"affinity"}}}, 200)
	sampleKeys(t, "nova-server-group-create-2.1.json", old["server_group"].(map[string]any), func(m map[string]any) map[string]any { return m["server_group"].(map[string]any) })
	a.mv = "2.79"
	list := a.json("GET", "/compute/v2.1/os-server-groups", nil, 200)["server_groups"].([]any)
	if len(list) != 2 || compact(list[1].(map[string]any)["policy"]) != `"affinity"` {
		t.Errorf("groups: %s", compact(list))
	}
	a.refusesAsLab(faultCase{"nova-server-group-create-bad-policy-400.txt", "POST", "/compute/v2.1/os-server-groups", map[string]any{"server_group": map[string]any{"name": "bad", "policy": "nope"}}})
	affinity := old["server_group"].(map[string]any)["id"].(string)
	hint := map[string]any{"os:scheduler_hints": map[string]string{"group": affinity}}
	var hosts []any
	for _, n := range []string{"one", "two"} {
		body := map[string]any{"server": map[string]any{"name": n, "flavorRef": a.firstID("/compute/v2.1/flavors", "flavors", "a1-ram2-disk20-perf1"),
			"imageRef": a.firstID("/image/v2/images", "images", "Debian 12 bookworm"), "networks": "auto"}, "os:scheduler_hints": hint["os:scheduler_hints"]}
		id := a.json("POST", "/compute/v2.1/servers", body, 202)["server"].(map[string]any)["id"].(string)
		a.clock.Advance(5 * time.Second)
		hosts = append(hosts, a.server(id)["hostId"])
	}
	if hosts[0] != hosts[1] || hosts[0] == "" {
		t.Errorf("affinity: hosts %v", hosts)
	}
	if m := a.json("GET", "/compute/v2.1/os-server-groups/"+affinity, nil, 200)["server_group"].(map[string]any)["members"].([]any); len(m) != 2 {
		t.Errorf("members: %v", m)
	}
	a.json("DELETE", "/compute/v2.1/os-server-groups/"+gid, nil, 204)
	a.refusesAsLab(faultCase{"nova-server-group-404.txt", "GET", "/compute/v2.1/os-server-groups/" + gid, nil})
}

// sampleAnswer reads a .txt sample: the body (maybe empty), then the
// status on the last line.
func sampleAnswer(t *testing.T, name string) (int, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(samplesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimRight(string(b), "\n")
	body, status := "", text
	if i := strings.LastIndex(text, "\n"); i >= 0 {
		body, status = strings.TrimSpace(text[:i]), text[i+1:]
	}
	code, err := strconv.Atoi(status)
	if err != nil {
		t.Fatalf("%s: status %q", name, status)
	}
	return code, body
}

func compact(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// sameAsSample compares a whole answer with a sample's.
func sameAsSample(t *testing.T, sample string, got map[string]any) {
	t.Helper()
	if w, g := compact(readSample(t, sample)), compact(got); w != g {
		t.Errorf("%s:\nthe lab:     %s\nthe sandbox: %s", sample, w, g)
	}
}
