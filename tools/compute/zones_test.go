package compute_test

import (
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/compute"
)

func TestListAvailabilityZones(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	z := servertest.CallAs[compute.ZoneList](t, h, "list_availability_zones", nil)
	if len(z.AvailabilityZones) != 3 || z.AvailabilityZones[0] != (compute.Zone{Name: "az-1", State: "available"}) {
		t.Fatalf("zones: %+v", z)
	}
	h.Call(t, "list_availability_zones", map[string]any{"region": "x"}).WantError(t, "invalid_argument", `unknown argument "region"`)
}
