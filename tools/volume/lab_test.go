package volume_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
)

// The lab is a real Cinder and Nova: the scenario that runs on the sandbox
// runs there too, so the sandbox stays honest.
func TestScenarioOnLab(t *testing.T) {
	h := servertest.Lab(t)
	u := fmt.Sprintf("-%d", time.Now().UnixNano()%1e9)
	scenario(t, h, names{server: "vol-vm" + u, data: "data" + u, snap: "snap" + u, copy: "copy" + u, full: "full" + u,
		incr: "incr" + u, restored: "restored" + u},
		func(name string) string {
			return bootServer(t, h, name, seed{image: "tiny-raw", network: "private"}, 3*time.Minute)
		})
}
