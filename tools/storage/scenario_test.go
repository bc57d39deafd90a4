package storage_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/storage"
)

// withRoots is a server whose tools may use the files under roots.
func withRoots(roots ...string) servertest.Option {
	return servertest.WithConfig(config.Config{Transport: "stdio", LogLevel: "info", LogFormat: "text",
		RequestTimeout: 10 * time.Second, Toolsets: tools.Toolsets.Names(), FilesRoots: roots})
}

// httpGet is a plain GET, as anyone given a link makes it.
func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestScenario is the "done when" on the sandbox: create a
// container, upload a text, list and download it (equal), a temp URL that
// a plain GET follows, S3 keys with the sandbox's S3 endpoint (the SigV4
// request is test/scenarios'), a refused delete while not empty, then the
// delete with its objects.
func TestScenario(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	created := servertest.CallAs[storage.CreatedContainer](t, h, "create_container", map[string]any{"container": "docs"})
	if created.Name != "docs" || created.Public || created.Existed {
		t.Fatalf("created: %+v", created)
	}
	text := "hello, object storage\n"
	up := servertest.CallAs[storage.Uploaded](t, h, "upload_object", map[string]any{"container": "docs", "name": "notes/hello.txt", "content": text})
	if up.Bytes != int64(len(text)) || up.Etag == "" || up.ContentType != "text/plain; charset=utf-8" {
		t.Fatalf("uploaded: %+v", up)
	}
	list := servertest.CallAs[storage.ObjectList](t, h, "list_objects", map[string]any{"container": "docs"})
	if len(list.Objects) != 1 || list.Objects[0].Name != "notes/hello.txt" || list.Objects[0].Bytes != up.Bytes || list.Truncated {
		t.Fatalf("listed: %+v", list)
	}
	got := servertest.CallAs[storage.Downloaded](t, h, "download_object", map[string]any{"container": "docs", "name": "notes/hello.txt"})
	if got.Text == nil || *got.Text != text || got.Etag != up.Etag {
		t.Fatalf("downloaded: %+v", got)
	}
	link := servertest.CallAs[storage.TempURL](t, h, "create_temp_url", map[string]any{"container": "docs", "name": "notes/hello.txt", "expires_in_seconds": 600})
	if !link.KeySet || link.Method != "GET" {
		t.Fatalf("temp URL: %+v", link)
	}
	if status, body := httpGet(t, link.URL); status != 200 || body != text {
		t.Fatalf("GET %s: %d %q", link.URL, status, body)
	}
	keys := servertest.CallAs[storage.S3Credentials](t, h, "create_s3_credentials", nil)
	if keys.Created == nil || keys.Created.Secret == "" || len(keys.Keys) != 1 || !strings.HasSuffix(keys.Endpoint, "/s3") ||
		!strings.Contains(keys.Rclone, "secret_access_key = "+keys.Created.Secret) {
		t.Fatalf("S3 keys: %+v", keys)
	}
	h.Call(t, "delete_container", map[string]any{"container": "docs"}).WantError(t, "conflict", "1 objects", "delete_objects: true")
	del := servertest.CallAs[storage.DeletedContainer](t, h, "delete_container", map[string]any{"container": "docs", "delete_objects": true})
	if !del.Success || del.DeletedObjects != 1 {
		t.Fatalf("deleted: %+v", del)
	}
	cs := servertest.CallAs[storage.ContainerList](t, h, "list_containers", nil)
	if len(cs.Containers) != 0 {
		t.Fatalf("left: %+v", cs)
	}
}
