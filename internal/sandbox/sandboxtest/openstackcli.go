package sandboxtest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
)

// OpenstackCLI runs Debian's python3-openstackclient against a sandbox: the
// proof that the sandbox speaks OpenStack, not only our client's dialect.
// CI installs the client and sets MCP_INFOMANIAK_REQUIRE_OPENSTACK_CLI=1, so
// there the test cannot skip.
func OpenstackCLI(t *testing.T, sb *sandbox.Server, args ...string) []byte {
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

// CLISandbox starts a sandbox for the openstack CLI with options o, on a
// clock that starts now (the CLI checks its token's expiry against real
// time), closed with the test. run runs `openstack args -f json` on it and
// decodes the output into v. The CLI starts in about two seconds per call:
// the test runs in parallel with the others, and -short skips it.
func CLISandbox(t *testing.T, o sandbox.Options) (sb *sandbox.Server, clk *sandbox.Clock, run func(v any, args ...string)) {
	t.Helper()
	t.Parallel()
	if testing.Short() {
		t.Skip("slow: the openstack CLI starts in about two seconds per call")
	}
	clk = sandbox.NewClock(time.Now())
	o.Now = clk.Now
	sb, err := sandbox.Start("127.0.0.1:0", o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	run = func(v any, args ...string) {
		t.Helper()
		out := OpenstackCLI(t, sb, append(args, "-f", "json")...)
		if err := json.Unmarshal(out, v); err != nil {
			t.Fatalf("openstack %v: %v\n%s", args, err, out)
		}
	}
	return sb, clk, run
}
