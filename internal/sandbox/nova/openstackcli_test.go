package nova_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// TestOpenstackCLICompute drives the compute side of the sandbox with
// Debian's openstack CLI: a keypair imported, a server created by the names
// of its flavor, image, network and key (the CLI looks them up its own way),
// shown by name, deleted. Its own client, not ours, so the sandbox cannot
// drift into our dialect. Each call costs the CLI's two-second start.
func TestOpenstackCLICompute(t *testing.T) {
	sb, clk, cli := sandboxtest.CLISandbox(t, sandbox.Options{BuildDelay: 100 * time.Millisecond, ActionDelay: 50 * time.Millisecond})
	key := filepath.Join(t.TempDir(), "key.pub")
	if err := os.WriteFile(key, []byte(sandboxtest.SamplePublicKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var kp map[string]any
	cli(&kp, "keypair", "create", "--public-key", key, "sample-key")
	if kp["fingerprint"] != "7c:1e:45:09:e8:17:a8:a9:30:0e:2c:ef:f0:27:f0:20" {
		t.Fatalf("keypair create: %v", kp)
	}
	var srv map[string]any
	cli(&srv, "server", "create", "--flavor", "a1-ram2-disk20-perf1", "--image", "Debian 12 bookworm",
		"--network", "private", "--key-name", "sample-key", "vm1")
	if srv["status"] != "BUILD" || srv["adminPass"] == "" {
		t.Fatalf("server create: %v", srv)
	}
	clk.Advance(150 * time.Millisecond)
	var shown map[string]any
	cli(&shown, "server", "show", "vm1")
	if shown["status"] != "ACTIVE" || shown["id"] != srv["id"] || !strings.HasPrefix(shown["image"].(string), "Debian 12 bookworm") ||
		!strings.HasPrefix(shown["flavor"].(string), "a1-ram2-disk20-perf1") || shown["key_name"] != "sample-key" ||
		!strings.Contains(sandboxtest.Compact(shown["addresses"]), "10.0.0.") {
		t.Fatalf("server show: %v", shown)
	}
	sandboxtest.OpenstackCLI(t, sb, "server", "delete", "vm1")
}

// TestOpenstackCLIFlavors lists and shows the flavors with Debian's
// openstack CLI.
func TestOpenstackCLIFlavors(t *testing.T) {
	_, _, cli := sandboxtest.CLISandbox(t, sandbox.Options{})
	var flavors []map[string]any
	cli(&flavors, "flavor", "list")
	if len(flavors) < 5 || flavors[0]["Name"] != "a1-ram2-disk20-perf1" || flavors[0]["RAM"] != float64(2048) {
		t.Fatalf("flavor list: %v", flavors)
	}
	var one map[string]any
	cli(&one, "flavor", "show", "a1-ram2-disk20-perf1")
	if one["vcpus"] != float64(1) || one["id"] != flavors[0]["ID"] {
		t.Fatalf("flavor show: %v", one)
	}
}
