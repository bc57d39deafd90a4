package swift_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// TestOpenstackCLIObjectStore: Debian's openstack CLI makes a container,
// stores a file in it, lists and shows them and makes EC2 credentials, as
// on the lab (test/openstack/README.md).
func TestOpenstackCLIObjectStore(t *testing.T) {
	_, _, cli := sandboxtest.CLISandbox(t, sandbox.Options{})
	var made []map[string]any
	cli(&made, "container", "create", "backups")
	if len(made) != 1 || made[0]["container"] != "backups" {
		t.Fatalf("container create: %v", made)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hello.txt"), []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stored []map[string]any
	cli(&stored, "object", "create", "--name", "hello.txt", "backups", filepath.Join(dir, "hello.txt"))
	if len(stored) != 1 || stored[0]["etag"] != "b1946ac92492d2347c6235b4d2611184" {
		t.Fatalf("object create: %v", stored)
	}
	var listed []map[string]any
	cli(&listed, "object", "list", "backups")
	if len(listed) != 1 || listed[0]["Name"] != "hello.txt" {
		t.Fatalf("object list: %v", listed)
	}
	var shown map[string]any
	cli(&shown, "container", "show", "backups")
	if shown["object_count"] != "1" || shown["bytes_used"] != "6" {
		t.Fatalf("container show: %v", shown)
	}
	var cred map[string]any
	cli(&cred, "ec2", "credentials", "create")
	if cred["access"] == "" || cred["secret"] == "" {
		t.Fatalf("ec2 credentials create: %v", cred)
	}
}
