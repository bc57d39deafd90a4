package glance_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// A project's image is created, uploaded, downloaded, patched, filtered and
// deleted as the lab's Glance does it (glance-image-create.json,
// -uploaded.json, -download-headers.txt, -patch.txt, -created-at-*.json).
func TestImageWritesAsLab(t *testing.T) {
	a := sandboxtest.New(t)
	created := a.JSON("POST", "/image/v2/images", map[string]any{"name": "truth-image", "disk_format": "raw", "container_format": "bare",
		"visibility": "private", "tags": []string{"t1"}, "min_disk": 1, "foo": "bar"}, 201)
	sameKeysAndNulls(t, "glance-image-create.json", created)
	id := created["id"].(string)
	send := func(method, path, contentType string, body []byte) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, a.URL+path, bytes.NewReader(body))
		req.Header.Set("X-Auth-Token", a.Token)
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Accept", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	status, _ := sandboxtest.SampleAnswer(t, "glance-image-upload.txt")
	if resp, b := send("PUT", "/image/v2/images/"+id+"/file", "application/octet-stream", []byte("truth image bits")); resp.StatusCode != status {
		t.Fatalf("upload: %d %s, the lab: %d", resp.StatusCode, b, status)
	}
	uploaded := a.JSON("GET", "/image/v2/images/"+id, nil, 200)
	sameKeysAndNulls(t, "glance-image-uploaded.json", uploaded)
	want := sandboxtest.ReadSample(t, "glance-image-uploaded.json")
	for _, k := range []string{"status", "size", "checksum", "virtual_size", "os_hash_value"} {
		if sandboxtest.Compact(uploaded[k]) != sandboxtest.Compact(want[k]) {
			t.Errorf("uploaded %s: %s, the lab's %s", k, sandboxtest.Compact(uploaded[k]), sandboxtest.Compact(want[k]))
		}
	}
	resp, b := send("GET", "/image/v2/images/"+id+"/file", "", nil)
	if string(b) != "truth image bits" || resp.Header.Get("Content-Md5") != want["checksum"] || resp.Header.Get("Content-Type") != "application/octet-stream" {
		t.Errorf("download: %q, headers %v", b, resp.Header)
	}
	patch := `[{"op":"replace","path":"/name","value":"truth-image-2"},{"op":"add","path":"/k","value":"v"},{"op":"remove","path":"/foo"}]`
	wantStatus, wantBody := sandboxtest.SampleAnswer(t, "glance-image-patch.txt")
	resp, b = send("PATCH", "/image/v2/images/"+id, "application/openstack-images-v2.1-json-patch", []byte(patch))
	var patched, labPatched map[string]any
	_ = json.Unmarshal(b, &patched)
	_ = json.Unmarshal([]byte(wantBody), &labPatched)
	if resp.StatusCode != wantStatus || sandboxtest.KeyList(patched) != sandboxtest.KeyList(labPatched) || patched["name"] != "truth-image-2" || patched["k"] != "v" {
		t.Errorf("patch: %d %s\nthe lab: %d %s", resp.StatusCode, b, wantStatus, wantBody)
	}
	if got := a.JSON("GET", "/image/v2/images?created_at=gte:2999-01-01T00:00:00Z", nil, 200)["images"].([]any); len(got) != 0 {
		t.Errorf("created in the future: %d images, the lab none", len(got))
	}
	if got := a.JSON("GET", "/image/v2/images?tag=t1", nil, 200)["images"].([]any); len(got) != 1 {
		t.Errorf("tag t1: %d images", len(got))
	}
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "glance-images-created-at-bad-400.txt", Method: "GET", Path: "/image/v2/images?created_at=bogus"})
	sandboxtest.SameAsSample(t, "glance-info-import.json", map[string]any{"import-methods": map[string]any{
		"description": "Import methods available.", "type": "array", "value": []any{"glance-direct", "web-download", "copy-image"}}})
	info := a.JSON("GET", "/image/v2/info/import", nil, 200)["import-methods"].(map[string]any)
	if sandboxtest.Compact(info["value"]) != "[]" {
		t.Errorf("the sandbox serves no import method, its document says %s", sandboxtest.Compact(info["value"]))
	}
	a.JSON("DELETE", "/image/v2/images/"+id, nil, 204)
}

// sameKeysAndNulls compares an image with a sample's: the same keys, and
// null where the lab's is null.
func sameKeysAndNulls(t *testing.T, sample string, got map[string]any) {
	t.Helper()
	want := sandboxtest.ReadSample(t, sample)
	delete(want, "stores") // the lab's store is a directory, the sandbox's Ceph
	delete(got, "stores")
	if sandboxtest.KeyList(want) != sandboxtest.KeyList(got) {
		t.Errorf("%s: keys\nthe lab:     %s\nthe sandbox: %s", sample, sandboxtest.KeyList(want), sandboxtest.KeyList(got))
	}
	for k, v := range want {
		if (v == nil) != (got[k] == nil) {
			t.Errorf("%s: %s is %s, the lab's %s", sample, k, sandboxtest.Compact(got[k]), sandboxtest.Compact(v))
		}
	}
}
