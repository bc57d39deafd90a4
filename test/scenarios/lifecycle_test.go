package scenarios

import (
	"strings"
	"testing"
)

// bigger is a flavor with a larger disk than c.flavor, for a resize.
func (c cloud) bigger() string {
	if c.lab {
		return "m1.small"
	}
	return "a2-ram4-disk50-perf1"
}

// server creates a server on c for the test, deleted after it.
func server(t *testing.T, c cloud, extra map[string]any) map[string]any {
	t.Helper()
	args := map[string]any{"name": unique("vm"), "flavor": c.flavor, "image": c.image, "network": c.network, "timeout_seconds": 300}
	for k, v := range extra {
		args[k] = v
	}
	srv := call(t, c, "create_instance", args)
	t.Cleanup(func() {
		c.h.Call(t, "delete_instance", map[string]any{"instance_id": srv["id"], "timeout_seconds": 300})
	})
	if srv["status"] != "ACTIVE" {
		t.Fatalf("server %v is %v", srv["name"], srv["status"])
	}
	return srv
}

// A server's disk becomes a private image, listed among the project's own
// and found by part of its name in any case; a second server boots from it;
// the image is deleted, and a public one is refused.
func TestServerImageCycle(t *testing.T) {
	each(t, func(t *testing.T, c cloud) {
		srv := server(t, c, nil)
		name := unique("img")
		img := call(t, c, "create_instance_image", map[string]any{"instance_id": srv["id"], "name": name, "timeout_seconds": 300})
		t.Cleanup(func() { c.h.Call(t, "delete_image", map[string]any{"image_id": img["id"]}) })
		if img["status"] != "active" || img["visibility"] != "private" {
			t.Fatalf("image: %v", img)
		}
		callErr(t, c, "create_instance_image", map[string]any{"instance_id": srv["id"], "name": name}, "conflict")
		mine := call(t, c, "list_images", map[string]any{"mine": true, "name": strings.ToUpper(name)})["images"].([]any)
		if len(mine) != 1 || mine[0].(map[string]any)["id"] != img["id"] {
			t.Fatalf("list_images mine name=%s: %v", strings.ToUpper(name), mine)
		}
		second := server(t, c, map[string]any{"image": img["id"]})
		if second["image"] != name {
			t.Errorf("second server's image: %v", second["image"])
		}
		callErr(t, c, "delete_image", map[string]any{"image_id": c.image}, "forbidden")
		call(t, c, "delete_instance", map[string]any{"instance_id": second["id"], "timeout_seconds": 300})
		del := call(t, c, "delete_image", map[string]any{"image_id": img["id"]})
		if del["success"] != true {
			t.Fatalf("delete_image: %v", del)
		}
		callErr(t, c, "get_image", map[string]any{"image_id": img["id"]}, "not_found")
	})
}

// A resize to a bigger flavor ends ACTIVE on it, confirmed; a smaller disk
// is refused before Nova is asked.
func TestResizeCycle(t *testing.T) {
	each(t, func(t *testing.T, c cloud) {
		srv := server(t, c, nil)
		got := call(t, c, "resize_instance", map[string]any{"instance_id": srv["id"], "flavor": c.bigger(), "timeout_seconds": 300})
		if got["status"] != "ACTIVE" || got["flavor"] != c.bigger() || got["old_flavor"] != c.flavor {
			t.Fatalf("resize: %v", got)
		}
		if now := call(t, c, "get_instance", map[string]any{"instance_id": srv["id"]}); now["flavor"] != c.bigger() {
			t.Fatalf("flavor after the resize: %v", now["flavor"])
		}
		msg := callErr(t, c, "resize_instance", map[string]any{"instance_id": srv["id"], "flavor": c.flavor}, "invalid_argument")
		if !strings.Contains(msg, "cannot shrink") {
			t.Errorf("a smaller disk: %s", msg)
		}
	})
}

