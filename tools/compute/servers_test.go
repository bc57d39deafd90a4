package compute_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/security/groups"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/compute"
)

const (
	flavorName = "a1-ram2-disk20-perf1"
	imageName  = "Debian 12 bookworm"
)

// create makes a server by names and returns it ACTIVE.
func create(t *testing.T, h *servertest.Harness, name string, extra map[string]any) compute.Server {
	t.Helper()
	args := map[string]any{"name": name, "flavor": flavorName, "image": imageName, "network": "private"}
	for k, v := range extra {
		args[k] = v
	}
	s := servertest.CallAs[compute.Server](t, h, "create_instance", args)
	return s
}

func instances(t *testing.T, h *servertest.Harness, args map[string]any) compute.InstanceList {
	t.Helper()
	l := servertest.CallAs[compute.InstanceList](t, h, "list_instances", args)
	return l
}

// progressFor waits a little for the progress notifications of token: they
// travel apart from the call's answer.
// slow gives transitions time enough that a wait always sees them under way
// (and reports progress), even on a loaded machine.
var slow = servertest.WithSandbox(sandbox.Options{BuildDelay: 300 * time.Millisecond, ActionDelay: 200 * time.Millisecond})

func TestCreateInstanceByNamesWithProgress(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, slow)
	h.Call(t, "create_keypair", map[string]any{"name": "me"}).MustSucceed(t)
	svc, err := h.Cloud.Services(context.Background(), client.Compute, client.Image, client.BlockStorage, client.Network)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := groups.Create(context.Background(), svc.Network, groups.CreateOpts{Name: "ssh"}).Extract(); err != nil {
		t.Fatal(err)
	}
	r := h.CallContext(context.Background(), t, "create_instance", map[string]any{
		"name": "web", "flavor": flavorName, "image": imageName, "network": "private",
		"key_name": "me", "security_groups": []string{"default", "ssh"}, "user_data": "#cloud-config\npackages: [nginx]\n",
		"availability_zone": "az-2",
	}, "create-1").MustSucceed(t)
	var s compute.Server
	r.Decode(t, &s)
	if s.Status != "ACTIVE" || s.Name != "web" || s.KeyName != "me" || s.AvailabilityZone != "az-2" || s.TaskState != "" {
		t.Errorf("server = %+v", s)
	}
	if s.Flavor != flavorName || s.Image != imageName {
		t.Errorf("flavor %q, image %q: want their names", s.Flavor, s.Image)
	}
	if a := s.Addresses["private"]; len(a) != 1 || !strings.HasPrefix(a[0].Addr, "10.0.0.") || a[0].Type != "" {
		t.Errorf("addresses = %+v", s.Addresses)
	}
	if strings.Join(s.SecurityGroups, ",") != "default,ssh" || s.CreatedAt == "" || s.Fault != nil {
		t.Errorf("server = %+v", s)
	}
	// The result has no nulls, no empty lists and no links.
	if strings.Contains(string(r.Structured), "null") || strings.Contains(string(r.Structured), "[]") || strings.Contains(string(r.Structured), "links") {
		t.Errorf("padding in %s", r.Structured)
	}
	p := h.WaitProgress("create-1", 1)
	if len(p) == 0 {
		t.Fatal("no progress notifications")
	}
	// Steps a person understands, not seconds of a timeout: resolved,
	// requested, Nova's build tasks, ACTIVE; the total is reached when done,
	// and each message says the status and the time elapsed.
	if p[0].Progress != 1 || p[0].Total != 7 || !strings.Contains(p[0].Message, "image "+imageName) {
		t.Errorf("the first progress = %+v", p[0])
	}
	if p[1].Progress != 2 || !strings.Contains(p[1].Message, s.ID) {
		t.Errorf("the second progress = %+v", p[1])
	}
	sawBuild := false
	for _, n := range p[2 : len(p)-1] {
		sawBuild = sawBuild || strings.Contains(n.Message, s.ID+": BUILD, ")
		if !regexp.MustCompile(`, \d+(\.\d+)?(ms|s)$|, \d+m\d+s$`).MatchString(n.Message) {
			t.Errorf("no elapsed time: %+v", n)
		}
	}
	if !sawBuild {
		t.Errorf("no BUILD step in %+v", p)
	}
	if last := p[len(p)-1]; last.Progress != last.Total || !strings.Contains(last.Message, "ACTIVE") {
		t.Errorf("the last progress = %+v", last)
	}
}

