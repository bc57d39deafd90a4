package nova_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// sampleLines are the lines of a .txt sample.
func sampleLines(t *testing.T, name string) []string {
	t.Helper()
	b := sandboxtest.SampleBytes(t, name)
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// inOrder reports whether every line the lab showed appears in seen, in
// the same order: a quick step the lab's poll missed may show here.
func inOrder(lab, seen []string) bool {
	i := 0
	for _, s := range seen {
		if i < len(lab) && s == lab[i] {
			i++
		}
	}
	return i == len(lab)
}

// watch advances the clock by step until done, recording what the server
// shows (each change once).
func (a *api) watch(id string, step time.Duration, show func(map[string]any) string, done func(map[string]any) bool) []string {
	a.T.Helper()
	var seen []string
	for range 200 {
		sv := a.Server(id)
		if s := show(sv); len(seen) == 0 || seen[len(seen)-1] != s {
			seen = append(seen, s)
		}
		if done(sv) {
			return seen
		}
		a.Clock.Advance(step)
	}
	a.T.Fatalf("server %s never got there; seen %q", id, seen)
	return nil
}

func taskState(sv map[string]any) string {
	if t, ok := sv["OS-EXT-STS:task_state"].(string); ok {
		return t
	}
	return "null"
}

func (a *api) action(id string, body map[string]any, want int) {
	a.T.Helper()
	if status, b, _ := a.Do("POST", "/compute/v2.1/servers/"+id+"/action", body); status != want {
		a.T.Fatalf("%v: %d %s", body, status, b)
	}
}

// withoutUploadKeys leaves out the properties a server's image inherits
// from its base image, which differ: the lab's has openstacksdk's
// (owner_specified.*), the sandbox's their os_distro.
func withoutUploadKeys(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if !strings.HasPrefix(k, "owner_specified.") && k != "os_distro" {
			out[k] = v
		}
	}
	return out
}

// TestServerImageAsLab: createImage makes a private image of the project,
// queued then active as the server's task_state goes through the lab's
// steps; a server boots from it; the owner filter lists it alone; the
// project deletes its own image and not the cloud's.
func TestServerImageAsLab(t *testing.T) {
	a := newAPI(t)
	id := a.CreateServer("vm", "Debian 12 bookworm", "private", nil)
	a.Clock.Advance(4 * time.Second)
	got := a.JSON("POST", "/compute/v2.1/servers/"+id+"/action", map[string]any{"createImage": map[string]any{"name": "vm-image"}}, 202)
	sandboxtest.SampleKeys(t, "nova-server-create-image-202.json", got, func(m map[string]any) map[string]any { return m })
	img := got["image_id"].(string)
	queued := a.JSON("GET", "/image/v2/images/"+img, nil, 200)
	if queued["status"] != "queued" || queued["visibility"] != "private" || queued["owner"] != a.Sandbox.ProjectID() {
		t.Fatalf("new image: %v", queued)
	}
	sandboxtest.SampleKeys(t, "glance-image-snapshot-queued.json", withoutUploadKeys(queued), withoutUploadKeys)
	seen := a.watch(id, 100*time.Millisecond, taskState, func(sv map[string]any) bool { return sv["OS-EXT-STS:task_state"] == nil })
	if lab := sampleLines(t, "nova-server-image-task-states.txt"); !inOrder(lab, seen) {
		t.Errorf("task_states: the sandbox %q, the lab %q", seen, lab)
	}
	active := a.JSON("GET", "/image/v2/images/"+img, nil, 200)
	if active["status"] != "active" || active["size"].(float64) == 0 || active["instance_uuid"] != id {
		t.Fatalf("image after the upload: %v", active)
	}
	sandboxtest.SampleKeys(t, "glance-image-snapshot.json", withoutUploadKeys(active), withoutUploadKeys)
	mine := a.JSON("GET", "/image/v2/images?owner="+a.Sandbox.ProjectID(), nil, 200)
	if names := sandboxtest.NamesListed(mine, "images"); names != "vm-image" {
		t.Errorf("owner filter: [%s]", names)
	}
	second := a.CreateServer("vm2", "vm-image", "private", nil)
	a.Clock.Advance(4 * time.Second)
	if sv := a.Server(second); sv["status"] != "ACTIVE" || sv["image"].(map[string]any)["id"] != img {
		t.Fatalf("server from the image: %v", sv)
	}
	a.action(id, map[string]any{"createImage": map[string]any{}}, 400)
	debian := a.FirstID("/image/v2/images", "images", "Debian 12 bookworm")
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "glance-image-delete-not-owner-403.txt", Method: "DELETE", Path: "/image/v2/images/" + debian})
	if status, b, _ := a.Do("DELETE", "/image/v2/images/"+img, nil); status != 204 {
		t.Fatalf("delete own image: %d %s", status, b)
	}
	a.JSON("GET", "/image/v2/images/"+img, nil, 404)
}

