package loadbalancer_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/listeners"
	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/pools"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/octavia"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/loadbalancer"
)

func server(t *testing.T, h *servertest.Harness, name, network string) {
	t.Helper()
	h.Call(t, "create_instance", map[string]any{"name": name, "flavor": "a1-ram2-disk20-perf1",
		"image": "Debian 12 bookworm", "network": network}).MustSucceed(t)
}

func members(lb loadbalancer.LoadBalancer) int {
	n := 0
	for _, li := range lb.Listeners {
		n += len(li.Members)
	}
	return n
}

// TestPublishAService is the cycle on the sandbox: a routed
// network, two servers, a load balancer in front of them with a health
// monitor and a floating IP, a member removed and added back, the load
// balancer deleted, and the network deleted leaving nothing.
func TestPublishAService(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	h.Call(t, "create_network", map[string]any{"name": "web"}).MustSucceed(t)
	server(t, h, "web-1", "web")
	server(t, h, "web-2", "web")
	server(t, h, "elsewhere", "private")
	create := map[string]any{"name": "web-lb", "network": "web", "listeners": []any{map[string]any{"protocol": "HTTP", "port": 80}},
		"members":        []any{map[string]any{"server": "web-1", "port": 8080}, map[string]any{"server": "web-2", "port": 8080}},
		"health_monitor": map[string]any{"type": "HTTP", "url_path": "/health"}, "floating_ip": true}

	bad := func(change func(map[string]any)) map[string]any {
		c := map[string]any{}
		for k, v := range create {
			c[k] = v
		}
		change(c)
		return c
	}
	h.Call(t, "create_load_balancer", bad(func(c map[string]any) {
		c["members"] = []any{map[string]any{"server": "elsewhere", "port": 8080}}
	})).WantError(t, "invalid_argument", "server elsewhere has no address on network web (it is on private)")
	h.Call(t, "create_load_balancer", bad(func(c map[string]any) {
		c["listeners"] = []any{map[string]any{"protocol": "HTTP", "port": 80}, map[string]any{"protocol": "HTTPS", "port": 80}}
	})).WantError(t, "invalid_argument", "two listeners on port 80")
	h.Call(t, "create_load_balancer", bad(func(c map[string]any) { c["name"] = " web-lb" })).WantError(t, "invalid_argument", "white space")
	h.Call(t, "create_load_balancer", bad(func(c map[string]any) {
		c["listeners"] = []any{map[string]any{"protocol": "HTTP", "port": 70000}}
	})).WantError(t, "invalid_argument", "")
	if got := servertest.CallAs[loadbalancer.LoadBalancerList](t, h, "list_load_balancers", nil); len(got.LoadBalancers) != 0 {
		t.Fatalf("a refused create left %+v", got)
	}

	var lb loadbalancer.LoadBalancer
	h.CallContext(context.Background(), t, "create_load_balancer", create, "lb-1").MustSucceed(t).Decode(t, &lb)
	steps := h.WaitProgress("lb-1", 7)
	if last := steps[len(steps)-1]; last.Progress != 7 || last.Total != 7 || !strings.Contains(last.Message, "ACTIVE") {
		t.Errorf("progress: %+v", steps)
	}
	for _, want := range []string{"load balancer", "listener", "member", "health monitor", "floating IP"} {
		if !slices.ContainsFunc(steps, func(p servertest.Progress) bool { return strings.Contains(p.Message, want) }) {
			t.Errorf("no progress names the %s: %+v", want, steps)
		}
	}
	if lb.Status != "ACTIVE" || lb.FloatingIP == "" || members(lb) != 2 || len(lb.Reach) != 1 ||
		lb.Reach[0] != "http://"+lb.FloatingIP+":80" || lb.Listeners[0].HealthMonitor != "HTTP ACTIVE" {
		t.Fatalf("create_load_balancer: %+v", lb)
	}
	// The servers' default group lets in only its own members: the warning
	// says which rule lets the load balancer reach port 8080.
	if len(lb.Warnings) != 2 || !strings.Contains(lb.Warnings[0], "tcp/8080") {
		t.Errorf("warnings: %q", lb.Warnings)
	}
	h.Call(t, "delete_network", map[string]any{"network": "web"}).WantError(t, "conflict", "load balancer "+lb.ID)
	h.Call(t, "add_security_group_rule", map[string]any{"security_group_id": "default", "port_min": 8080, "remote_ip_prefix": "10.0.1.0/24"}).MustSucceed(t)
	if got := servertest.CallAs[loadbalancer.LoadBalancer](t, h, "get_load_balancer", map[string]any{"load_balancer": lb.ID}); len(got.Warnings) != 0 {
		t.Errorf("a rule from the subnet lets the load balancer in, yet: %q", got.Warnings)
	}

	removed := servertest.CallAs[loadbalancer.MemberChange](t, h, "remove_load_balancer_member", map[string]any{"load_balancer": "web-lb", "server": "web-2"})
	if len(removed.Changed) != 1 {
		t.Fatalf("remove: %+v", removed)
	}
	if again := servertest.CallAs[loadbalancer.MemberChange](t, h, "remove_load_balancer_member", map[string]any{"load_balancer": "web-lb", "server": "web-2"}); len(again.Changed) != 0 {
		t.Fatalf("a second remove changed %+v", again)
	}
	if got := servertest.CallAs[loadbalancer.LoadBalancer](t, h, "get_load_balancer", map[string]any{"load_balancer": "web-lb"}); members(got) != 1 {
		t.Fatalf("after the remove: %+v", got)
	}
	servertest.CallAs[loadbalancer.MemberChange](t, h, "add_load_balancer_member", map[string]any{"load_balancer": "web-lb", "server": "web-2"})
	if got := servertest.CallAs[loadbalancer.LoadBalancer](t, h, "get_load_balancer", map[string]any{"load_balancer": "web-lb"}); members(got) != 2 || got.Listeners[0].Members[1].Port != 8080 {
		t.Fatalf("after the add: %+v", got)
	}

	gone := servertest.CallAs[loadbalancer.LoadBalancerDeleted](t, h, "delete_load_balancer", map[string]any{"load_balancer": "web-lb"})
	if !gone.Success || !strings.Contains(gone.Remains, lb.FloatingIP) || len(gone.Deleted) != 4 {
		t.Fatalf("delete_load_balancer: %+v", gone)
	}
	if got := servertest.CallAs[loadbalancer.LoadBalancerList](t, h, "list_load_balancers", nil); len(got.LoadBalancers) != 0 {
		t.Fatalf("still there: %+v", got)
	}
	for _, s := range []string{"web-1", "web-2"} {
		h.Call(t, "delete_instance", map[string]any{"instance_id": s}).MustSucceed(t)
	}
	h.Call(t, "delete_network", map[string]any{"network": "web"}).MustSucceed(t)
}