func TestGetInstanceByIDAndName(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	s := create(t, h, "db", nil)
	for _, ref := range []string{s.ID, "db"} {
		got := servertest.CallAs[compute.Server](t, h, "get_instance", map[string]any{"instance_id": ref})
		if got.ID != s.ID || got.Status != "ACTIVE" || got.Image != imageName {
			t.Errorf("get %q = %+v", ref, got)
		}
	}
	// A name that is a regular expression matching it is not its name.
	h.Call(t, "get_instance", map[string]any{"instance_id": "d."}).WantError(t, "not_found", `"d."`)
	h.Call(t, "get_instance", map[string]any{"instance_id": "d"}).WantError(t, "not_found")
	h.Call(t, "get_instance", map[string]any{"instance_id": "7c1b5a1e-0000-4000-8000-000000000000"}).WantError(t, "not_found")
	h.Call(t, "get_instance", map[string]any{}).WantError(t, "invalid_argument", `"instance_id"`)
}

func TestAmbiguousNameIsRefused(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	a := create(t, h, "twin", nil)
	b := create(t, h, "twin", map[string]any{"allow_duplicate_name": true})
	for _, tool := range []string{"get_instance", "stop_instance", "delete_instance", "terminate_instance"} {
		r := h.Call(t, tool, map[string]any{"instance_id": "twin"})
		r.WantError(t, "ambiguous", a.ID, b.ID)
	}
	if l := instances(t, h, map[string]any{"name": "twin"}); len(l.Instances) != 2 || l.Instances[0].Status != "ACTIVE" {
		t.Fatalf("both twins live on: %+v", l)
	}
}

func TestListInstances(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	var ids []string
	for _, n := range []string{"web-1", "web-2", "db", "web.3"} {
		ids = append(ids, create(t, h, n, nil).ID)
	}
	h.Call(t, "stop_instance", map[string]any{"instance_id": "db"}).MustSucceed(t)

	all := instances(t, h, nil)
	if len(all.Instances) != 4 || all.NextMarker != "" || all.Instances[0].ID != ids[3] {
		t.Fatalf("all, newest first: %+v", all)
	}
	names := func(l compute.InstanceList) string {
		var n []string
		for _, s := range l.Instances {
			n = append(n, s.Name)
		}
		return strings.Join(n, ",")
	}
	if got := names(instances(t, h, map[string]any{"name": "web"})); got != "web.3,web-2,web-1" {
		t.Errorf("name contains web: %s", got)
	}
	if got := names(instances(t, h, map[string]any{"name": "web."})); got != "web.3" {
		t.Errorf("name is text, not a regular expression: %s", got)
	}
	if got := names(instances(t, h, map[string]any{"status": "shutoff"})); got != "db" {
		t.Errorf("status SHUTOFF: %s", got)
	}
	h.Call(t, "list_instances", map[string]any{"status": "sleepy"}).WantError(t, "invalid_argument", "Invalid status value")

	seen := h.PageIDs(t, "list_instances", "instances", 3, 5)
	if len(seen) != 4 || seen[0] != ids[3] || seen[3] != ids[0] {
		t.Fatalf("pages saw %v", seen)
	}
	if p := instances(t, h, map[string]any{"limit": 4}); p.NextMarker != "" {
		t.Errorf("an exact last page says nothing more exists: %q", p.NextMarker)
	}
	h.Call(t, "list_instances", map[string]any{"marker": "nope"}).WantError(t, "invalid_argument", "marker [nope] not found")
	if l := instances(t, h, map[string]any{"name": "nothing-like-it"}); l.Instances == nil || len(l.Instances) != 0 {
		t.Errorf("empty list: %+v", l)
	}
}

