package servertest

import (
	"context"
	"testing"
	"time"
)

// CancelWhileWaiting calls tool with progress token, cancels the call once
// it has reported steps progress notifications (it is then waiting on the
// cloud), and returns what the call answered. A call that never reaches
// those steps, or does not return within 5 s of its cancellation, fails
// the test.
func (h *Harness) CancelWhileWaiting(t testing.TB, tool string, args map[string]any, token string, steps int) Result {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan Result, 1)
	go func() { done <- h.CallContext(ctx, t, tool, args, token) }()
	if p := h.WaitProgress(token, steps); len(p) < steps {
		t.Fatalf("%s never started waiting: %+v", tool, p)
	}
	cancel()
	select {
	case r := <-done:
		return r
	case <-time.After(5 * time.Second):
		t.Fatalf("%s did not return after cancellation", tool)
		return Result{}
	}
}
