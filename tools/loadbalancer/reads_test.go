package loadbalancer_test

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/loadbalancer"
)

// requests is what the sandbox served while do ran, by route.
func requests(h *servertest.Harness, do func()) (map[string]int, int) {
	before := h.Sandbox.Stats()
	do()
	after := h.Sandbox.Stats()
	diff := map[string]int{}
	for route, n := range after.ByRoute {
		if d := n - before.ByRoute[route]; d > 0 {
			diff[route] = d
		}
	}
	return diff, after.Requests - before.Requests
}

// onceEach fails the test for a route read more than once, but the
// load balancer's own GET, which a wait polls, up to polls times.
func onceEach(t *testing.T, what string, routes map[string]int, total int, polls int) {
	t.Helper()
	t.Logf("%s: %d requests", what, total)
	for _, route := range slices.Sorted(maps.Keys(routes)) {
		t.Logf("  %d %s", routes[route], route)
		limit := 1
		if route == "GET /load-balancer/v2.0/lbaas/loadbalancers/{id}" {
			limit = polls
		}
		if routes[route] > limit {
			t.Errorf("%s: %s %d times, want at most %d", what, route, routes[route], limit)
		}
	}
}

// TestEachReadOncePerCall: get_load_balancer and delete_load_balancer ask
// the cloud each thing they read once: two members in one security group
// are one read of its rules, the VIP's subnet is read once, and a delete
// reads what it deletes once (not the whole view, with its security
// checks, that get_load_balancer shows).
func TestEachReadOncePerCall(t *testing.T) {
	t.Parallel()
	// Changes are done at once (a nanosecond): a delete's wait polls once.
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{BuildDelay: 50 * time.Millisecond, ActionDelay: time.Nanosecond}))
	server(t, h, "web-1", "private")
	server(t, h, "web-2", "private")
	servertest.CallAs[loadbalancer.LoadBalancer](t, h, "create_load_balancer", map[string]any{"name": "web-lb", "network": "private",
		"listeners": []any{map[string]any{"protocol": "HTTP", "port": 80}}, "floating_ip": true,
		"members": []any{map[string]any{"server": "web-1", "port": 8080}, map[string]any{"server": "web-2", "port": 8080}}})

	var got loadbalancer.LoadBalancer
	routes, total := requests(h, func() {
		got = servertest.CallAs[loadbalancer.LoadBalancer](t, h, "get_load_balancer", map[string]any{"load_balancer": "web-lb"})
	})
	if len(got.Warnings) != 2 {
		t.Errorf("the members' group lets nothing in from the load balancer, yet: %q", got.Warnings)
	}
	onceEach(t, "get_load_balancer", routes, total, 1)

	var gone loadbalancer.LoadBalancerDeleted
	routes, total = requests(h, func() {
		gone = servertest.CallAs[loadbalancer.LoadBalancerDeleted](t, h, "delete_load_balancer", map[string]any{"load_balancer": "web-lb"})
	})
	if !gone.Success || len(gone.Deleted) != 4 || gone.Remains == "" {
		t.Errorf("delete: %+v", gone)
	}
	onceEach(t, "delete_load_balancer", routes, total, 1)
}