// TestCreateFailingMidwayLeavesNothing: a part refused after the load
// balancer was made (here over the member quota) takes the load balancer
// back, and the error says so.
func TestCreateFailingMidwayLeavesNothing(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	octavia.SetQuota(h.Sandbox.Cloud, octavia.Quota{LoadBalancers: -1, Listeners: -1, Pools: -1, Members: 0, HealthMonitors: -1})
	server(t, h, "web-1", "private")
	r := h.Call(t, "create_load_balancer", map[string]any{"name": "web-lb", "network": "private",
		"listeners": []any{map[string]any{"protocol": "TCP", "port": 443}},
		"members":   []any{map[string]any{"server": "web-1", "port": 443}}})
	r.WantError(t, "quota_exceeded", "member web-1", "Quota has been met for resources: Member", "nothing is left behind")
	for deadline := time.Now().Add(5 * time.Second); ; {
		left := servertest.CallAs[loadbalancer.LoadBalancerList](t, h, "list_load_balancers", nil)
		if len(left.LoadBalancers) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("left behind: %+v", left)
		}
	}
}

// TestBusyLoadBalancerWaitedOut: a change while another is under way gets
// Octavia's 409 (the pool is immutable); the tool waits and makes it.
func TestBusyLoadBalancerWaitedOut(t *testing.T) {
	t.Parallel()
	// A change takes a second: the tool's look-ups are done well before.
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{BuildDelay: 100 * time.Millisecond, ActionDelay: time.Second}))
	server(t, h, "web-1", "private")
	server(t, h, "web-2", "private")
	lb := servertest.CallAs[loadbalancer.LoadBalancer](t, h, "create_load_balancer", map[string]any{"name": "web-lb", "network": "private",
		"listeners": []any{map[string]any{"protocol": "HTTP", "port": 80}}, "members": []any{map[string]any{"server": "web-1", "port": 80}}})
	svc, err := h.Cloud.Services(context.Background(), client.LoadBalancer)
	if err != nil {
		t.Fatal(err)
	}
	li, err := listeners.Get(context.Background(), svc.LoadBalancer, lb.Listeners[0].ID).Extract()
	if err != nil {
		t.Fatal(err)
	}
	// Another client's change: the load balancer is PENDING_UPDATE.
	if err := pools.CreateMember(context.Background(), svc.LoadBalancer, li.DefaultPoolID, pools.CreateMemberOpts{Address: "10.0.0.99", ProtocolPort: 80}).Err; err != nil {
		t.Fatal(err)
	}
	posts := func() int {
		n := 0
		for route, c := range h.Sandbox.Stats().ByRoute {
			if strings.HasPrefix(route, "POST ") && strings.HasSuffix(route, "/members") {
				n += c
			}
		}
		return n
	}
	before := posts()
	added := servertest.CallAs[loadbalancer.MemberChange](t, h, "add_load_balancer_member", map[string]any{"load_balancer": "web-lb", "server": "web-2"})
	if len(added.Changed) != 1 {
		t.Fatalf("add: %+v", added)
	}
	if n := posts() - before; n != 2 {
		t.Errorf("the add sent %d requests, want 2: one refused while busy, one after", n)
	}
	if got := servertest.CallAs[loadbalancer.LoadBalancer](t, h, "get_load_balancer", map[string]any{"load_balancer": "web-lb"}); members(got) != 3 || got.Status != "ACTIVE" {
		t.Fatalf("after the add: %+v", got)
	}
}
