package kit_test

import (
	"context"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/toolset"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// zonesToolset needs a service the sandbox below is started without.
var zonesToolset = toolset.Toolset{
	Name:        "zonesfortest",
	Description: "Zones, for the services test.",
	Services:    []client.Service{client.DNS},
	Tools: func() []mcptool.Tool {
		return []mcptool.Tool{kit.Tool(mcptool.Def{Name: "count_test_zones", Title: "Count zones", Effect: mcptool.Read},
			func(ctx context.Context, s *client.Services, _ struct{}) (struct {
				Endpoint string `json:"endpoint"`
			}, error) {
				return struct {
					Endpoint string `json:"endpoint"`
				}{s.DNS.Endpoint}, nil
			})}
	},
}

// TestAToolsetWithoutItsServiceFailsAlone: a cloud whose catalog lacks the
// service a toolset needs fails that toolset's tools as unavailable, naming
// the service and the region; every other tool works.
func TestAToolsetWithoutItsServiceFailsAlone(t *testing.T) {
	t.Cleanup(tools.Toolsets.Add(zonesToolset)) // before the harness: its server serves every registered toolset
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{Without: []string{"dns"}, BuildDelay: 100 * time.Millisecond, ActionDelay: 30 * time.Millisecond}))
	h.Call(t, "count_test_zones", nil).WantError(t, fault.CodeUnavailable, "dns (Designate)", `region "dc3-a"`)
	h.Call(t, "list_flavors", map[string]any{"limit": 1}).MustSucceed(t)
}

// TestSandboxWithoutCinder: without block storage, the volume tools say so
// and the compute and network tools work.
func TestSandboxWithoutCinder(t *testing.T) {
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{Without: []string{"volume"}, BuildDelay: 100 * time.Millisecond, ActionDelay: 30 * time.Millisecond}))
	h.Call(t, "list_volumes", nil).WantError(t, fault.CodeUnavailable, "block-storage (Cinder)", `region "dc3-a"`)
	h.Call(t, "list_networks", nil).MustSucceed(t)
	h.Call(t, "create_instance", map[string]any{"name": "no-cinder", "flavor": "a1-ram2-disk20-perf1",
		"image": "Debian 12 bookworm", "network": "ext-net1"}).MustSucceed(t)
	h.Call(t, "get_quotas", nil).MustSucceed(t)
}
