package loadbalancer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/loadbalancer"
)

var slowLB = map[string]any{"name": "web-lb", "network": "private",
	"listeners": []any{map[string]any{"protocol": "TCP", "port": 443}}}

// progressSays waits until the call of token has reported a progress
// message with phrase in it, failing the test when none comes.
func progressSays(t *testing.T, h *servertest.Harness, token, phrase string) {
	t.Helper()
	for n := 1; ; n++ {
		p := h.WaitProgress(token, n)
		if len(p) < n {
			t.Fatalf("no progress says %q: %+v", phrase, p)
		}
		if strings.Contains(p[n-1].Message, phrase) {
			return
		}
	}
}

// TestCancelledCreateTakesBackItsLoadBalancer: a create cancelled while its
// load balancer is still PENDING_CREATE takes it back once Octavia lets it
// (it refuses to delete one under change): nothing is left behind.
func TestCancelledCreateTakesBackItsLoadBalancer(t *testing.T) {
	t.Parallel()
	clk := sandbox.NewClock(time.Now())
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{Now: clk.Now, BuildDelay: time.Minute, ActionDelay: time.Second}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan servertest.Result, 1)
	go func() { done <- h.CallContext(ctx, t, "create_load_balancer", slowLB, "undo-1") }()
	progressSays(t, h, "undo-1", "PENDING_CREATE")
	cancel()
	progressSays(t, h, "undo-1", "deleted once it settles")
	clk.Advance(time.Minute) // the amphora is up: the load balancer is ACTIVE, and can go
	select {
	case r := <-done:
		r.WantError(t, "cancelled", "stopped waiting", "is being deleted (cascade): nothing is left behind")
	case <-time.After(10 * time.Second):
		t.Fatal("the cancelled create did not return")
	}
	clk.Advance(time.Second)
	if left := servertest.CallAs[loadbalancer.LoadBalancerList](t, h, "list_load_balancers", nil); len(left.LoadBalancers) != 0 {
		t.Fatalf("left behind: %+v", left)
	}
}

// TestTakeBackSaysWhatRemains: when the load balancer stays under change
// for as long as the call may wait, the error says it remains, and how to
// delete it.
func TestTakeBackSaysWhatRemains(t *testing.T) {
	t.Parallel()
	clk := sandbox.NewClock(time.Now())
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{Now: clk.Now, BuildDelay: time.Minute, ActionDelay: time.Second}))
	args := map[string]any{"timeout_seconds": 1}
	for k, v := range slowLB {
		args[k] = v
	}
	r := h.Call(t, "create_load_balancer", args)
	left := servertest.CallAs[loadbalancer.LoadBalancerList](t, h, "list_load_balancers", nil)
	if len(left.LoadBalancers) != 1 || left.LoadBalancers[0].Status != "PENDING_CREATE" {
		t.Fatalf("the frozen clock keeps it PENDING_CREATE: %+v", left)
	}
	id := left.LoadBalancers[0].ID
	r.WantError(t, "timeout", "load balancer "+id+" remains (it stayed PENDING_CREATE, which Octavia does not delete)",
		"delete_load_balancer "+id)
}
