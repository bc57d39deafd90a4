package volume_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
)

// labEnv names the OpenStack lab's clouds.yaml (test/openstack/up.sh); CI
// sets it. The lab is a real Cinder and Nova: the scenario that runs on the
// sandbox runs there too, so the sandbox stays honest.
const labEnv = "MCP_INFOMANIAK_LAB_CLOUDS"

func TestScenarioOnLab(t *testing.T) {
	path := os.Getenv(labEnv)
	if path == "" {
		t.Skipf("%s not set: the lab scenario does not run", labEnv)
	}
	// The lab's clouds.yaml reaches config through its environment seam,
	// not the process's environment, which config does not read.
	creds, err := config.ResolveCredentials("lab", "", func(k string) string {
		if k == "OS_CLIENT_CONFIG_FILE" {
			return path
		}
		return ""
	})
	if err != nil {
		t.Fatalf("lab credentials (%s=%s): %v", labEnv, path, err)
	}
	h := servertest.Connect(t, creds)
	u := fmt.Sprintf("-%d", time.Now().UnixNano()%1e9)
	scenario(t, h, names{server: "vol-vm" + u, data: "data" + u, snap: "snap" + u, copy: "copy" + u, full: "full" + u,
		incr: "incr" + u, restored: "restored" + u},
		func(name string) string {
			return bootServer(t, h, name, seed{image: "tiny-raw", network: "private"}, 3*time.Minute)
		})
}