// TestResizeAsLab: resize goes through the lab's RESIZE steps to
// VERIFY_RESIZE on the new flavor; confirm ends it ACTIVE there, revert
// goes back; Nova's refusals are the lab's. A smaller disk is rolled back.
func TestResizeAsLab(t *testing.T) {
	a := newAPI(t)
	id := a.CreateServer("vm", "Debian 12 bookworm", "private", nil)
	a.Clock.Advance(4 * time.Second)
	small := a.FirstID("/compute/v2.1/flavors", "flavors", "a1-ram2-disk20-perf1")
	big := a.FirstID("/compute/v2.1/flavors", "flavors", "a2-ram4-disk50-perf1")
	path := "/compute/v2.1/servers/" + id + "/action"
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-resize-same-flavor-400.txt", Method: "POST", Path: path, Body: map[string]any{"resize": map[string]any{"flavorRef": small}}})
	a.action(id, map[string]any{"resize": map[string]any{"flavorRef": big}}, 202)
	show := func(sv map[string]any) string { return sv["status"].(string) + " " + taskState(sv) }
	seen := a.watch(id, 100*time.Millisecond, show, func(sv map[string]any) bool { return sv["status"] == "VERIFY_RESIZE" })
	if lab := sampleLines(t, "nova-server-resize-states.txt"); !inOrder(lab, seen) {
		t.Errorf("resize: the sandbox %q, the lab %q", seen, lab)
	}
	sv := a.Server(id)
	sandboxtest.SampleKeys(t, "nova-server-verify-resize.json", sv, sandboxtest.Under("server"))
	if f := sv["flavor"].(map[string]any)["original_name"]; f != "a2-ram4-disk50-perf1" {
		t.Errorf("flavor in VERIFY_RESIZE: %v", f)
	}
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-resize-resized-409.txt", Method: "POST", Path: path, Body: map[string]any{"resize": map[string]any{"flavorRef": small}}})
	a.action(id, map[string]any{"confirmResize": nil}, 204)
	a.Clock.Advance(time.Second)
	if sv := a.Server(id); sv["status"] != "ACTIVE" || sv["flavor"].(map[string]any)["original_name"] != "a2-ram4-disk50-perf1" {
		t.Fatalf("after confirm: %v %v", sv["status"], sv["flavor"])
	}
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-confirm-resize-active-409.txt", Method: "POST", Path: path, Body: map[string]any{"confirmResize": nil}})
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-revert-resize-active-409.txt", Method: "POST", Path: path, Body: map[string]any{"revertResize": nil}})

	bigger := a.FirstID("/compute/v2.1/flavors", "flavors", "a4-ram8-disk50-perf1")
	a.action(id, map[string]any{"resize": map[string]any{"flavorRef": bigger}}, 202)
	a.Clock.Advance(time.Second)
	a.action(id, map[string]any{"revertResize": nil}, 202)
	flavor := func(sv map[string]any) string {
		return show(sv) + " " + sv["flavor"].(map[string]any)["original_name"].(string)
	}
	seen = a.watch(id, 100*time.Millisecond, flavor, func(sv map[string]any) bool { return sv["status"] == "ACTIVE" })
	if !slices.Contains(seen, "REVERT_RESIZE resize_reverting a4-ram8-disk50-perf1") || seen[len(seen)-1] != "ACTIVE null a2-ram4-disk50-perf1" {
		t.Errorf("revert: %q", seen)
	}

	// A smaller disk: Nova takes it, the compute host refuses it (libvirt:
	// "Unable to resize disk down"), the server is back on its flavor.
	a.action(id, map[string]any{"resize": map[string]any{"flavorRef": small}}, 202)
	seen = a.watch(id, 100*time.Millisecond, flavor, func(sv map[string]any) bool { return taskState(sv) == "null" })
	if last := seen[len(seen)-1]; last != "ACTIVE null a2-ram4-disk50-perf1" || !slices.Contains(seen, "RESIZE resize_prep a2-ram4-disk50-perf1") {
		t.Errorf("smaller disk: %q", seen)
	}
	a.action(id, map[string]any{"resize": map[string]any{"flavorRef": "no-such-flavor"}}, 400)
}

