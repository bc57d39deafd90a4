// Package reliability runs the server against a sandbox cloud on a bad day:
// failing, rate-limiting and dropping requests, expiring tokens.
package reliability

import (
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
)

// With 30% of the cloud's answers failing (5xx, 429, dropped connections),
// every read still answers.
func TestReadsSurviveThirtyPercentFaults(t *testing.T) {
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{
		Faults: sandbox.Faults{ErrorRate: 0.2, RateLimitRate: 0.02, DropRate: 0.08, Seed: 42},
	}), servertest.WithInstantRetries())
	const calls = 60
	failed := 0
	for range calls {
		r := h.Call(t, "list_images", nil) // a read that reaches the cloud each time (flavors are cached)
		if r.IsError {
			failed++
			t.Logf("failed: %s", r.Text)
		}
	}
	st := h.Sandbox.Stats()
	t.Logf("%d calls, %d failed, %d requests reached the cloud", calls, failed, st.Requests)
	if failed > 0 {
		t.Fatalf("%d of %d reads failed", failed, calls)
	}
	if st.Requests <= calls {
		t.Fatalf("the faults did not fire (%d requests for %d calls)", st.Requests, calls)
	}
}

// A token that expires between calls costs no call: gophercloud
// re-authenticates on the 401 and replays the request. The sandbox's clock
// moves past each token's life instead of the test sleeping through it.
func TestTokenExpiryIsTransparent(t *testing.T) {
	clock := sandbox.NewClock(time.Now())
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{TokenTTL: 300 * time.Millisecond, Now: clock.Now}))
	const calls = 10
	for range calls {
		h.Call(t, "list_images", nil).MustSucceed(t)
		clock.Advance(150 * time.Millisecond)
	}
	if tokens := h.Sandbox.Stats().Tokens; tokens < 3 {
		t.Fatalf("expected several re-authentications over %d calls, saw %d tokens", calls, tokens)
	}
}
