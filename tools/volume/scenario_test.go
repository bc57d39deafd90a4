package volume_test

import (
	"reflect"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/volume"
)

// TestScenario is the "done when": create a volume, extend it,
// attach it, see it in-use, be refused deleting it, detach it, snapshot it,
// make a volume from the snapshot, back it up (full and incremental),
// restore to a new volume and delete all of it, each step reporting the
// state reached.
func TestScenario(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	scenario(t, h, names{server: "vm1", data: "data", snap: "snap1", copy: "copy", full: "full", incr: "incr", restored: "restored"},
		func(name string) string { return newServer(t, h, name) })
}

// names are the scenario's resource names: fixed in the sandbox, unique
// on a shared cloud.
type names struct{ server, data, snap, copy, full, incr, restored string }

func scenario(t *testing.T, h *servertest.Harness, n names, boot func(name string) string) {
	srv := boot(n.server)

	v := newVolume(t, h, map[string]any{"size": 1, "name": n.data, "description": "app data"})
	if v.Size != 1 || v.Bootable || v.Encrypted || len(v.Attachments) != 0 || v.VolumeType == "" || v.AvailabilityZone == "" || v.CreatedAt == "" {
		t.Fatalf("created: %+v", v)
	}

	ext := servertest.CallAs[volume.Extended](t, h, "extend_volume", map[string]any{"volume_id": n.data, "new_size": 2})
	if !ext.Success || ext.Status != "available" || ext.Size != 2 || ext.ID != v.ID {
		t.Fatalf("extended: %+v", ext)
	}

	att := servertest.CallAs[volume.AttachmentResult](t, h, "attach_volume", map[string]any{"volume_id": n.data, "instance_id": n.server})
	if !att.Success || att.Status != "in-use" || att.ServerID != srv || att.Device == "" || att.AttachmentID == "" ||
		h.Sandbox != nil && att.Device != "/dev/vdb" {
		t.Fatalf("attached: %+v", att)
	}
	got := servertest.CallAs[volume.Volume](t, h, "get_volume", map[string]any{"volume_id": v.ID})
	if got.Status != "in-use" || len(got.Attachments) != 1 || got.Attachments[0] != (volume.Attachment{ServerID: srv, Device: att.Device, AttachmentID: att.AttachmentID}) {
		t.Fatalf("in-use: %+v", got)
	}
	again := servertest.CallAs[volume.AttachmentResult](t, h, "attach_volume", map[string]any{"volume_id": n.data, "instance_id": srv})
	if again != att {
		t.Errorf("attaching again is a no-op: %+v, want %+v", again, att)
	}

	h.Call(t, "delete_volume", map[string]any{"volume_id": n.data}).WantError(t, "conflict", "attached to server "+n.server+" ("+srv+") as "+att.Device, "detach_volume")
	h.Call(t, "delete_volume", map[string]any{"volume_id": n.data, "force": true}).WantError(t, "conflict", "attached to server "+n.server)
	h.Call(t, "create_snapshot", map[string]any{"volume_id": n.data}).WantError(t, "conflict", "force=true")
	h.Call(t, "create_backup", map[string]any{"volume_id": n.data}).WantError(t, "conflict", "force=true")

	det := servertest.CallAs[volume.AttachmentResult](t, h, "detach_volume", map[string]any{"volume_id": n.data, "instance_id": n.server})
	if !det.Success || det.Status != "available" || det.ServerID != srv {
		t.Fatalf("detached: %+v", det)
	}
	h.Call(t, "detach_volume", map[string]any{"volume_id": n.data, "instance_id": n.server}).WantError(t, "conflict",
		"volume "+v.ID+" is not attached to server "+n.server+" ("+srv+")", "not attached to any server")

	snap := servertest.CallAs[volume.Snapshot](t, h, "create_snapshot", map[string]any{"volume_id": n.data, "name": n.snap})
	if snap.Status != "available" || snap.Size != 2 || snap.VolumeID != v.ID || snap.Name != n.snap {
		t.Fatalf("snapshot: %+v", snap)
	}
	before := posts(h, "POST /volume/v3/{id}/volumes")
	h.Call(t, "create_volume", map[string]any{"size": 1, "snapshot": n.snap}).WantError(t, "invalid_argument",
		"size 1 GB is smaller than snapshot "+snap.ID+" (2 GB)")
	if posts(h, "POST /volume/v3/{id}/volumes") != before {
		t.Error("the size was sent to the cloud before being checked")
	}
	copyVol := newVolume(t, h, map[string]any{"size": 2, "snapshot": n.snap, "name": n.copy})
	if copyVol.SnapshotID != snap.ID || copyVol.Size != 2 {
		t.Fatalf("volume from snapshot: %+v", copyVol)
	}

	h.Call(t, "create_backup", map[string]any{"volume_id": n.data, "incremental": true}).WantError(t, "conflict",
		"No backups available to do an incremental backup", "create a full backup")
	full := servertest.CallAs[volume.Backup](t, h, "create_backup", map[string]any{"volume_id": n.data, "name": n.full})
	if full.Status != "available" || full.IsIncremental || full.VolumeID != v.ID || full.Size != 2 {
		t.Fatalf("full backup: %+v", full)
	}
	incr := servertest.CallAs[volume.Backup](t, h, "create_backup", map[string]any{"volume_id": v.ID, "name": n.incr, "incremental": true})
	if incr.Status != "available" || !incr.IsIncremental {
		t.Fatalf("incremental backup: %+v", incr)
	}

	res := servertest.CallAs[volume.Restored](t, h, "restore_backup", map[string]any{"backup_id": n.full, "name": n.restored})
	if res.VolumeID == "" || res.VolumeName != n.restored || res.Status != "available" || res.Size != 2 || res.BackupID != full.ID {
		t.Fatalf("restored: %+v", res)
	}

	if l := servertest.CallAs[volume.VolumeList](t, h, "list_volumes", nil); len(mine(l.Volumes, v.ID, copyVol.ID, res.VolumeID)) != 3 {
		t.Errorf("volumes: %+v", l)
	}
	if l := servertest.CallAs[volume.SnapshotList](t, h, "list_snapshots", map[string]any{"volume_id": n.data}); len(l.Snapshots) != 1 || l.Snapshots[0] != snap {
		t.Errorf("snapshots: %+v, want %+v", l, snap)
	}
	if l := servertest.CallAs[volume.BackupList](t, h, "list_backups", map[string]any{"volume_id": n.data}); len(l.Backups) != 2 ||
		l.Backups[0].ID+l.Backups[1].ID != full.ID+incr.ID && l.Backups[0].ID+l.Backups[1].ID != incr.ID+full.ID {
		t.Errorf("backups: %+v", l)
	}

	h.Call(t, "delete_backup", map[string]any{"backup_id": n.full}).WantError(t, "conflict", "incremental backups", "built on backup "+full.ID)
	for _, b := range []string{n.incr, n.full} {
		if d := servertest.CallAs[volume.Done](t, h, "delete_backup", map[string]any{"backup_id": b}); !d.Success || d.Status != "deleted" {
			t.Fatalf("delete_backup %s: %+v", b, d)
		}
	}
	h.Call(t, "delete_volume", map[string]any{"volume_id": n.data}).WantError(t, "conflict", "has 1 snapshot(s): "+snap.ID, "delete_snapshot")
	if d := servertest.CallAs[volume.Done](t, h, "delete_snapshot", map[string]any{"snapshot_id": n.snap}); !reflect.DeepEqual(d, volume.Done{Success: true, ID: snap.ID, Status: "deleted"}) {
		t.Fatalf("delete_snapshot: %+v", d)
	}
	for _, id := range []string{v.ID, copyVol.ID, res.VolumeID} {
		if d := servertest.CallAs[volume.Done](t, h, "delete_volume", map[string]any{"volume_id": id}); !reflect.DeepEqual(d, volume.Done{Success: true, ID: id, Status: "deleted"}) {
			t.Fatalf("delete_volume: %+v", d)
		}
	}
	if l := servertest.CallAs[volume.VolumeList](t, h, "list_volumes", nil); len(mine(l.Volumes, v.ID, copyVol.ID, res.VolumeID)) != 0 {
		t.Errorf("volumes left: %+v", l)
	}
	// The volume is gone: filtering by it is not_found, not an empty list.
	h.Call(t, "list_backups", map[string]any{"volume_id": v.ID}).WantError(t, "not_found")
	h.Call(t, "list_snapshots", map[string]any{"volume_id": v.ID}).WantError(t, "not_found")
	for _, b := range servertest.CallAs[volume.BackupList](t, h, "list_backups", nil).Backups {
		if b.ID == full.ID || b.ID == incr.ID {
			t.Errorf("backup left: %+v", b)
		}
	}
	for _, sn := range servertest.CallAs[volume.SnapshotList](t, h, "list_snapshots", nil).Snapshots {
		if sn.ID == snap.ID {
			t.Errorf("snapshot left: %+v", sn)
		}
	}
	h.Call(t, "get_volume", map[string]any{"volume_id": v.ID}).WantError(t, "not_found", v.ID)
}

// mine keeps the volumes among vs with one of ids: a shared cloud has others.
func mine(vs []volume.Volume, ids ...string) []volume.Volume {
	var out []volume.Volume
	for _, v := range vs {
		for _, id := range ids {
			if v.ID == id {
				out = append(out, v)
			}
		}
	}
	return out
}
