package scenarios

import "testing"

// The volume cycle on every cloud, recording each result's shape
// for the contract check: create, extend, attach, refused delete, detach,
// snapshot, volume from snapshot, backup full and incremental, restore,
// delete all.
func TestVolumeCycle(t *testing.T) {
	each(t, func(t *testing.T, c cloud) {
		vm := call(t, c, "create_instance", map[string]any{"name": unique("volvm"), "flavor": c.flavor, "image": c.image,
			"network": c.network, "timeout_seconds": 300})
		vmID := vm["id"].(string)
		t.Cleanup(func() { c.h.Call(t, "delete_instance", map[string]any{"instance_id": vmID}) })

		data := unique("data")
		v := call(t, c, "create_volume", map[string]any{"size": 1, "name": data, "timeout_seconds": 300})
		if v["status"] != "available" || v["bootable"] != false {
			t.Fatalf("created volume: %v", v)
		}
		cleanup := func(tool, key, id string) {
			t.Cleanup(func() { c.h.Call(t, tool, map[string]any{key: id, "timeout_seconds": 120}) })
		}
		cleanup("delete_volume", "volume_id", v["id"].(string))
		call(t, c, "extend_volume", map[string]any{"volume_id": data, "new_size": 2, "timeout_seconds": 300})
		callErr(t, c, "extend_volume", map[string]any{"volume_id": data, "new_size": 2}, "invalid_argument")
		call(t, c, "attach_volume", map[string]any{"volume_id": data, "instance_id": vmID, "timeout_seconds": 300})
		got := call(t, c, "get_volume", map[string]any{"volume_id": data})
		if got["status"] != "in-use" || len(got["attachments"].([]any)) != 1 {
			t.Fatalf("attached volume: %v", got)
		}
		callErr(t, c, "delete_volume", map[string]any{"volume_id": data}, "conflict")
		call(t, c, "detach_volume", map[string]any{"volume_id": data, "instance_id": vmID, "timeout_seconds": 300})

		snap := call(t, c, "create_snapshot", map[string]any{"volume_id": data, "name": unique("snap"), "timeout_seconds": 300})
		copyVol := call(t, c, "create_volume", map[string]any{"size": 2, "name": unique("copy"), "snapshot": snap["id"], "timeout_seconds": 300})
		full := call(t, c, "create_backup", map[string]any{"volume_id": data, "name": unique("full"), "timeout_seconds": 300})
		incr := call(t, c, "create_backup", map[string]any{"volume_id": data, "name": unique("incr"), "incremental": true, "timeout_seconds": 300})
		if incr["is_incremental"] != true {
			t.Fatalf("incremental backup: %v", incr)
		}
		restored := call(t, c, "restore_backup", map[string]any{"backup_id": full["id"], "name": unique("restored"), "timeout_seconds": 300})
		for _, tool := range []string{"list_volumes", "list_snapshots", "list_backups"} {
			call(t, c, tool, nil)
		}

		call(t, c, "delete_volume", map[string]any{"volume_id": restored["volume_id"], "timeout_seconds": 300})
		call(t, c, "delete_backup", map[string]any{"backup_id": incr["id"], "timeout_seconds": 300})
		call(t, c, "delete_backup", map[string]any{"backup_id": full["id"], "timeout_seconds": 300})
		call(t, c, "delete_volume", map[string]any{"volume_id": copyVol["id"], "timeout_seconds": 300})
		call(t, c, "delete_snapshot", map[string]any{"snapshot_id": snap["id"], "timeout_seconds": 300})
		call(t, c, "delete_volume", map[string]any{"volume_id": data, "timeout_seconds": 300})
		callErr(t, c, "get_volume", map[string]any{"volume_id": v["id"]}, "not_found")
	})
}