func TestCreateInstanceRefusesBeforeCreating(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	cases := map[string]struct {
		args  map[string]any
		code  string
		words []string
	}{
		"flavor":    {map[string]any{"flavor": "a1-ram2"}, "not_found", []string{"flavor", `"a1-ram2"`, `close names: "a1-ram2-disk20-perf1"`}},
		"image":     {map[string]any{"image": "Debian"}, "not_found", []string{"image", `"Debian"`, `close names: "Debian 12 bookworm"; list_images`}},
		"image id":  {map[string]any{"image": "7c1b5a1e-0000-4000-8000-000000000000"}, "not_found", []string{"image"}},
		"network":   {map[string]any{"network": "public"}, "not_found", []string{"network", `"public"`}},
		"key":       {map[string]any{"key_name": "nope"}, "not_found", []string{`no keypair with ID or name "nope"`, "list_keypairs"}},
		"group":     {map[string]any{"security_groups": []string{"default", "defualt"}}, "not_found", []string{`no security group with ID or name "defualt"`, `close names: "default"; list_security_groups`}},
		"external":  {map[string]any{"network": "ext-floating1"}, "invalid_argument", []string{"network ext-floating1 is external and not shared", "create_floating_ip"}},
		"zone":      {map[string]any{"availability_zone": "az-9"}, "invalid_argument", []string{"availability zone", "list_availability_zones"}},
		"user_data": {map[string]any{"user_data": strings.Repeat("x", 49200)}, "invalid_argument", []string{"user_data is 49200 bytes, 65600 once base64-encoded", "65535"}},
		"no name":   {map[string]any{"name": ""}, "invalid_argument", []string{"name: must not be empty"}},
		"padded":    {map[string]any{"name": " web "}, "invalid_argument", []string{`the server name " web " starts or ends with white space`}},
		"unknown":   {map[string]any{"flavour": "x"}, "invalid_argument", []string{`unknown argument "flavour"`}},
		"timeout":   {map[string]any{"timeout_seconds": 0}, "invalid_argument", []string{"timeout_seconds: must be at least 1"}},
	}
	before := h.Sandbox.Stats().ByRoute["POST /compute/v2.1/servers"]
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			args := map[string]any{"name": "x", "flavor": flavorName, "image": imageName, "network": "private"}
			for k, v := range c.args {
				args[k] = v
			}
			h.Call(t, "create_instance", args).WantError(t, c.code, c.words...)
		})
	}
	if l := instances(t, h, nil); len(l.Instances) != 0 {
		t.Fatalf("refused creates left servers: %+v", l.Instances)
	}
	// Only Nova's own refusal (zone) reached POST /servers.
	if n := h.Sandbox.Stats().ByRoute["POST /compute/v2.1/servers"] - before; n != 1 {
		t.Errorf("POST /servers called %d times, want 1", n)
	}
	// Just under the limit is sent, encoded by us.
	s := create(t, h, "big", map[string]any{"user_data": strings.Repeat("x", 49149)})
	if s.Status != "ACTIVE" {
		t.Fatalf("big user_data: %+v", s)
	}
}

func TestCreateInstanceErrorKeepsServer(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	for _, c := range []struct{ image, network, fault string }{
		{glance.ErrorImageName, "private", "is unacceptable"},
	} {
		r := h.Call(t, "create_instance", map[string]any{"name": "doomed", "flavor": flavorName, "image": c.image, "network": c.network})
		r.WantError(t, "conflict", "went to ERROR", c.fault)
		var e struct {
			Error struct {
				Details struct{ ID, Status string }
			}
		}
		r.Decode(t, &e)
		if e.Error.Details.ID == "" || e.Error.Details.Status != "ERROR" || !strings.Contains(r.Text, e.Error.Details.ID) {
			t.Fatalf("error names the server: %s", r.Structured)
		}
		s := servertest.CallAs[compute.Server](t, h, "get_instance", map[string]any{"instance_id": e.Error.Details.ID})
		if s.Status != "ERROR" || s.Fault == nil || s.Fault.Code != 500 || !strings.Contains(s.Fault.Message, c.fault) {
			t.Fatalf("kept server: %+v", s)
		}
		h.Call(t, "delete_instance", map[string]any{"instance_id": s.ID}).MustSucceed(t)
	}
}

func TestCreateInstanceTimeout(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{BuildDelay: time.Minute, ActionDelay: 30 * time.Millisecond}))
	start := time.Now()
	r := h.Call(t, "create_instance", map[string]any{"name": "slow", "flavor": flavorName, "image": imageName,
		"network": "private", "timeout_seconds": 1})
	r.WantError(t, "timeout", "is still BUILD after 1s", "kept")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("timeout took %s", d)
	}
	l := instances(t, h, map[string]any{"name": "slow"})
	if len(l.Instances) != 1 || l.Instances[0].Status != "BUILD" || !strings.Contains(r.Text, l.Instances[0].ID) {
		t.Fatalf("the server is kept and named: %s / %+v", r.Text, l)
	}
}

// TestCreateInstanceWithoutWaiting: wait=false returns once Nova has the
// request, the server in BUILD, and its progress is complete at 2 of 2
// (resolved, requested).
func TestCreateInstanceWithoutWaiting(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{BuildDelay: time.Minute}))
	r := h.CallContext(context.Background(), t, "create_instance", map[string]any{"name": "quick", "flavor": flavorName,
		"image": imageName, "network": "private", "wait": false}, "nowait-1").MustSucceed(t)
	var s compute.Server
	r.Decode(t, &s)
	if s.ID == "" || s.Name != "quick" || s.Status != "BUILD" {
		t.Fatalf("without waiting: %+v", s)
	}
	p := h.ProgressFor("nowait-1")
	if len(p) != 2 || p[1].Progress != 2 || p[1].Total != 2 {
		t.Errorf("progress: %+v", p)
	}
}

