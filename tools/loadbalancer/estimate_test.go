package loadbalancer_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cloudkitty"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/loadbalancer"
)

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// skewedClock runs from a fixed time at the pace of the real one (the
// create waits for its load balancer's build), and jumps when the test says.
type skewedClock struct {
	mu    sync.Mutex
	start time.Time
	skew  time.Duration
}

func (c *skewedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Date(2026, 11, 22, 4, 53, 16, 0, time.UTC).Add(time.Since(c.start) + c.skew)
}

func (c *skewedClock) Jump(d time.Duration) { c.mu.Lock(); c.skew += d; c.mu.Unlock() }

func createLB(t *testing.T, h *servertest.Harness, name string, floatingIP bool) loadbalancer.CreatedLoadBalancer {
	t.Helper()
	return servertest.CallAs[loadbalancer.CreatedLoadBalancer](t, h, "create_load_balancer", map[string]any{"name": name,
		"network": "private", "listeners": []any{map[string]any{"protocol": "TCP", "port": 443}}, "floating_ip": floatingIP})
}

// A load balancer's estimate: from the cloud's rules where they are
// readable, with the floating IP made for it; else from what the
// project's load balancers were rated; else no figure, and why.
func TestCreateLoadBalancerEstimate(t *testing.T) {
	t.Parallel()
	clock := &skewedClock{start: time.Now()}
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{Now: clock.Now, BuildDelay: 10 * time.Millisecond, ActionDelay: 10 * time.Millisecond}))

	first := createLB(t, h, "first", true)
	if e := first.Estimate; e == nil || e.Source != "" || !strings.Contains(e.Note, "no price known for the load balancer") {
		t.Errorf("nothing rated, rules admin's: no figure, and why: %+v", e)
	}

	clock.Jump(3 * time.Hour) // the first one's first two hours are rated
	rated := createLB(t, h, "rated", false)
	if e := rated.Estimate; e == nil || e.Source != "the project's rated usage" || !near(e.ICUHour, 0.5) {
		t.Errorf("priced as the first one was rated (0.5 ICU an hour): %+v", e)
	}

	cloudkitty.AllowRatingRules(h.Sandbox.Cloud)
	public := createLB(t, h, "public", true)
	if public.FloatingIP == "" {
		t.Fatalf("no floating IP: %+v", public)
	}
	if e := public.Estimate; e == nil || e.Source != "the cloud's rating rules" || !near(e.ICUHour, 0.5+0.12) ||
		!near(e.CHFHour, 0.0124) || !near(e.CHF30Days, 8.93) || !near(e.EUR30Days, 8.04) {
		t.Errorf("the load balancer (0.5 ICU an hour) and its floating IP (0.12) from the rules: %+v", e)
	}
}

// A cloud without a rating service creates load balancers as any other,
// saying why there is no figure.
func TestCreateLoadBalancerWithoutRating(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{Without: []string{"rating"}, BuildDelay: 10 * time.Millisecond}))
	lb := createLB(t, h, "plain", false)
	if e := lb.Estimate; lb.Status != "ACTIVE" || e == nil || e.Source != "" || !strings.Contains(e.Note, "no rating service") {
		t.Errorf("created, without a figure, saying why: %+v", lb)
	}
}
