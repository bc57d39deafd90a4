package volume_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cinder"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/volume"
)

func TestReferences(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	a := newVolume(t, h, map[string]any{"size": 1, "name": "twin"})
	b := newVolume(t, h, map[string]any{"size": 1, "name": "twin", "allow_duplicate_name": true})
	h.Call(t, "get_volume", map[string]any{"volume_id": "twin"}).WantError(t, "ambiguous", "2 volumes are named \"twin\"", a.ID, b.ID)
	h.Call(t, "delete_volume", map[string]any{"volume_id": "twin"}).WantError(t, "ambiguous", a.ID, b.ID)
	if got := servertest.CallAs[volume.Volume](t, h, "get_volume", map[string]any{"volume_id": a.ID}); got.ID != a.ID {
		t.Errorf("by ID: %+v", got)
	}
	for tool, args := range map[string]map[string]any{
		"get_volume":      {"volume_id": "nope"},
		"extend_volume":   {"volume_id": "00000000-0000-4000-8000-000000000000", "new_size": 2},
		"delete_snapshot": {"snapshot_id": "nope"},
		"delete_backup":   {"backup_id": "nope"},
		"restore_backup":  {"backup_id": "nope"},
		"create_volume":   {"size": 1, "image": "nope"},
	} {
		ref := "nope"
		if tool == "extend_volume" {
			ref = "00000000-0000-4000-8000-000000000000"
		}
		h.Call(t, tool, args).WantError(t, "not_found", "with ID or name \""+ref+"\"")
	}
	h.Call(t, "attach_volume", map[string]any{"volume_id": a.ID, "instance_id": "ghost"}).WantError(t, "not_found",
		`no server with ID or name "ghost"`, "list_instances shows them all")
}

func TestArgumentRefusals(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	v := newVolume(t, h, map[string]any{"size": 2, "name": "v"})
	before := h.Sandbox.Stats().Requests
	for _, c := range []struct {
		tool    string
		args    map[string]any
		phrases []string
	}{
		{"create_volume", map[string]any{"size": 0}, []string{"size: must be at least 1"}},
		{"create_volume", map[string]any{"name": "x"}, []string{"size is required for an empty volume"}},
		{"extend_volume", map[string]any{"volume_id": "v", "new_size": 0}, []string{"new_size: must be at least 1"}},
		{"create_volume", map[string]any{"size": 1, "snapshot": "s", "image": "i"}, []string{"one of source_volume, snapshot and image"}},
		{"restore_backup", map[string]any{"backup_id": "b", "volume_id": "v", "name": "n"}, []string{"name is for a new volume"}},
		{"list_volumes", map[string]any{"limit": 0}, []string{"limit: must be at least 1"}},
	} {
		h.Call(t, c.tool, c.args).WantError(t, "invalid_argument", c.phrases...)
	}
	if n := h.Sandbox.Stats().Requests; n != before {
		t.Errorf("%d requests reached the cloud for refused arguments", n-before)
	}
	h.Call(t, "extend_volume", map[string]any{"volume_id": "v", "new_size": 2}).WantError(t, "invalid_argument",
		"new_size 2 GB must be larger than volume "+v.ID+"'s current 2 GB", "only grow")
	h.Call(t, "extend_volume", map[string]any{"volume_id": "v", "new_size": 1}).WantError(t, "invalid_argument", "must be larger")
	h.Call(t, "create_volume", map[string]any{"size": 5, "image": "Rocky Linux 9"}).WantError(t, "invalid_argument",
		`size 5 GB is smaller than what image "Rocky Linux 9" needs (10 GB)`)
	if n := posts(h, "POST /volume/v3/{id}/volumes/{id}/action") + posts(h, "POST /volume/v3/{id}/volumes"); n != 1 {
		t.Errorf("refused sizes reached the cloud: %d creates and actions", n)
	}
	// Cinder would store it trimmed: the name asked would find nothing.
	h.Call(t, "create_volume", map[string]any{"size": 1, "name": "data "}).WantError(t, "invalid_argument", `the volume name "data " starts or ends with white space`)
	h.Call(t, "create_volume", map[string]any{"size": 1, "volume_type": "gold"}).WantError(t, "not_found",
		"Volume type with name gold could not be found.")
	h.Call(t, "create_volume", map[string]any{"size": 1, "availability_zone": "mars"}).WantError(t, "invalid_argument",
		"Availability zone 'mars' is invalid.")
	boot := newVolume(t, h, map[string]any{"size": 10, "image": "Rocky Linux 9", "name": "boot"})
	if !boot.Bootable {
		t.Errorf("a volume from an image is bootable: %+v", boot)
	}

	full := servertest.CallAs[volume.Backup](t, h, "create_backup", map[string]any{"volume_id": "boot"})
	h.Call(t, "restore_backup", map[string]any{"backup_id": full.ID, "volume_id": "v"}).WantError(t, "invalid_argument",
		"volume "+v.ID+" (2 GB) is smaller than backup "+full.ID+" (10 GB)", "extend the volume first")
}

