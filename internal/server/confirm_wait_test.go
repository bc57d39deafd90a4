package server

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
)

// silentUser is asked and never answers, until the test ends.
type silentUser struct {
	asked chan time.Time
	done  chan struct{}
}

func (u *silentUser) Elicit(ctx context.Context, _ mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	u.asked <- time.Now()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-u.done:
		return nil, context.Canceled
	}
}

// TestUnansweredQuestionIsCancelled: a 2025-era question never answered
// ends its call as cancelled after --confirmation-timeout, nothing done,
// in the audit log; while it waits, the call holds no place under
// --max-calls, so another client's call runs.
func TestUnansweredQuestionIsCancelled(t *testing.T) {
	cfg := testConfig("http")
	cfg.MaxCalls = 1
	// Long enough that the other call surely ends first on a loaded machine.
	cfg.ConfirmationTimeout = 2 * time.Second
	lb := &calltest.Buffer{}
	probe := &destroyProbe{}
	s := New(cfg, "test", slog.New(slog.NewTextHandler(lb, nil)), withTools([]mcptool.Tool{probe.tool(), probeTool()}))
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	user := &silentUser{asked: make(chan time.Time, 1), done: make(chan struct{})}
	t.Cleanup(func() { close(user.done) })
	asker := askedClient(t, url, mcp.ProtocolVersion20251125, user)
	other := askedClient(t, url, mcp.ProtocolVersion20251125, nil)

	type outcome struct {
		res *mcp.CallToolResult
		err error
		at  time.Time
	}
	done := make(chan outcome, 1)
	// The server's clock starts after the call is sent and before the
	// question reaches the user, so the wait is measured from the sending.
	sent := time.Now()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		req := mcp.CallToolRequest{}
		req.Params.Name, req.Params.Arguments = "destroy_probe", map[string]any{"name": "data-1"}
		res, err := asker.CallTool(ctx, req)
		done <- outcome{res, err, time.Now()}
	}()
	select {
	case <-user.asked:
	case <-time.After(10 * time.Second):
		t.Fatal("the user was never asked")
	}
	// While the question waits, the one place under --max-calls is free.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req := mcp.CallToolRequest{}
	req.Params.Name, req.Params.Arguments = "progress_probe", map[string]any{"steps": 1}
	started := time.Now()
	if res, err := other.CallTool(ctx, req); err != nil || res.IsError {
		t.Errorf("another call while the question waits: %v %v, after %v", err, res, time.Since(started))
	}
	select {
	case o := <-done:
		t.Fatalf("the question ended before the other call could run: %v %v", o.err, o.res)
	default:
	}

	var o outcome
	select {
	case o = <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("the unanswered question still holds its call 15 s on")
	}
	waited := o.at.Sub(sent)
	t.Logf("unanswered question to cancelled call: %v (--confirmation-timeout %v)", waited.Round(time.Millisecond), cfg.ConfirmationTimeout)
	if o.err != nil || !o.res.IsError || !strings.Contains(resultText(o.res), "did not answer the confirmation within 2s") ||
		probe.runs.Load() != 0 || waited < cfg.ConfirmationTimeout {
		t.Fatalf("after %v: %v %v, ran %d", waited, o.err, o.res, probe.runs.Load())
	}
	if !strings.Contains(lb.String(), "tool=destroy_probe") || !strings.Contains(lb.String(), "outcome=cancelled") {
		t.Errorf("not audited:\n%s", lb)
	}
}
