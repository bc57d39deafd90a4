package compute_test

import (
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/compute"
)

func TestListNetworks(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	var all compute.NetworkList
	h.Call(t, "list_networks", nil).MustSucceed(t).Decode(t, &all)
	if len(all.Networks) != 3 || all.NextMarker != "" {
		t.Fatalf("networks: %+v", all)
	}
	byName := map[string]compute.Network{}
	for _, n := range all.Networks {
		byName[n.Name] = n
	}
	if n := byName["ext-floating1"]; !n.External || n.Shared || n.Attachable || n.Status != "ACTIVE" || n.ID == "" {
		t.Errorf("ext-floating1 = %+v", n)
	}
	if n := byName["ext-net1"]; n.External || !n.Shared || !n.Attachable {
		t.Errorf("ext-net1 = %+v", n)
	}
	// The first network is one a server can attach to; ext-floating1 comes last.
	if !all.Networks[0].Attachable || all.Networks[2].Name != "ext-floating1" {
		t.Errorf("order: %+v", all.Networks)
	}
	var one compute.NetworkList
	h.Call(t, "list_networks", map[string]any{"name": "private"}).MustSucceed(t).Decode(t, &one)
	if len(one.Networks) != 1 || one.Networks[0] != byName["private"] {
		t.Fatalf("name filter: %+v", one)
	}
	var p compute.NetworkList
	h.Call(t, "list_networks", map[string]any{"limit": 2}).MustSucceed(t).Decode(t, &p)
	if len(p.Networks) != 2 || p.NextMarker != p.Networks[1].ID {
		t.Fatalf("first page: %+v", p)
	}
	var last compute.NetworkList
	h.Call(t, "list_networks", map[string]any{"limit": 2, "marker": p.NextMarker}).MustSucceed(t).Decode(t, &last)
	if len(last.Networks) != 1 || last.NextMarker != "" {
		t.Fatalf("last page: %+v", last)
	}
}

func TestListAvailabilityZones(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	var z compute.ZoneList
	h.Call(t, "list_availability_zones", nil).MustSucceed(t).Decode(t, &z)
	if len(z.AvailabilityZones) != 3 || z.AvailabilityZones[0] != (compute.Zone{Name: "az-1", State: "available"}) {
		t.Fatalf("zones: %+v", z)
	}
	wantError(t, h.Call(t, "list_availability_zones", map[string]any{"region": "x"}), "invalid_argument", `unknown argument "region"`)
}