func TestStateRefusals(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	vm1, vm2 := newServer(t, h, "vm1"), newServer(t, h, "vm2")
	v := newVolume(t, h, map[string]any{"size": 1, "name": "v"})
	servertest.CallAs[volume.AttachmentResult](t, h, "attach_volume", map[string]any{"volume_id": "v", "instance_id": vm1})
	h.Call(t, "attach_volume", map[string]any{"volume_id": "v", "instance_id": "vm2"}).WantError(t, "conflict",
		"attached to server vm1 ("+vm1+")", "one server at a time", "detach")
	h.Call(t, "detach_volume", map[string]any{"volume_id": "v", "instance_id": vm2}).WantError(t, "conflict",
		"attached to server vm1 ("+vm1+") as /dev/vdb: not to server vm2 ("+vm2+")")
	full := servertest.CallAs[volume.Backup](t, h, "create_backup", map[string]any{"volume_id": "v", "force": true, "name": "hot"})
	if full.Status != "available" {
		t.Fatalf("backup with force: %+v", full)
	}
	snap := servertest.CallAs[volume.Snapshot](t, h, "create_snapshot", map[string]any{"volume_id": "v", "force": true})
	if snap.Status != "available" {
		t.Fatalf("snapshot with force: %+v", snap)
	}
	if got := servertest.CallAs[volume.Volume](t, h, "get_volume", map[string]any{"volume_id": "v"}); got.Status != "in-use" {
		t.Fatalf("after a forced backup the volume is in-use again: %+v", got)
	}
	h.Call(t, "restore_backup", map[string]any{"backup_id": "hot", "volume_id": "v"}).WantError(t, "conflict",
		"attached to server vm1", "restored onto an available volume")
	ext := servertest.CallAs[volume.Extended](t, h, "extend_volume", map[string]any{"volume_id": "v", "new_size": 3})
	if ext.Status != "in-use" || ext.Size != 3 {
		t.Errorf("extending an attached volume: %+v", ext)
	}
	if got := servertest.CallAs[volume.Volume](t, h, "get_volume", map[string]any{"volume_id": v.ID}); got.Size != 3 || got.Status != "in-use" {
		t.Errorf("after all that: %+v", got)
	}
}

