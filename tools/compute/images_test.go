package compute_test

import (
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/compute"
)

func TestListImages(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	all := servertest.CallAs[compute.ImageList](t, h, "list_images", nil)
	if len(all.Images) < 5 || all.NextMarker != "" {
		t.Fatalf("all images: %+v", all)
	}
	one := servertest.CallAs[compute.ImageList](t, h, "list_images", map[string]any{"name": "Rocky Linux 9"})
	if len(one.Images) != 1 {
		t.Fatalf("name filter: %+v", one)
	}
	i := one.Images[0]
	if i.ID == "" || i.Status != "active" || i.MinDisk != 10 || i.Size != 1130102784 || i.CreatedAt == "" {
		t.Errorf("image = %+v", i)
	}
	seen := h.PageIDs(t, "list_images", "images", 2, 10)
	if len(seen) != len(all.Images) || seen[0] != all.Images[0].ID {
		t.Fatalf("pages saw %d of %d", len(seen), len(all.Images))
	}
	h.Call(t, "list_images", map[string]any{"status": "sleepy"}).WantError(t, "invalid_argument", `no image status "sleepy": it is one of queued, saving`)
	if up := servertest.CallAs[compute.ImageList](t, h, "list_images", map[string]any{"status": "ACTIVE"}); len(up.Images) != len(all.Images) {
		t.Errorf("status ACTIVE: %d of %d images", len(up.Images), len(all.Images))
	}
}

func TestGetImage(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	var byName, byID compute.Image
	h.Call(t, "get_image", map[string]any{"image_id": "Ubuntu 24.04 LTS Noble Numbat"}).MustSucceed(t).Decode(t, &byName)
	h.Call(t, "get_image", map[string]any{"image_id": byName.ID}).MustSucceed(t).Decode(t, &byID)
	if byName.ID == "" || byName != byID || byName.MinDisk != 4 {
		t.Fatalf("by name %+v, by id %+v", byName, byID)
	}
	h.Call(t, "get_image", map[string]any{"image_id": "Ubuntu"}).WantError(t, "not_found", `no image with ID or name "Ubuntu"`,
		`close names: "Ubuntu 24.04 LTS Noble Numbat", "Ubuntu 22.04 LTS Jammy Jellyfish"; list_images shows them all`)
	h.Call(t, "get_image", map[string]any{"image_id": "7c1b5a1e-0000-4000-8000-000000000000"}).WantError(t, "not_found")
	h.Call(t, "get_image", map[string]any{"image_id": ""}).WantError(t, "invalid_argument", "image_id: must not be empty")
}
