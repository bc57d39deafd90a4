package compute_test

import (
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/compute"
)

// resize_instance refuses what Nova would take and the host refuse, or
// what changes nothing, before asking Nova; it resizes and confirms, or
// stops at VERIFY_RESIZE and confirms on the next call.
func TestResizeInstance(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	s := create(t, h, "web", nil)
	const action = "POST /compute/v2.1/servers/{id}/action"
	before := h.Sandbox.Stats().ByRoute[action]
	h.Call(t, "resize_instance", map[string]any{"instance_id": "web", "flavor": flavorName}).WantError(t, "invalid_argument", "already on flavor")
	h.Call(t, "resize_instance", map[string]any{"instance_id": "web", "flavor": "no-such-flavor"}).WantError(t, "not_found")
	if n := h.Sandbox.Stats().ByRoute[action] - before; n != 0 {
		t.Fatalf("%d refused resizes reached Nova", n)
	}
	r := servertest.CallAs[compute.Resized](t, h, "resize_instance", map[string]any{"instance_id": s.ID, "flavor": "a2-ram4-disk50-perf1", "confirm": false})
	if r.Status != "VERIFY_RESIZE" || r.OldFlavor != flavorName || r.Flavor != "a2-ram4-disk50-perf1" {
		t.Fatalf("resize without confirming: %+v", r)
	}
	h.Call(t, "resize_instance", map[string]any{"instance_id": "web", "flavor": "a4-ram8-disk50-perf1"}).WantError(t, "conflict", "waits for its confirmation")
	r = servertest.CallAs[compute.Resized](t, h, "resize_instance", map[string]any{"instance_id": "web", "flavor": "a2-ram4-disk50-perf1"})
	if r.Status != "ACTIVE" || r.Flavor != "a2-ram4-disk50-perf1" {
		t.Fatalf("confirmed: %+v", r)
	}
	before = h.Sandbox.Stats().ByRoute[action]
	h.Call(t, "resize_instance", map[string]any{"instance_id": "web", "flavor": flavorName}).WantError(t, "invalid_argument", "a server's disk cannot shrink")
	if n := h.Sandbox.Stats().ByRoute[action] - before; n != 0 {
		t.Fatalf("a smaller disk reached Nova (%d)", n)
	}
}

// create_instance_image follows the duplicate-name rule of every create;
// delete_image deletes the project's own image only.
func TestInstanceImages(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	create(t, h, "web", nil)
	img := servertest.CallAs[compute.Image](t, h, "create_instance_image", map[string]any{"instance_id": "web", "name": "web-image"})
	if img.Status != "active" || img.Visibility != "private" || img.Size == 0 {
		t.Fatalf("image: %+v", img)
	}
	h.Call(t, "create_instance_image", map[string]any{"instance_id": "web", "name": "web-image"}).WantError(t, "conflict", img.ID)
	if mine := servertest.CallAs[compute.ImageList](t, h, "list_images", map[string]any{"mine": true}); len(mine.Images) != 1 || mine.Images[0].ID != img.ID {
		t.Fatalf("mine: %+v", mine)
	}
	if found := servertest.CallAs[compute.ImageList](t, h, "list_images", map[string]any{"name": "WEB-im"}); len(found.Images) != 1 {
		t.Fatalf("part of the name, any case: %+v", found)
	}
	h.Call(t, "delete_image", map[string]any{"image_id": imageName}).WantError(t, "forbidden", "only the project's own images")
	if d := servertest.CallAs[compute.Success](t, h, "delete_image", map[string]any{"image_id": "web-image"}); !d.Success || d.ID != img.ID {
		t.Fatalf("delete_image: %+v", d)
	}
	h.Call(t, "get_image", map[string]any{"image_id": img.ID}).WantError(t, "not_found")
}

// A boot volume too small for its image is refused before anything is
// made; volume_type alone is refused; a server booted from a volume says
// the volume stays, and delete_instance names it.
func TestBootVolume(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	h.Call(t, "create_instance", map[string]any{"name": "x", "flavor": flavorName, "image": "Rocky Linux 9", "network": "private",
		"boot_volume_size": 5}).WantError(t, "invalid_argument", "boot_volume_size 5 GB is too small for image Rocky Linux 9, which needs 10 GB")
	h.Call(t, "create_instance", map[string]any{"name": "x", "flavor": flavorName, "image": imageName, "network": "private",
		"volume_type": "CEPH_1_perf2"}).WantError(t, "invalid_argument", "are for a boot volume")
	s := create(t, h, "bfv", map[string]any{"boot_volume_size": 10, "volume_type": "CEPH_1_perf2"})
	if s.BootVolume == nil || !s.BootVolume.Kept || s.BootVolume.Size != 10 || s.Image != "" {
		t.Fatalf("server booted from a volume: %+v", s)
	}
	d := servertest.CallAs[compute.Success](t, h, "delete_instance", map[string]any{"instance_id": "bfv"})
	if len(d.Kept) != 1 || d.Kept[0].Kind != "volume" || d.Kept[0].ID != s.BootVolume.ID {
		t.Fatalf("delete_instance kept: %+v", d.Kept)
	}
	gone := create(t, h, "bfv-gone", map[string]any{"boot_volume_size": 10, "delete_boot_volume": true})
	if gone.BootVolume == nil || gone.BootVolume.Kept {
		t.Fatalf("a boot volume deleted with its server: %+v", gone.BootVolume)
	}
	if d := servertest.CallAs[compute.Success](t, h, "delete_instance", map[string]any{"instance_id": "bfv-gone"}); len(d.Kept) != 0 {
		t.Fatalf("kept: %+v", d.Kept)
	}
}
