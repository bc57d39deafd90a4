package server

import (
	"context"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/admission"
)

// inflight tracks the tool calls running on every transport, so that a
// shutdown lets them finish, and cancels them when they take too long.
type inflight struct {
	mu       sync.Mutex // draining, and entering under it
	draining bool
	calls    *admission.Limiter // without caps: what a shutdown waits for
	abort    context.Context    // ended when a shutdown cancels the calls left
	abortAll context.CancelFunc
}

func newInflight() *inflight {
	abort, abortAll := context.WithCancel(context.Background())
	return &inflight{calls: admission.New(admission.Unlimited, admission.Unlimited), abort: abort, abortAll: abortAll}
}

// middleware wraps every tool handler: a call made while draining is
// refused, the others are tracked and may be cancelled by drain.
func (f *inflight) middleware(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		if !f.enter() {
			return shuttingDown(req.Params.Name), nil
		}
		defer f.calls.Release("")
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(f.abort, cancel)()
		return next(ctx, req)
	}
}

// enter counts a call in, unless the server is draining.
func (f *inflight) enter() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return !f.draining && f.calls.TryAcquire("") == admission.Admitted
}

// Len is the number of calls running.
func (f *inflight) Len() int { return f.calls.Len() }

func (f *inflight) isDraining() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.draining
}

// drain refuses new calls, waits up to timeout for the running ones to
// finish, then cancels those left and waits up to grace for them to return.
// It reports how many were running and how many had to be cancelled.
func (f *inflight) drain(timeout, grace time.Duration) (running, cancelled int) {
	f.mu.Lock()
	f.draining = true
	running = f.calls.Len()
	f.mu.Unlock()
	if !f.calls.WaitIdle(timeout) {
		cancelled = f.calls.Len()
		f.abortAll()
		f.calls.WaitIdle(grace)
	}
	return running, cancelled
}

// shutdownGrace is how long cancelled calls get to return their result.
const shutdownGrace = 2 * time.Second

// drain lets the calls in flight finish within the shutdown timeout.
func (s *Server) drain(transport string) {
	n := s.calls.Len()
	s.log.Info("shutting down", "transport", transport, "calls_in_flight", n, "timeout", s.cfg.ShutdownTimeout.String())
	running, cancelled := s.calls.drain(s.cfg.ShutdownTimeout, shutdownGrace)
	if running > 0 {
		s.log.Info("calls in flight at shutdown", "finished", running-cancelled, "cancelled", cancelled)
	}
}

// shuttingDown is the result of a call that arrives during a shutdown.
func shuttingDown(tool string) *mcp.CallToolResult {
	return mcptool.ErrorResult(fault.Errorf(fault.CodeUnavailable, "the server is shutting down; %s was not started", tool).
		WithHint("retry once the server is back"))
}
