package scenarios

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The object storage cycle of issue 26 on every cloud: a container, a text
// object uploaded, listed and read back equal, a temp URL a plain GET
// follows, S3 keys with which a SigV4 request lists the container through
// the cloud's S3 API, a refused delete while not empty, then the delete
// with its objects.
func TestStorageCycle(t *testing.T) {
	each(t, func(t *testing.T, c cloud) {
		bucket := unique("mcp-storage") // an S3 bucket name too: lower case, digits, dashes
		made := call(t, c, "create_container", map[string]any{"container": bucket})
		if made["name"] != bucket || made["public"] != false {
			t.Fatalf("created: %v", made)
		}
		t.Cleanup(func() { c.h.Call(t, "delete_container", map[string]any{"container": bucket, "delete_objects": true}) })
		text := "hello from the " + c.name + "\n"
		up := call(t, c, "upload_object", map[string]any{"container": bucket, "name": "notes/hello.txt", "content": text})
		if up["bytes"] != float64(len(text)) || up["etag"] == "" {
			t.Fatalf("uploaded: %v", up)
		}
		listed := call(t, c, "list_objects", map[string]any{"container": bucket})
		objs := listed["objects"].([]any)
		if len(objs) != 1 || objs[0].(map[string]any)["name"] != "notes/hello.txt" {
			t.Fatalf("listed: %v", listed)
		}
		folders := call(t, c, "list_objects", map[string]any{"container": bucket, "delimiter": "/"})
		if f, _ := folders["folders"].([]any); len(f) != 1 || f[0] != "notes/" {
			t.Fatalf("folders: %v", folders)
		}
		got := call(t, c, "download_object", map[string]any{"container": bucket, "name": "notes/hello.txt"})
		if got["text"] != text || got["etag"] != up["etag"] {
			t.Fatalf("downloaded: %v", got)
		}
		link := call(t, c, "create_temp_url", map[string]any{"container": bucket, "name": "notes/hello.txt", "expires_in_seconds": 600})
		resp, err := http.Get(link["url"].(string))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(body) != text {
			t.Fatalf("GET %s: %d %q", link["url"], resp.StatusCode, body)
		}

		keys := call(t, c, "create_s3_credentials", nil)
		if listed := call(t, c, "get_s3_credentials", nil); !strings.Contains(fmt.Sprint(listed["keys"]), keys["created"].(map[string]any)["access"].(string)) {
			t.Fatalf("get_s3_credentials does not list the new key: %v", listed)
		}
		created := keys["created"].(map[string]any)
		t.Cleanup(func() { c.h.Call(t, "delete_s3_credential", map[string]any{"access": created["access"]}) })
		endpoint, _ := keys["endpoint"].(string)
		if endpoint == "" || !strings.Contains(keys["aws_cli"].(string), created["access"].(string)) {
			t.Fatalf("S3 keys: %v", keys)
		}
		req, _ := http.NewRequest("GET", endpoint+"/"+bucket, nil)
		signV4(req, created["access"].(string), created["secret"].(string), keys["region"].(string), time.Now())
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "<Key>notes/hello.txt</Key>") {
			t.Fatalf("SigV4 GET %s/%s: %d %s", endpoint, bucket, resp.StatusCode, body)
		}

		call(t, c, "upload_object", map[string]any{"container": bucket, "name": "tmp.bin", "content_base64": "AAEC"})
		bin := call(t, c, "download_object", map[string]any{"container": bucket, "name": "tmp.bin"})
		if _, shown := bin["text"]; shown || bin["bytes"] != float64(3) {
			t.Fatalf("binary content shown or miscounted: %v", bin)
		}
		call(t, c, "delete_object", map[string]any{"container": bucket, "name": "tmp.bin"})
		var seen bool
		for _, ct := range call(t, c, "list_containers", map[string]any{"prefix": bucket})["containers"].([]any) {
			seen = seen || ct.(map[string]any)["name"] == bucket
		}
		if !seen {
			t.Fatalf("list_containers does not show %s", bucket)
		}

		refused := callErr(t, c, "delete_container", map[string]any{"container": bucket}, "conflict")
		if !strings.Contains(refused, "delete_objects") {
			t.Fatalf("refusal: %s", refused)
		}
		del := call(t, c, "delete_container", map[string]any{"container": bucket, "delete_objects": true})
		if del["success"] != true || del["deleted_objects"] != float64(1) {
			t.Fatalf("deleted: %v", del)
		}
		gone := c.h.Call(t, "list_objects", map[string]any{"container": bucket})
		if gone.ErrorCode() != "not_found" {
			t.Fatalf("after delete: %s", gone.Text)
		}
		call(t, c, "delete_s3_credential", map[string]any{"access": created["access"]})
	})
}
