package network_test

import (
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/network"
)

func TestListNetworks(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	all := servertest.CallAs[network.NetworkList](t, h, "list_networks", nil)
	if len(all.Networks) != 3 || all.NextMarker != "" {
		t.Fatalf("networks: %+v", all)
	}
	byName := map[string]network.Network{}
	for _, n := range all.Networks {
		byName[n.Name] = n
	}
	if n := byName["ext-floating1"]; !n.External || n.Shared || n.Attachable || n.Status != "ACTIVE" || n.ID == "" {
		t.Errorf("ext-floating1 = %+v", n)
	}
	if n := byName["ext-net1"]; n.External || !n.Shared || !n.Attachable || strings.Join(n.Subnets, ",") != "203.0.113.0/24,2001:db8:113::/64" {
		t.Errorf("ext-net1 = %+v", n)
	}
	// The first network is one a server can attach to; ext-floating1 comes last.
	if !all.Networks[0].Attachable || all.Networks[2].Name != "ext-floating1" {
		t.Errorf("order: %+v", all.Networks)
	}
	one := servertest.CallAs[network.NetworkList](t, h, "list_networks", map[string]any{"name": "private"})
	if len(one.Networks) != 1 || one.Networks[0].ID != byName["private"].ID || strings.Join(one.Networks[0].Subnets, ",") != "10.0.0.0/24" {
		t.Fatalf("name filter: %+v", one)
	}
	p := servertest.CallAs[network.NetworkList](t, h, "list_networks", map[string]any{"limit": 2})
	if len(p.Networks) != 2 || p.NextMarker != p.Networks[1].ID {
		t.Fatalf("first page: %+v", p)
	}
	last := servertest.CallAs[network.NetworkList](t, h, "list_networks", map[string]any{"limit": 2, "marker": p.NextMarker})
	if len(last.Networks) != 1 || last.NextMarker != "" {
		t.Fatalf("last page: %+v", last)
	}
}

func TestListSubnets(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	all := servertest.CallAs[network.SubnetList](t, h, "list_subnets", nil)
	if len(all.Subnets) != 4 {
		t.Fatalf("subnets: %+v", all)
	}
	ext := servertest.CallAs[network.SubnetList](t, h, "list_subnets", map[string]any{"network_id": "ext-net1"})
	if len(ext.Subnets) != 2 || ext.Subnets[0].IPVersion != 4 || ext.Subnets[1].IPVersion != 6 || ext.Subnets[0].GatewayIP != "203.0.113.1" {
		t.Fatalf("ext-net1's subnets: %+v", ext)
	}
	h.Call(t, "list_subnets", map[string]any{"network_id": "nope"}).WantError(t, "not_found", "nope")
}
