package sandbox_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
)

// openstackCLI runs Debian's python3-openstackclient against a sandbox: the
// proof that the sandbox speaks OpenStack, not only our client's dialect.
// CI installs the client and sets MCP_INFOMANIAK_REQUIRE_OPENSTACK_CLI=1, so
// there the test cannot skip.
func openstackCLI(t *testing.T, sb *sandbox.Server, args ...string) []byte {
	t.Helper()
	bin := "/usr/bin/openstack" // the system one: a pyenv shim on PATH lacks the modules
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("MCP_INFOMANIAK_REQUIRE_OPENSTACK_CLI") != "" {
			t.Fatalf("openstack CLI required but missing: %v", err)
		}
		t.Skip("python3-openstackclient is not installed (apt-get install python3-openstackclient)")
	}
	o := sb.Options()
	dir := t.TempDir()
	yaml := "clouds:\n  sandbox:\n    auth:\n      auth_url: " + sb.AuthURL + "\n      username: " + o.Username +
		"\n      password: " + o.Password + "\n      project_name: " + o.Project +
		"\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: " + o.Region +
		"\n    identity_api_version: 3\n"
	path := filepath.Join(dir, "clouds.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"--os-cloud", "sandbox"}, args...)...)
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + dir, "OS_CLIENT_CONFIG_FILE=" + path}
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("openstack %v: %v\n%s%s", args, err, out, stderr)
	}
	return out
}

func TestOpenstackCLIFlavors(t *testing.T) {
	sb, err := sandbox.Start("127.0.0.1:0", sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	var flavors []map[string]any
	if err := json.Unmarshal(openstackCLI(t, sb, "flavor", "list", "-f", "json"), &flavors); err != nil {
		t.Fatal(err)
	}
	if len(flavors) < 5 || flavors[0]["Name"] != "a1-ram2-disk20-perf1" || flavors[0]["RAM"] != float64(2048) {
		t.Fatalf("flavor list: %v", flavors)
	}
	var one map[string]any
	if err := json.Unmarshal(openstackCLI(t, sb, "flavor", "show", "a1-ram2-disk20-perf1", "-f", "json"), &one); err != nil {
		t.Fatal(err)
	}
	if one["vcpus"] != float64(1) || one["id"] != flavors[0]["ID"] {
		t.Fatalf("flavor show: %v", one)
	}
}