func TestQuotaExceeded(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	cinder.SetQuota(h.Sandbox.Cloud, cinder.Quota{Volumes: 1, Gigabytes: 10, Snapshots: 1, Backups: 1, BackupGigabytes: 10})
	h.Call(t, "create_volume", map[string]any{"size": 20}).WantError(t, "quota_exceeded",
		"VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 20G, quota is 10G and 0G has been consumed.")
	newVolume(t, h, map[string]any{"size": 4, "name": "v"})
	h.Call(t, "create_volume", map[string]any{"size": 1}).WantError(t, "quota_exceeded", "Maximum number of volumes allowed (1) exceeded")
	h.Call(t, "extend_volume", map[string]any{"volume_id": "v", "new_size": 11}).WantError(t, "quota_exceeded", "Requested 7G, quota is 10G")
	servertest.CallAs[volume.Backup](t, h, "create_backup", map[string]any{"volume_id": "v", "name": "b"})
	h.Call(t, "restore_backup", map[string]any{"backup_id": "b"}).WantError(t, "quota_exceeded", "Maximum number of volumes allowed (1)")
	h.Call(t, "create_backup", map[string]any{"volume_id": "v"}).WantError(t, "quota_exceeded", "Maximum number of backups allowed (1) exceeded")
}

func TestForceDelete(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{BuildDelay: 50 * time.Millisecond, ActionDelay: time.Minute}))
	v := servertest.CallAs[volume.Volume](t, h, "create_volume", map[string]any{"size": 1, "name": "stuck", "wait": false})
	// A real Cinder keeps os-force_delete for admins, and so does the sandbox.
	h.Call(t, "delete_volume", map[string]any{"volume_id": "stuck", "force": true}).WantError(t, "forbidden",
		"volume_extension:volume_admin_actions:force_delete")
	h.Call(t, "delete_volume", map[string]any{"volume_id": "stuck"}).WantError(t, "conflict", "Volume status must be available")
	cinder.AllowAdminActions(h.Sandbox.Cloud)
	if d := servertest.CallAs[volume.Done](t, h, "delete_volume", map[string]any{"volume_id": "stuck", "force": true, "wait": false}); !reflect.DeepEqual(d, volume.Done{Success: true, ID: v.ID, Status: "deleting"}) {
		t.Fatalf("force delete of a creating volume: %+v", d)
	}
	// Asked again while it is being deleted, nothing is sent: the call waits.
	h.Call(t, "delete_volume", map[string]any{"volume_id": v.ID, "timeout_seconds": 1}).WantError(t, "timeout", "volume "+v.ID+" is still deleting")
}

func TestFailsFastWithCinderReason(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	start := time.Now()
	r := h.Call(t, "create_volume", map[string]any{"size": 1, "name": "doomed", "volume_type": cinder.ErrorVolumeType})
	r.WantError(t, "conflict", "went to error", "Could not find any available weighted backend", "kept for inspection")
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("failing took %s", d)
	}
	l := servertest.CallAs[volume.VolumeList](t, h, "list_volumes", map[string]any{"status": "error"})
	if len(l.Volumes) != 1 || !strings.Contains(r.Text, l.Volumes[0].ID) {
		t.Fatalf("the volume is kept and named: %s / %+v", r.Text, l)
	}
	if v := servertest.CallAs[volume.Volume](t, h, "get_volume", map[string]any{"volume_id": "doomed"}); !strings.Contains(v.Fault, "Could not find any available weighted backend") {
		t.Errorf("get_volume says why: %+v", v)
	}
	if d := servertest.CallAs[volume.Done](t, h, "delete_volume", map[string]any{"volume_id": "doomed"}); d.Status != "deleted" {
		t.Fatalf("deleting the failed volume: %+v", d)
	}
}

