package network_test

import (
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/network"
)

// TestPrivateNetworkCycle: create_network makes a routed network on a free
// /24, list_networks shows its router and internet reach, delete_network
// refuses while a server is on it (naming it) and then leaves nothing.
func TestPrivateNetworkCycle(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	made := servertest.CallAs[network.PrivateNetwork](t, h, "create_network", map[string]any{"name": "web"})
	if made.CIDR != "10.0.1.0/24" || made.Router != "web-router" || made.Subnet != "web-subnet" || !made.Internet ||
		made.ExternalNetwork != "ext-floating1" || made.GatewayIP != "10.0.1.1" {
		t.Fatalf("create_network: %+v", made)
	}
	h.Call(t, "create_network", map[string]any{"name": "web"}).WantError(t, "conflict", "already exists")
	h.Call(t, "create_network", map[string]any{"name": "other", "cidr": "10.0.1.128/25"}).WantError(t, "conflict", "overlaps the subnet web-subnet")
	list := servertest.CallAs[network.NetworkList](t, h, "list_networks", map[string]any{"name": "web"})
	if len(list.Networks) != 1 || list.Networks[0].Router != "web-router" || !list.Networks[0].Internet {
		t.Fatalf("list_networks: %+v", list)
	}
	bare := servertest.CallAs[network.PrivateNetwork](t, h, "create_network", map[string]any{"name": "bare", "router": false})
	if bare.Router != "" || bare.Internet || bare.CIDR != "10.0.2.0/24" {
		t.Fatalf("without a router: %+v", bare)
	}
	vm := server(t, h, "web-1", "web", nil)
	h.Call(t, "delete_network", map[string]any{"network": "web"}).WantError(t, "conflict", "server web-1 ("+vm+")")
	h.Call(t, "delete_instance", map[string]any{"instance_id": vm}).MustSucceed(t)
	gone := servertest.CallAs[network.NetworkDeleted](t, h, "delete_network", map[string]any{"network": "web"})
	if !gone.Success || strings.Join(gone.Deleted, ", ") != "router interface web-router, router web-router, subnet web-subnet, network "+made.ID {
		t.Fatalf("delete_network: %+v", gone)
	}
	h.Call(t, "list_networks", map[string]any{"name": "web"}).MustSucceed(t)
	if left := servertest.CallAs[network.NetworkList](t, h, "list_networks", map[string]any{"name": "web"}); len(left.Networks) != 0 {
		t.Fatalf("left behind: %+v", left)
	}
	h.Call(t, "delete_network", map[string]any{"network": "ext-floating1"}).WantError(t, "invalid_argument", "not a private network")
}

// TestQuotasWithoutOctavia: a cloud without load balancers leaves that part
// of get_quotas unavailable, saying why, and the rest as it is.
func TestQuotasWithoutOctavia(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{Without: []string{"load-balancer"}}))
	q := servertest.CallAs[network.Quotas](t, h, "get_quotas", nil)
	if q.LoadBalancer != nil || q.Network == nil || !strings.Contains(q.Unavailable["load_balancer"], "load-balancer") {
		t.Fatalf("get_quotas: %+v", q)
	}
}

// TestCreateNetworkFailingMidwayLeavesNothing: a router refused (over the
// router quota: the project's one router is the seeded one; Neutron's
// OverQuota is a 409) takes back the network and subnet already made, and
// the error says so.
func TestCreateNetworkFailingMidwayLeavesNothing(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	neutron.SetQuota(h.Sandbox.Cloud, neutron.Quota{Networks: 100, Subnets: 100, Ports: 500, Routers: 1, FloatingIPs: 50,
		SecurityGroups: 10, SecurityGroupRules: 100})
	h.Call(t, "create_network", map[string]any{"name": "web"}).WantError(t, "conflict", "Quota exceeded for resources: ['router']", "nothing was left behind")
	if left := servertest.CallAs[network.NetworkList](t, h, "list_networks", map[string]any{"name": "web"}); len(left.Networks) != 0 {
		t.Fatalf("left behind: %+v", left)
	}
	if left := servertest.CallAs[network.SubnetList](t, h, "list_subnets", nil); len(left.Subnets) != 4 {
		t.Fatalf("subnets: %+v", left)
	}
}