func TestCreateInstanceCancelled(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{BuildDelay: time.Minute, ActionDelay: 30 * time.Millisecond}))
	// resolved, requested, then the first poll of the wait.
	h.CancelWhileWaiting(t, "create_instance", map[string]any{"name": "patient", "flavor": flavorName,
		"image": imageName, "network": "private"}, "cancel-1", 3).WantError(t, "cancelled", "stopped waiting", "BUILD")
	l := instances(t, h, map[string]any{"name": "patient"})
	if len(l.Instances) != 1 || l.Instances[0].Status != "BUILD" {
		t.Fatalf("the server goes on building: %+v", l)
	}
}

func action(t *testing.T, h *servertest.Harness, tool string, args map[string]any, token any) compute.Success {
	t.Helper()
	var s compute.Success
	h.CallContext(context.Background(), t, tool, args, token).MustSucceed(t).Decode(t, &s)
	if !s.Success {
		t.Fatalf("%s: %+v", tool, s)
	}
	return s
}

func TestStopStartReboot(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, slow)
	s := create(t, h, "vm", nil)
	ref := map[string]any{"instance_id": "vm"}

	if got := action(t, h, "stop_instance", ref, "stop-1"); got.Status != "SHUTOFF" || got.ID != s.ID {
		t.Fatalf("stop: %+v", got)
	}
	if p := h.WaitProgress("stop-1", 1); len(p) == 0 || !strings.Contains(p[0].Message, "powering-off") {
		t.Errorf("stop progress: %+v", p)
	}
	if got := action(t, h, "stop_instance", ref, nil); got.Status != "SHUTOFF" {
		t.Fatalf("stop again is a success: %+v", got)
	}
	h.Call(t, "reboot_instance", ref).WantError(t, "conflict", "Cannot 'reboot' instance", "vm_state stopped")
	if got := action(t, h, "start_instance", ref, nil); got.Status != "ACTIVE" {
		t.Fatalf("start: %+v", got)
	}
	if got := action(t, h, "start_instance", ref, nil); got.Status != "ACTIVE" {
		t.Fatalf("start again: %+v", got)
	}
	if got := action(t, h, "reboot_instance", ref, "reboot-1"); got.Status != "ACTIVE" {
		t.Fatalf("soft reboot: %+v", got)
	}
	if p := h.WaitProgress("reboot-1", 1); len(p) == 0 || !strings.Contains(p[0].Message, "REBOOT") {
		t.Errorf("reboot progress: %+v", p)
	}
	if got := action(t, h, "reboot_instance", map[string]any{"instance_id": s.ID, "reboot_type": "HARD"}, nil); got.Status != "ACTIVE" {
		t.Fatalf("hard reboot: %+v", got)
	}
	h.Call(t, "reboot_instance", map[string]any{"instance_id": s.ID, "reboot_type": "FIRM"}).WantError(t, "invalid_argument", "reboot_type: must be one of SOFT, HARD")
}

func TestHardRebootOfShutoffServer(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	create(t, h, "vm", nil)
	action(t, h, "stop_instance", map[string]any{"instance_id": "vm"}, nil)
	if got := action(t, h, "reboot_instance", map[string]any{"instance_id": "vm", "reboot_type": "HARD"}, nil); got.Status != "ACTIVE" {
		t.Fatalf("hard reboot powers on: %+v", got)
	}
}

// With actions that take a minute: what a call without waiting returns, the
// refusals of Nova in a transition, and a second stop that waits for the
// first instead of sending another, until its timeout.
func TestActionsUnderWay(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{BuildDelay: 20 * time.Millisecond, ActionDelay: time.Minute}))
	s := create(t, h, "vm", nil)
	ref := map[string]any{"instance_id": "vm"}

	got := action(t, h, "stop_instance", map[string]any{"instance_id": s.ID, "wait": false}, nil)
	if got.Status != "ACTIVE" || got.TaskState != "powering-off" || got.ID != s.ID {
		t.Fatalf("stop without waiting: %+v", got)
	}
	// Nova checks the vm_state first: still active while it powers off.
	h.Call(t, "start_instance", ref).WantError(t, "conflict", "Cannot 'start' instance "+s.ID, "vm_state active")
	h.Call(t, "reboot_instance", ref).WantError(t, "conflict", "Cannot 'reboot' instance", "task_state powering-off")

	sent := h.Sandbox.Stats().ByRoute["POST /compute/v2.1/servers/{id}/action"]
	r := h.CallContext(context.Background(), t, "stop_instance", map[string]any{"instance_id": "vm", "timeout_seconds": 1}, "stop-2")
	r.WantError(t, "timeout", s.ID, "powering-off", "after 1s")
	if n := h.Sandbox.Stats().ByRoute["POST /compute/v2.1/servers/{id}/action"] - sent; n != 0 {
		t.Errorf("a stop under way was sent %d more times", n)
	}
	if p := h.WaitProgress("stop-2", 2); len(p) < 2 || p[len(p)-1].Progress <= p[0].Progress {
		t.Errorf("progress while waiting: %+v", p)
	}
}

