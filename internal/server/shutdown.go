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
	mu       sync.Mutex
	draining bool
	next     int
	cancels  map[int]context.CancelFunc
	changed  chan struct{} // closed and replaced whenever a call ends
}

func newInflight() *inflight {
	return &inflight{cancels: map[int]context.CancelFunc{}, changed: make(chan struct{})}
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
	f.cancels[f.next] = cancel
	return f.next, true
}

func (f *inflight) leave(id int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.cancels, id)
	close(f.changed)
	f.changed = make(chan struct{})
}

// Len is the number of calls running.
func (f *inflight) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.cancels)
}

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
	running = len(f.cancels)
	f.mu.Unlock()
	if !f.wait(timeout) {
		f.mu.Lock()
		cancelled = len(f.cancels)
		for _, cancel := range f.cancels {
			cancel()
		}
		f.mu.Unlock()
		f.wait(grace)
	}
	return running, cancelled
}

// wait waits up to d for no call to be running, and reports whether none is.
func (f *inflight) wait(d time.Duration) bool {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		f.mu.Lock()
		n, changed := len(f.cancels), f.changed
		f.mu.Unlock()
		if n == 0 {
			return true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return false
		}
	}
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