// TestBootFromVolumeAsLab: a server booted from a new volume made from an
// image shows no image and the volume, in-use, as on the lab; the volume is
// kept when the server goes unless delete_on_termination.
func TestBootFromVolumeAsLab(t *testing.T) {
	a := newAPI(t)
	debian := a.FirstID("/image/v2/images", "images", "Debian 12 bookworm")
	boot := func(name string, deleteOnTermination bool) string {
		return a.CreateServer(name, "Debian 12 bookworm", "private", map[string]any{"imageRef": "", "block_device_mapping_v2": []map[string]any{{
			"boot_index": 0, "uuid": debian, "source_type": "image", "destination_type": "volume",
			"volume_size": 10, "delete_on_termination": deleteOnTermination}}})
	}
	id := boot("bfv", false)
	a.Clock.Advance(4 * time.Second)
	sv := a.Server(id)
	sandboxtest.SampleKeys(t, "nova-server-bfv.json", sv, sandboxtest.Under("server"))
	attached := sv["os-extended-volumes:volumes_attached"].([]any)
	if sv["image"] != "" || len(attached) != 1 || attached[0].(map[string]any)["delete_on_termination"] != false {
		t.Fatalf("server booted from a volume: image %v, volumes %v", sv["image"], attached)
	}
	volID := attached[0].(map[string]any)["id"].(string)
	v := a.CinderJSON("GET", "/volumes/"+volID, nil, 200)["volume"].(map[string]any)
	sandboxtest.SampleKeys(t, "cinder-volume-boot.json", v, sandboxtest.Under("volume"))
	if v["status"] != "in-use" || v["bootable"] != "true" || v["size"] != float64(10) || len(v["attachments"].([]any)) != 1 {
		t.Fatalf("boot volume: %v", v)
	}
	if status, b, _ := a.Do("DELETE", "/compute/v2.1/servers/"+id, nil); status != 204 {
		t.Fatalf("delete: %d %s", status, b)
	}
	a.Clock.Advance(2 * time.Second)
	kept := a.CinderJSON("GET", "/volumes/"+volID, nil, 200)["volume"].(map[string]any)
	sandboxtest.SampleKeys(t, "cinder-volume-boot-kept.json", kept, sandboxtest.Under("volume"))
	if v := kept; v["status"] != "available" {
		t.Fatalf("kept volume: %v", v)
	}

	gone := boot("bfv-gone", true)
	a.Clock.Advance(4 * time.Second)
	goneVol := a.Server(gone)["os-extended-volumes:volumes_attached"].([]any)[0].(map[string]any)["id"].(string)
	a.Do("DELETE", "/compute/v2.1/servers/"+gone, nil)
	a.Clock.Advance(2 * time.Second)
	if v := a.CinderJSON("GET", "/volumes/"+goneVol, nil, 200)["volume"].(map[string]any); v["status"] != "deleting" {
		t.Fatalf("a volume deleted on termination: %v", v["status"])
	}
	a.Clock.Advance(2 * time.Second)
	a.CinderJSON("GET", "/volumes/"+goneVol, nil, 404)

	status, b, _ := a.Do("POST", "/compute/v2.1/servers", map[string]any{"server": map[string]any{"name": "x",
		"flavorRef": a.FirstID("/compute/v2.1/flavors", "flavors", "a1-ram2-disk20-perf1"), "networks": "none",
		"block_device_mapping_v2": []map[string]any{{"boot_index": 0, "uuid": a.FirstID("/image/v2/images", "images", "Rocky Linux 9"),
			"source_type": "image", "destination_type": "volume", "volume_size": 5}}}})
	if status != 400 || !strings.Contains(string(b), "Volume is smaller than the minimum size specified in image metadata") {
		t.Errorf("a volume smaller than the image's min_disk: %d %s", status, b)
	}
	// Another mapping (an existing volume) is not served: a 501 that says so.
	status, b, _ = a.Do("POST", "/compute/v2.1/servers", map[string]any{"server": map[string]any{"name": "x",
		"flavorRef": a.FirstID("/compute/v2.1/flavors", "flavors", "a1-ram2-disk20-perf1"), "networks": "none",
		"block_device_mapping_v2": []map[string]any{{"boot_index": 0, "uuid": volID, "source_type": "volume", "destination_type": "volume"}}}})
	if status != 501 || !strings.Contains(string(b), "the sandbox does not serve a block device mapping other than one boot volume made from an image") {
		t.Errorf("a boot from an existing volume: %d %s", status, b)
	}
}