func TestDeleteAndTerminate(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, slow)
	a := create(t, h, "a", nil)
	b := create(t, h, "b", nil)
	c := create(t, h, "c", nil)

	if got := action(t, h, "delete_instance", map[string]any{"instance_id": "a"}, "del-1"); got.Status != "deleted" || got.ID != a.ID {
		t.Fatalf("delete: %+v", got)
	}
	if p := h.WaitProgress("del-1", 1); len(p) == 0 || !strings.Contains(p[0].Message, "deleting") {
		t.Errorf("delete progress: %+v", p)
	}
	h.Call(t, "get_instance", map[string]any{"instance_id": a.ID}).WantError(t, "not_found")
	h.Call(t, "delete_instance", map[string]any{"instance_id": "a"}).WantError(t, "not_found", `"a"`)

	if got := action(t, h, "terminate_instance", map[string]any{"instance_id": b.ID}, nil); got.Status != "deleted" {
		t.Fatalf("terminate: %+v", got)
	}
	if got := action(t, h, "delete_instance", map[string]any{"instance_id": "c", "wait": false}, nil); got.TaskState != "deleting" && got.Status != "deleted" {
		t.Fatalf("delete without waiting: %+v", got)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		r := h.Call(t, "get_instance", map[string]any{"instance_id": c.ID})
		if r.ErrorCode() == "not_found" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still there: %s", r.Text)
		}
	}
	if l := instances(t, h, nil); len(l.Instances) != 0 {
		t.Fatalf("left: %+v", l)
	}
}

func TestTerminateRefusedByPolicy(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	s := create(t, h, "vm", nil)
	h.Sandbox.DenyPolicy("os_compute_api:os-deferred-delete:force")
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"terminate_instance", map[string]any{"instance_id": "vm"}},
		{"delete_instance", map[string]any{"instance_id": "vm", "force": true}},
	} {
		r := h.Call(t, c.tool, c.args)
		r.WantError(t, "forbidden", "policy does not allow force-deleting", "os-deferred-delete:force", "delete_instance without force")
	}
	if got := action(t, h, "delete_instance", map[string]any{"instance_id": s.ID}, nil); got.Status != "deleted" {
		t.Fatalf("plain delete still works: %+v", got)
	}
}

func TestServerResultsDeclareTheirShape(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	s := create(t, h, "vm", nil)
	r := h.Call(t, "get_instance", map[string]any{"instance_id": s.ID}).MustSucceed(t)
	var m map[string]json.RawMessage
	r.Decode(t, &m)
	for _, k := range []string{"id", "name", "status", "flavor", "image", "addresses", "key_name", "created_at",
		"updated_at", "availability_zone", "security_groups"} {
		if _, ok := m[k]; !ok && k != "key_name" && k != "updated_at" { // none, and none while it equals created_at
			t.Errorf("no %s in %s", k, r.Structured)
		}
	}
	if _, ok := m["fault"]; ok {
		t.Errorf("fault outside ERROR: %s", r.Structured)
	}
}

// With a quarter of the cloud's replies lost after the work is done and a tenth
// of its requests dropped before, a create is
// never repeated: each call either returns its one server or says that
// nothing was created, and nothing else is left behind.
func TestCreateInstanceSurvivesLostReplies(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{BuildDelay: 20 * time.Millisecond, ActionDelay: 10 * time.Millisecond,
		Faults: sandbox.Faults{LostReplyRate: 0.25, DropRate: 0.1, Seed: 9, SparePaths: []string{"/identity"}}}))
	got := h.CreateEach(t, "create_instance", "POST /compute/v2.1/servers", 8, func(i int) map[string]any {
		return map[string]any{"name": "lost-" + string(rune('a'+i)), "flavor": flavorName, "image": imageName, "network": "private"}
	})
	servertest.CreatedOnce(t, got, h.IDsByName(t, "list_instances", "instances"))
}
