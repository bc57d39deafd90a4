package servertest

import (
	"os"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
)

// LabEnv names the OpenStack lab's clouds.yaml (test/openstack/up.sh); CI
// sets it.
const LabEnv = "MCP_INFOMANIAK_LAB_CLOUDS"

// LabCredentials are the credentials of entry ("lab", "lab-appcred") in the
// lab's clouds.yaml; the test fails when they do not resolve.
func LabCredentials(t testing.TB, entry string) config.Credentials {
	t.Helper()
	path := os.Getenv(LabEnv)
	// The lab's clouds.yaml reaches config through its environment seam,
	// not the process's environment, which config does not read.
	creds, err := config.ResolveCredentials(entry, "", func(k string) string {
		if k == "OS_CLIENT_CONFIG_FILE" {
			return path
		}
		return ""
	})
	if err != nil {
		t.Fatalf("lab credentials (%s=%s): %v", LabEnv, path, err)
	}
	return creds
}

// Lab runs the server against the lab's entry "lab", or skips the test
// when LabEnv is not set.
func Lab(t testing.TB, opts ...Option) *Harness {
	t.Helper()
	if os.Getenv(LabEnv) == "" {
		t.Skipf("%s not set: this test runs on the lab (bash test/openstack/up.sh, then export %s=/tmp/oslab/clouds.yaml)",
			LabEnv, LabEnv)
	}
	return Connect(t, LabCredentials(t, "lab"), opts...)
}
