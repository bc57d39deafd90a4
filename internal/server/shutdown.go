package server

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
)

// inflight tracks the tool calls running on every transport, so that a
// shutdown lets them finish, and cancels them when they take too long.
type inflight struct {
	mu       sync.Mutex // draining and next; calls has its own
	draining bool
	next     int
	calls    *pending[int, context.CancelFunc]
}

func newInflight() *inflight {
	return &inflight{calls: newPending[int, context.CancelFunc]()}
}

// middleware wraps every tool handler: a call made while draining is
// refused, the others are tracked and may be cancelled by drain.
func (f *inflight) middleware(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		id, ok := f.enter(cancel)
		if !ok {
			return shuttingDown(req.Params.Name), nil
		}
		defer f.leave(id)
		return next(ctx, req)
	}
}

func (f *inflight) enter(cancel context.CancelFunc) (int, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.draining {
		return 0, false
	}
	f.next++
	f.calls.add(f.next, cancel)
	return f.next, true
}

func (f *inflight) leave(id int) { f.calls.done(id) }

// Len is the number of calls running.
func (f *inflight) Len() int { return f.calls.len() }

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
	running = f.calls.len()
	f.mu.Unlock()
	if !f.calls.wait(timeout) {
		left := f.calls.values()
		cancelled = len(left)
		for _, cancel := range left {
			cancel()
		}
		f.calls.wait(grace)
	}
	return running, cancelled
}

// shuttingDown is the result of a call that arrives during a shutdown.
func shuttingDown(tool string) *mcp.CallToolResult {
	return refusal(fault.Errorf(fault.CodeUnavailable, "the server is shutting down; %s was not started", tool).
		WithHint("retry once the server is back"))
}

// refusal is the result of a call the server did not start.
func refusal(e *fault.Error) *mcp.CallToolResult {
	b, _ := json.Marshal(mcptool.ErrorPayload{Error: e})
	return &mcp.CallToolResult{
		IsError:           true,
		Content:           []mcp.Content{mcp.NewTextContent(e.Code + ": " + e.Error())},
		StructuredContent: json.RawMessage(b),
	}
}
