package storage_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/storage"
)

// TestBadInputWritesNothing: each name, path or content the issue lists is
// refused with what to do, and the container holds nothing afterwards.
func TestBadInputWritesNothing(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.txt")
	if err := os.WriteFile(secret, []byte("not yours"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(root, "link.txt")); err != nil {
		t.Fatal(err)
	}
	h := servertest.New(t, withRoots(root))
	servertest.CallAs[storage.CreatedContainer](t, h, "create_container", map[string]any{"container": "box"})
	up := func(extra map[string]any) map[string]any {
		args := map[string]any{"container": "box", "name": "ok.txt", "content": "x"}
		for k, v := range extra {
			args[k] = v
		}
		return args
	}
	for _, c := range []struct {
		what    string
		tool    string
		args    map[string]any
		code    string
		phrases []string
	}{
		{"a '..' segment", "upload_object", up(map[string]any{"name": "a/../b.txt"}), "invalid_argument", []string{"'..'"}},
		{"a leading /", "upload_object", up(map[string]any{"name": "/etc/passwd"}), "invalid_argument", []string{"starts with '/'", "etc/passwd"}},
		{"a control character", "upload_object", up(map[string]any{"name": "a\nb"}), "invalid_argument", []string{"control characters"}},
		{"over 1,024 bytes", "upload_object", up(map[string]any{"name": strings.Repeat("n", 1025)}), "invalid_argument", []string{"1025 bytes", "1024"}},
		{"content over 8 MiB", "upload_object", up(map[string]any{"content": strings.Repeat("x", 8<<20+1)}), "invalid_argument", []string{"8.0 MiB", "file"}},
		{"base64 over 8 MiB", "upload_object", up(map[string]any{"content": "", "content_base64": base64.StdEncoding.EncodeToString(make([]byte, 8<<20+3))}), "invalid_argument", []string{"at most 8.0 MiB"}},
		{"two sources", "upload_object", up(map[string]any{"content_base64": "AA=="}), "invalid_argument", []string{"exactly one"}},
		{"a file outside every root", "upload_object", up(map[string]any{"content": "", "file": secret}), "forbidden", []string{"outside"}},
		{"a link out of the root", "upload_object", up(map[string]any{"content": "", "file": filepath.Join(root, "link.txt")}), "forbidden", []string{"outside", "links are followed"}},
		{"a path with ..", "upload_object", up(map[string]any{"content": "", "file": filepath.Join(root, "..", filepath.Base(outside), "secret.txt")}), "forbidden", []string{"outside"}},
		{"a container name with /", "create_container", map[string]any{"container": "a/b"}, "invalid_argument", []string{"'/'", "prefixes"}},
		{"a container name too long", "create_container", map[string]any{"container": strings.Repeat("c", 257)}, "invalid_argument", []string{"257 bytes", "256"}},
		{"a link of more than 7 days", "create_temp_url", map[string]any{"container": "box", "name": "ok.txt", "expires_in_seconds": 604801}, "invalid_argument", nil},
		{"a download outside every root", "download_object", map[string]any{"container": "box", "name": "ok.txt", "to_file": filepath.Join(outside, "got.txt")}, "", nil},
	} {
		t.Run(c.what, func(t *testing.T) {
			r := h.Call(t, c.tool, c.args)
			if c.code == "" {
				if !r.IsError {
					t.Fatalf("not refused: %s", r.Text)
				}
				return
			}
			r.WantError(t, c.code, c.phrases...)
		})
	}
	list := servertest.CallAs[storage.ObjectList](t, h, "list_objects", map[string]any{"container": "box"})
	if len(list.Objects) != 0 {
		t.Fatalf("something was written: %+v", list.Objects)
	}
	if _, err := os.Stat(filepath.Join(outside, "got.txt")); err == nil {
		t.Fatal("a file was written outside the roots")
	}
}

// TestNoFilesRootNoFiles: a server started without --files-root refuses
// any path, saying how to allow one.
func TestNoFilesRootNoFiles(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	servertest.CallAs[storage.CreatedContainer](t, h, "create_container", map[string]any{"container": "box"})
	f := filepath.Join(t.TempDir(), "a.txt")
	_ = os.WriteFile(f, []byte("a"), 0o600)
	h.Call(t, "upload_object", map[string]any{"container": "box", "name": "a.txt", "file": f}).WantError(t, "forbidden", "--files-root")
}

// TestFilesRoundTrip uploads a file under the root and downloads it to
// another, byte for byte; the large-object path is the same bytes in
// segments; an existing file is kept unless overwrite says otherwise.
func TestFilesRoundTrip(t *testing.T) {
	root := t.TempDir()
	h := servertest.New(t, withRoots(root))
	servertest.CallAs[storage.CreatedContainer](t, h, "create_container", map[string]any{"container": "box"})
	data := make([]byte, 3000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	in := filepath.Join(root, "in.bin")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, large := range []bool{false, true} {
		restore := storage.SetLargeObject(large)
		up := servertest.CallAs[storage.Uploaded](t, h, "upload_object", map[string]any{"container": "box", "name": "in.bin", "file": in})
		restore()
		if up.Bytes != 3000 || (up.Segments > 0) != large {
			t.Fatalf("uploaded (large %v): %+v", large, up)
		}
		out := filepath.Join(root, "out.bin")
		_ = os.Remove(out)
		got := servertest.CallAs[storage.Downloaded](t, h, "download_object", map[string]any{"container": "box", "name": "in.bin", "to_file": out})
		b, err := os.ReadFile(out)
		if err != nil || string(b) != string(data) || got.File == "" {
			t.Fatalf("downloaded (large %v): %+v, %d bytes, %v", large, got, len(b), err)
		}
		h.Call(t, "download_object", map[string]any{"container": "box", "name": "in.bin", "to_file": out}).WantError(t, "conflict", "overwrite: true")
	}
	seg := servertest.CallAs[storage.ObjectList](t, h, "list_objects", map[string]any{"container": "box_segments"})
	if len(seg.Objects) != 3 { // 3000 bytes in segments of 1000
		t.Fatalf("segments: %+v", seg.Objects)
	}
	servertest.CallAs[storage.DeletedObject](t, h, "delete_object", map[string]any{"container": "box", "name": "in.bin"})
	if seg := servertest.CallAs[storage.ObjectList](t, h, "list_objects", map[string]any{"container": "box_segments"}); len(seg.Objects) != 0 {
		t.Fatalf("segments left after deleting the large object: %+v", seg.Objects)
	}
}

// TestS3KeysNeedTheUsersOwnLogin: logged in with an application
// credential, Keystone refuses S3 keys; the tool says how to get them.
func TestS3KeysNeedTheUsersOwnLogin(t *testing.T) {
	t.Parallel()
	sb, err := sandbox.Start("127.0.0.1:0", sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	o := sb.Options()
	creds, err := config.ResolveCredentials("", "", func(k string) string {
		return map[string]string{"OS_AUTH_URL": sb.AuthURL, "OS_AUTH_TYPE": "v3applicationcredential",
			"OS_APPLICATION_CREDENTIAL_ID": o.AppCredentialID, "OS_APPLICATION_CREDENTIAL_SECRET": o.AppCredentialSecret,
			"OS_REGION_NAME": o.Region}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	h := servertest.Connect(t, creds)
	for _, tool := range []string{"get_s3_credentials", "create_s3_credentials"} {
		h.Call(t, tool, nil).WantError(t, "forbidden", "application credential", "openstack ec2 credentials create")
	}
}
