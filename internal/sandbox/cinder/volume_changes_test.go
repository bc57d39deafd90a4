package cinder_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// A volume's and a snapshot's update, the bootable flag, the upload to an
// image and the limits answer as the lab's Cinder does.
func TestVolumeChangesAsLab(t *testing.T) {
	a := sandboxtest.New(t)
	p := "/volume/v3/" + a.Sandbox.ProjectID()
	vol := a.JSON("POST", p+"/volumes", map[string]any{"volume": map[string]any{"size": 1, "name": "truth-vol"}}, 202)["volume"].(map[string]any)["id"].(string)
	a.Clock.Advance(2 * time.Second)
	upd := a.JSON("PUT", p+"/volumes/"+vol, map[string]any{"volume": map[string]any{"name": "truth-vol-renamed", "description": "d", "metadata": map[string]string{"k": "v"}}}, 200)["volume"].(map[string]any)
	sandboxtest.SampleKeys(t, "cinder-volume-update.json", upd, func(m map[string]any) map[string]any { return m["volume"].(map[string]any) })
	if upd["name"] != "truth-vol-renamed" || upd["description"] != "d" || sandboxtest.Compact(upd["metadata"]) != `{"k":"v"}` {
		t.Errorf("update: %s", sandboxtest.Compact(upd))
	}
	wantStatus, _ := sandboxtest.SampleAnswer(t, "cinder-volume-set-bootable.txt")
	if status, b, _ := a.Do("POST", p+"/volumes/"+vol+"/action", map[string]any{"os-set_bootable": map[string]any{"bootable": true}}); status != wantStatus {
		t.Errorf("set bootable: %d %s, the lab %d", status, b, wantStatus)
	}
	if got, want := a.JSON("GET", p+"/volumes/"+vol, nil, 200)["volume"].(map[string]any)["bootable"], sandboxtest.ReadSample(t, "cinder-volume-bootable.json")["bootable"]; got != want {
		t.Errorf("bootable: %v, the lab's %v", got, want)
	}
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "cinder-volume-set-bootable-bad-400.txt", Method: "POST", Path: p + "/volumes/" + vol + "/action", Body: map[string]any{"os-set_bootable": map[string]any{"bootable": "maybe"}}})
	sandboxtest.SampleKeys(t, "cinder-limits.json", a.JSON("GET", p+"/limits", nil, 200)["limits"].(map[string]any)["absolute"].(map[string]any),
		func(m map[string]any) map[string]any {
			return m["limits"].(map[string]any)["absolute"].(map[string]any)
		})

	snap := a.JSON("POST", p+"/snapshots", map[string]any{"snapshot": map[string]any{"volume_id": vol, "name": "truth-snap"}}, 202)["snapshot"].(map[string]any)["id"].(string)
	a.Clock.Advance(2 * time.Second)
	su := a.JSON("PUT", p+"/snapshots/"+snap, map[string]any{"snapshot": map[string]any{"name": "truth-snap-renamed", "description": "d"}}, 200)["snapshot"].(map[string]any)
	sandboxtest.SampleKeys(t, "cinder-snapshot-update.json", su, func(m map[string]any) map[string]any { return m["snapshot"].(map[string]any) })
	a.JSON("DELETE", p+"/snapshots/"+snap, nil, 202)
	a.Clock.Advance(2 * time.Second)

	wantStatus, wantBody := sandboxtest.SampleAnswer(t, "cinder-volume-upload-image.txt")
	status, b, _ := a.Do("POST", p+"/volumes/"+vol+"/action", map[string]any{"os-volume_upload_image": map[string]any{"image_name": "truth-upload", "disk_format": "raw", "container_format": "bare"}})
	var got, want map[string]map[string]any
	_ = json.Unmarshal(b, &got)
	_ = json.Unmarshal([]byte(wantBody), &want)
	if status != wantStatus || sandboxtest.KeyList(got["os-volume_upload_image"]) != sandboxtest.KeyList(want["os-volume_upload_image"]) {
		t.Fatalf("upload: %d %s\nthe lab: %d %s", status, b, wantStatus, wantBody)
	}
	if st := a.JSON("GET", p+"/volumes/"+vol, nil, 200)["volume"].(map[string]any)["status"]; st != sandboxtest.ReadSample(t, "cinder-volume-uploading.json")["status"] {
		t.Errorf("while uploading: %v", st)
	}
	a.Clock.Advance(2 * time.Second)
	img := a.JSON("GET", "/image/v2/images/"+got["os-volume_upload_image"]["image_id"].(string), nil, 200)
	lab := sandboxtest.ReadSample(t, "glance-image-from-volume.json")
	for _, k := range []string{"status", "size", "disk_format", "container_format", "visibility"} {
		if sandboxtest.Compact(img[k]) != sandboxtest.Compact(lab[k]) {
			t.Errorf("the uploaded image's %s: %s, the lab's %s", k, sandboxtest.Compact(img[k]), sandboxtest.Compact(lab[k]))
		}
	}
	// An action Cinder has and the sandbox does not serve is a 501.
	if status, b, _ := a.Do("POST", p+"/volumes/"+vol+"/action", map[string]any{"os-retype": map[string]any{"new_type": "x"}}); status != 501 {
		t.Errorf("os-retype: %d %s", status, b)
	}
}

// TestUpdateSeesTheVolumeAsItIsNow: an update reads the volume on the
// sandbox's clock, as every other Cinder request does: one whose delete has
// ended is gone (404), not renamed.
func TestUpdateSeesTheVolumeAsItIsNow(t *testing.T) {
	a := sandboxtest.New(t)
	p := "/volume/v3/" + a.Sandbox.ProjectID()
	vol := a.JSON("POST", p+"/volumes", map[string]any{"volume": map[string]any{"size": 1, "name": "going"}}, 202)["volume"].(map[string]any)["id"].(string)
	a.Clock.Advance(2 * time.Second)
	a.JSON("DELETE", p+"/volumes/"+vol, nil, 202)
	a.Clock.Advance(2 * time.Second)
	if status, b, _ := a.Do("PUT", p+"/volumes/"+vol, map[string]any{"volume": map[string]any{"name": "renamed"}}); status != 404 {
		t.Errorf("renaming a deleted volume: %d %s, want 404", status, b)
	}
}