func TestTimeoutProgressAndCancellation(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{BuildDelay: 50 * time.Millisecond, ActionDelay: time.Minute}))
	cinder.AllowAdminActions(h.Sandbox.Cloud)
	start := time.Now()
	r := h.CallContext(context.Background(), t, "create_volume", map[string]any{"size": 1, "name": "slow", "timeout_seconds": 1}, "tok-1")
	r.WantError(t, "timeout", "is still creating after 1s", "kept")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("timeout took %s", d)
	}
	l := servertest.CallAs[volume.VolumeList](t, h, "list_volumes", map[string]any{"name": "slow"})
	if len(l.Volumes) != 1 || l.Volumes[0].Status != "creating" || !strings.Contains(r.Text, "volume "+l.Volumes[0].ID) {
		t.Fatalf("the volume is kept and named: %s / %+v", r.Text, l)
	}
	p := h.ProgressFor("tok-1")
	if len(p) < 2 || !strings.Contains(p[0].Message, "volume "+l.Volumes[0].ID+": creating") {
		t.Fatalf("progress: %+v", p)
	}
	for i := 1; i < len(p); i++ {
		if p[i].Progress <= p[i-1].Progress {
			t.Fatalf("progress does not increase: %+v", p)
		}
	}

	h.CancelWhileWaiting(t, "delete_volume", map[string]any{"volume_id": "slow", "force": true}, "tok-2", 2).
		WantError(t, "cancelled", "stopped waiting", "deleting")
}

func TestWithoutWaiting(t *testing.T) {
	t.Parallel()
	clk := sandbox.NewClock(time.Now())
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{Now: clk.Now, BuildDelay: 50 * time.Millisecond, ActionDelay: 200 * time.Millisecond}))
	v := servertest.CallAs[volume.Volume](t, h, "create_volume", map[string]any{"size": 1, "name": "quick", "wait": false})
	if v.Status != "creating" || v.ID == "" {
		t.Fatalf("create without waiting: %+v", v)
	}
	// A tool that waits picks up where the cloud is.
	h.Call(t, "extend_volume", map[string]any{"volume_id": "quick", "new_size": 2}).WantError(t, "conflict", "is creating")
	clk.Advance(250 * time.Millisecond)
	if e := servertest.CallAs[volume.Extended](t, h, "extend_volume", map[string]any{"volume_id": "quick", "new_size": 2, "wait": false}); e.Status != "extending" {
		t.Fatalf("extend without waiting: %+v", e)
	}
	// Cinder's own refusal of a state, passed on as a conflict.
	h.Call(t, "delete_volume", map[string]any{"volume_id": "quick"}).WantError(t, "conflict", "Invalid volume: Volume status must be available")
	clk.Advance(250 * time.Millisecond)
	if d := servertest.CallAs[volume.Done](t, h, "delete_volume", map[string]any{"volume_id": "quick", "wait": false}); d.Status != "deleting" {
		t.Fatalf("delete without waiting: %+v", d)
	}
}

// TestRestoreOntoAVolumeBeingCreated: Cinder's own refusal, passed on as a
// conflict. The sandbox's clock holds the volume in creating for as long as
// the test needs, whatever the machine's load.
func TestRestoreOntoAVolumeBeingCreated(t *testing.T) {
	t.Parallel()
	clk := sandbox.NewClock(time.Now())
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{Now: clk.Now, ActionDelay: 200 * time.Millisecond}))
	servertest.CallAs[volume.Volume](t, h, "create_volume", map[string]any{"size": 1, "name": "src", "wait": false})
	clk.Advance(250 * time.Millisecond)
	servertest.CallAs[volume.Backup](t, h, "create_backup", map[string]any{"volume_id": "src", "name": "b", "wait": false})
	clk.Advance(250 * time.Millisecond)
	slow := servertest.CallAs[volume.Volume](t, h, "create_volume", map[string]any{"size": 1, "wait": false})
	if slow.Status != "creating" {
		t.Fatalf("without waiting: %+v", slow)
	}
	h.Call(t, "restore_backup", map[string]any{"backup_id": "b", "volume_id": slow.ID}).WantError(t, "conflict", "is creating")
}