// A server booted from a new volume made from its image: the volume is
// in-use, kept when the server goes (delete_instance says so), then
// deleted.
func TestBootFromVolumeCycle(t *testing.T) {
	each(t, func(t *testing.T, c cloud) {
		size := 5
		if c.lab {
			size = 1
		}
		srv := server(t, c, map[string]any{"boot_volume_size": size})
		boot, ok := srv["boot_volume"].(map[string]any)
		if !ok || boot["kept_after_delete"] != true {
			t.Fatalf("boot_volume: %v", srv["boot_volume"])
		}
		volID := boot["id"].(string)
		t.Cleanup(func() { c.h.Call(t, "delete_volume", map[string]any{"volume_id": volID}) })
		vol := call(t, c, "get_volume", map[string]any{"volume_id": volID})
		if vol["status"] != "in-use" || vol["bootable"] != true || len(vol["attachments"].([]any)) != 1 {
			t.Fatalf("boot volume: %v", vol)
		}
		del := call(t, c, "delete_instance", map[string]any{"instance_id": srv["id"], "timeout_seconds": 300})
		if !keeps(del, "volume", volID) {
			t.Fatalf("delete_instance does not say the volume stays: %v", del)
		}
		vol = call(t, c, "get_volume", map[string]any{"volume_id": volID})
		if vol["status"] != "available" || len(vol["attachments"].([]any)) != 0 {
			t.Fatalf("kept volume: %v", vol)
		}
	})
}

// keeps reports whether a delete's result lists kind id as kept.
func keeps(res map[string]any, kind, id string) bool {
	kept, _ := res["kept"].([]any)
	for _, k := range kept {
		if m := k.(map[string]any); m["kind"] == kind && m["id"] == id {
			return true
		}
	}
	return false
}

// A volume cloned from a volume and one from a snapshot (the lab's NFS
// driver clones a volume only before it has a snapshot: the clone first).
func TestVolumeClones(t *testing.T) {
	each(t, func(t *testing.T, c cloud) {
		cleanup := func(tool, key string, id any) {
			t.Cleanup(func() { c.h.Call(t, tool, map[string]any{key: id, "timeout_seconds": 300}) })
		}
		src := call(t, c, "create_volume", map[string]any{"size": 1, "name": unique("src"), "timeout_seconds": 300})
		cleanup("delete_volume", "volume_id", src["id"])
		clone := call(t, c, "create_volume", map[string]any{"name": unique("clone"), "source_volume": src["name"], "timeout_seconds": 300})
		cleanup("delete_volume", "volume_id", clone["id"])
		if clone["status"] != "available" || clone["size"] != src["size"] || clone["source_volid"] != src["id"] {
			t.Fatalf("clone: %v", clone)
		}
		snap := call(t, c, "create_snapshot", map[string]any{"volume_id": src["id"], "name": unique("snap"), "timeout_seconds": 300})
		cleanup("delete_snapshot", "snapshot_id", snap["id"])
		restored := call(t, c, "create_volume", map[string]any{"name": unique("restored"), "snapshot": snap["name"], "timeout_seconds": 300})
		cleanup("delete_volume", "volume_id", restored["id"])
		if restored["status"] != "available" || restored["snapshot_id"] != snap["id"] {
			t.Fatalf("volume from a snapshot: %v", restored)
		}
		listed := call(t, c, "list_volumes", map[string]any{"name": strings.ToUpper(clone["name"].(string)[:5])})["volumes"].([]any)
		if len(listed) == 0 {
			t.Errorf("list_volumes by part of a name in capitals found nothing")
		}
	})
}

// delete_instance names the floating IP it leaves allocated (billed).
func TestDeleteNamesWhatStays(t *testing.T) {
	each(t, func(t *testing.T, c cloud) {
		srv := server(t, c, map[string]any{"network": c.routed})
		fip := call(t, c, "create_floating_ip", map[string]any{"instance_id": srv["id"]})
		t.Cleanup(func() { c.h.Call(t, "delete_floating_ip", map[string]any{"floating_ip_id": fip["id"]}) })
		del := call(t, c, "delete_instance", map[string]any{"instance_id": srv["id"], "timeout_seconds": 300})
		if !keeps(del, "floating_ip", fip["id"].(string)) {
			t.Fatalf("delete_instance does not name the floating IP: %v", del)
		}
	})
}

// Glance matches names exactly; list_images finds part of one, any case.
func TestImageNameFilter(t *testing.T) {
	each(t, func(t *testing.T, c cloud) {
		part := "debian"
		if c.lab {
			part = "TINY"
		}
		found := call(t, c, "list_images", map[string]any{"name": part})["images"].([]any)
		if len(found) == 0 || found[0].(map[string]any)["name"] != c.image {
			t.Fatalf("list_images name=%s: %v", part, found)
		}
	})
}
