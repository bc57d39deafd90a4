package storage_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/objectstorage/v1/containers"
	"github.com/gophercloud/gophercloud/v2/openstack/objectstorage/v1/objects"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/swift"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/storage"
)

// BenchmarkListObjectsPage is one page of list_objects from the middle of a
// container of 100,000 objects on the sandbox, through the MCP layer.
func BenchmarkListObjectsPage(b *testing.B) {
	h := servertest.New(b)
	swift.Seed(h.Sandbox.Cloud, "big", 100000)
	args := map[string]any{"container": "big", "marker": "bench-0050000"}
	b.ResetTimer()
	for b.Loop() {
		page := servertest.CallAs[storage.ObjectList](b, h, "list_objects", args)
		if len(page.Objects) != 100 || !page.Truncated {
			b.Fatalf("page: %d objects, truncated %v", len(page.Objects), page.Truncated)
		}
	}
}

// labHarness is the server on the lab's entry "lab", with dir as its
// --files-root; the benchmarks skip without the lab.
func labHarness(b *testing.B, dir string) *servertest.Harness {
	return servertest.Lab(b, servertest.WithConfig(config.Config{Transport: "stdio", LogLevel: "info", LogFormat: "text",
		RequestTimeout: 60 * time.Second, Toolsets: tools.Toolsets.Names(), FilesRoots: []string{dir}}))
}

// Benchmark8MiB uploads and downloads 8 MiB on the lab through the tools
// (a file under --files-root, or base64 in the call; a file out) and
// directly with gophercloud, the same bytes to the same container.
func Benchmark8MiB(b *testing.B) {
	dir := b.TempDir()
	h := labHarness(b, dir)
	data := make([]byte, 8<<20)
	_, _ = rand.Read(data)
	enc := base64.StdEncoding.EncodeToString(data)
	ctx := context.Background()
	s, err := h.Cloud.Services(ctx, client.ObjectStore)
	if err != nil {
		b.Fatal(err)
	}
	bucket := "bench-8mib"
	if err := containers.Create(ctx, s.ObjectStore, bucket, nil).Err; err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		h.Call(b, "delete_container", map[string]any{"container": bucket, "delete_objects": true})
	})
	in := filepath.Join(dir, "in.bin")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		b.Fatal(err)
	}
	b.Run("upload/tool-file", func(b *testing.B) {
		for b.Loop() {
			servertest.CallAs[storage.Uploaded](b, h, "upload_object", map[string]any{"container": bucket, "name": "tool.bin", "file": in})
		}
	})
	b.Run("upload/tool-base64", func(b *testing.B) {
		for b.Loop() {
			servertest.CallAs[storage.Uploaded](b, h, "upload_object", map[string]any{"container": bucket, "name": "tool.bin", "content_base64": enc})
		}
	})
	b.Run("upload/direct", func(b *testing.B) {
		for b.Loop() {
			if err := objects.Create(ctx, s.ObjectStore, bucket, "direct.bin", objects.CreateOpts{Content: bytes.NewReader(data)}).Err; err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("download/tool", func(b *testing.B) {
		for b.Loop() {
			servertest.CallAs[storage.Downloaded](b, h, "download_object", map[string]any{"container": bucket, "name": "tool.bin",
				"to_file": filepath.Join(dir, "out.bin"), "overwrite": true})
		}
	})
	b.Run("download/direct", func(b *testing.B) {
		for b.Loop() {
			r := objects.Download(ctx, s.ObjectStore, bucket, "direct.bin", nil)
			if r.Err != nil {
				b.Fatal(r.Err)
			}
			f, _ := os.Create(filepath.Join(dir, "direct.bin"))
			_, err := io.Copy(f, r.Body)
			r.Body.Close()
			f.Close()
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