func TestPages(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	for range 5 {
		servertest.CallAs[volume.Volume](t, h, "create_volume", map[string]any{"size": 1, "wait": false})
	}
	seen := h.PageIDs(t, "list_volumes", "volumes", 2, 10)
	all := servertest.CallAs[volume.VolumeList](t, h, "list_volumes", nil)
	if len(seen) != 5 || len(all.Volumes) != 5 {
		t.Fatalf("paging saw %d, all %d", len(seen), len(all.Volumes))
	}
	for i, v := range all.Volumes {
		if seen[i] != v.ID {
			t.Fatalf("page order differs at %d", i)
		}
	}
	h.Call(t, "list_volumes", map[string]any{"marker": "00000000-0000-4000-8000-000000000000"}).WantError(t, "invalid_argument",
		"marker", "next_marker")
	h.Call(t, "list_backups", map[string]any{"marker": "00000000-0000-4000-8000-000000000000"}).WantError(t, "invalid_argument", "marker")
	h.Call(t, "list_snapshots", map[string]any{"marker": "00000000-0000-4000-8000-000000000000"}).WantError(t, "invalid_argument", "marker")
}

func TestRestoreOntoExistingIsDestructive(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithConfig(config.Config{Transport: "stdio", DisableDestructive: true, RequestTimeout: 10 * time.Second,
		Toolsets: []string{"volume", "backup"}}))
	newVolume(t, h, map[string]any{"size": 1, "name": "src"})
	b := servertest.CallAs[volume.Backup](t, h, "create_backup", map[string]any{"volume_id": "src", "name": "b"})
	h.Call(t, "restore_backup", map[string]any{"backup_id": "b", "volume_id": "src"}).WantError(t, "forbidden", "destroy data")
	res := servertest.CallAs[volume.Restored](t, h, "restore_backup", map[string]any{"backup_id": b.ID})
	if res.Status != "available" || res.VolumeName != "restore_backup_"+b.ID {
		t.Fatalf("restore to a new volume stays allowed: %+v", res)
	}

	h2 := servertest.New(t)
	newVolume(t, h2, map[string]any{"size": 1, "name": "target"})
	newVolume(t, h2, map[string]any{"size": 1, "name": "src"})
	servertest.CallAs[volume.Backup](t, h2, "create_backup", map[string]any{"volume_id": "src", "name": "b"})
	res = servertest.CallAs[volume.Restored](t, h2, "restore_backup", map[string]any{"backup_id": "b", "volume_id": "target"})
	if res.Status != "available" || res.VolumeName != "target" {
		t.Fatalf("restore onto an existing volume: %+v", res)
	}
}

// list_backups and list_snapshots take the volume as every other volume_id
// does, by ID or unique name; an unknown one is not_found, with close names.
func TestListByVolumeName(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	v := newVolume(t, h, map[string]any{"size": 1, "name": "data-1"})
	b := servertest.CallAs[volume.Backup](t, h, "create_backup", map[string]any{"volume_id": "data-1", "name": "nightly"})
	s := servertest.CallAs[volume.Snapshot](t, h, "create_snapshot", map[string]any{"volume_id": "data-1", "name": "before"})
	for _, ref := range []string{"data-1", v.ID} {
		if l := servertest.CallAs[volume.BackupList](t, h, "list_backups", map[string]any{"volume_id": ref}); len(l.Backups) != 1 || l.Backups[0].ID != b.ID {
			t.Errorf("list_backups volume_id=%s: %+v", ref, l)
		}
		if l := servertest.CallAs[volume.SnapshotList](t, h, "list_snapshots", map[string]any{"volume_id": ref}); len(l.Snapshots) != 1 || l.Snapshots[0].ID != s.ID {
			t.Errorf("list_snapshots volume_id=%s: %+v", ref, l)
		}
	}
	for _, tool := range []string{"list_backups", "list_snapshots"} {
		h.Call(t, tool, map[string]any{"volume_id": "data"}).WantError(t, "not_found", `no volume with ID or name "data"`, `close names: "data-1"`)
		h.Call(t, tool, map[string]any{"volume_id": "5ebe641d-5113-4fc4-9b7b-53774195fddf"}).WantError(t, "not_found")
	}
}