// TestVolumeImageOfBootVolume: createImage of a server booted from a volume
// snapshots the volume and makes an image of size 0 at once.
func TestVolumeImageOfBootVolume(t *testing.T) {
	a := newAPI(t)
	id := a.CreateServer("bfv", "Debian 12 bookworm", "private", map[string]any{"block_device_mapping_v2": []map[string]any{{
		"boot_index": 0, "uuid": a.FirstID("/image/v2/images", "images", "Debian 12 bookworm"), "source_type": "image",
		"destination_type": "volume", "volume_size": 10}}})
	a.Clock.Advance(4 * time.Second)
	img := a.JSON("POST", "/compute/v2.1/servers/"+id+"/action", map[string]any{"createImage": map[string]any{"name": "bfv-image"}}, 202)["image_id"].(string)
	got := a.JSON("GET", "/image/v2/images/"+img, nil, 200)
	if got["status"] != "active" || got["size"] != float64(0) || !strings.Contains(got["block_device_mapping"].(string), "snapshot") {
		t.Fatalf("image of a volume-backed server: %v", got)
	}
	snaps := a.CinderJSON("GET", "/snapshots", nil, 200)["snapshots"].([]any)
	if len(snaps) != 1 || snaps[0].(map[string]any)["name"] != "snapshot for bfv-image" {
		t.Fatalf("snapshots: %v", snaps)
	}
}

// TestVolumeClonesAsLab: a volume made from another (source_volid) takes
// its size, type and zone and names its source; one from a snapshot names
// the snapshot; Cinder's refusals of a smaller size and of a source in the
// wrong state.
func TestVolumeClonesAsLab(t *testing.T) {
	a := newAPI(t)
	create := func(v map[string]any, want int) map[string]any {
		t.Helper()
		return a.CinderJSON("POST", "/volumes", map[string]any{"volume": v}, want)
	}
	src := create(map[string]any{"size": 3, "name": "src"}, 202)["volume"].(map[string]any)["id"].(string)
	got := create(map[string]any{"name": "early", "source_volid": src}, 400)
	if !strings.Contains(fmt.Sprint(got), "Originating source volume status must be one of 'available, in-use' values") {
		t.Errorf("a clone of a volume being created: %v", got)
	}
	a.Clock.Advance(2 * time.Second)
	clone := create(map[string]any{"name": "clone", "source_volid": src}, 202)
	sandboxtest.SampleKeys(t, "cinder-volume-create-source-202.json", clone["volume"].(map[string]any), sandboxtest.Under("volume"))
	cid := clone["volume"].(map[string]any)["id"].(string)
	a.Clock.Advance(2 * time.Second)
	c := a.CinderJSON("GET", "/volumes/"+cid, nil, 200)["volume"].(map[string]any)
	sandboxtest.SampleKeys(t, "cinder-volume-clone.json", withoutKey(c, "volume_image_metadata"), func(m map[string]any) map[string]any {
		return withoutKey(m["volume"].(map[string]any), "volume_image_metadata")
	})
	if c["status"] != "available" || c["size"] != float64(3) || c["source_volid"] != src {
		t.Fatalf("clone: %v", c)
	}
	if got := create(map[string]any{"size": 2, "source_volid": src}, 400); !strings.Contains(fmt.Sprint(got), "cannot be smaller than original volume size  3GB") {
		t.Errorf("a smaller clone: %v", got)
	}
	snap := a.CinderJSON("POST", "/snapshots", map[string]any{"snapshot": map[string]any{"volume_id": src, "name": "s"}}, 202)["snapshot"].(map[string]any)["id"].(string)
	a.Clock.Advance(2 * time.Second)
	fromSnap := create(map[string]any{"name": "from-snap", "snapshot_id": snap}, 202)
	sandboxtest.SampleKeys(t, "cinder-volume-create-snapshot-202.json", fromSnap["volume"].(map[string]any), sandboxtest.Under("volume"))
	if v := fromSnap["volume"].(map[string]any); v["snapshot_id"] != snap || v["size"] != float64(3) {
		t.Errorf("from a snapshot: %v", v)
	}
	create(map[string]any{"source_volid": src, "snapshot_id": snap}, 400)
	create(map[string]any{"source_volid": "7c1b5a1e-0000-4000-8000-000000000000"}, 404)
}

// withoutKey is m without key (a key one side has only from its seed data).
func withoutKey(m map[string]any, key string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}
