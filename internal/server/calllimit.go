package server

import (
	"context"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
)

// callQueueWait is how long a call waits for a place under the caps before
// it is refused as unavailable.
const callQueueWait = 5 * time.Second

// callLimiter caps the tool calls running at once, in total (--max-calls)
// and per session (--max-calls-per-session): a call past a cap waits for a
// place, up to callQueueWait, then is refused with unavailable and a hint
// to retry. Each running call holds a few times its arguments, so the caps
// bound the memory calls take (see BENCHMARKS.md).
type callLimiter struct {
	max, perSession int

	mu        sync.Mutex
	total     int
	bySession map[string]int
	changed   chan struct{} // closed and replaced whenever a call ends
}

func newCallLimiter(cfg config.Config) *callLimiter {
	return &callLimiter{max: orDefault(cfg.MaxCalls, config.DefaultMaxCalls),
		perSession: orDefault(cfg.MaxCallsPerSession, config.DefaultMaxCallsPerSession),
		bySession:  map[string]int{}, changed: make(chan struct{})}
}

// confirmationWait is --confirmation-timeout, or its default for a
// configuration built without defaults.
func confirmationWait(cfg config.Config) time.Duration {
	if cfg.ConfirmationTimeout <= 0 {
		return config.DefaultConfirmationTimeout
	}
	return cfg.ConfirmationTimeout
}

// orDefault is n, or def for a configuration built without defaults.
func orDefault(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}

func (l *callLimiter) middleware(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		session := ""
		if s := server.ClientSessionFromContext(ctx); s != nil {
			session = s.SessionID()
		}
		if refused := l.acquire(ctx, session, req.Params.Name); refused != nil {
			return refusal(refused), nil
		}
		held := true // by this call's goroutine only
		defer func() {
			if held {
				l.release(session)
			}
		}()
		// A call waiting for a person's answer gives its place to others
		// meanwhile (mcptool.Place), and waits for one again after.
		ctx = mcptool.WithPlace(ctx, func() func(context.Context) *fault.Error {
			l.release(session)
			held = false
			return func(ctx context.Context) *fault.Error {
				if refused := l.acquire(ctx, session, req.Params.Name); refused != nil {
					return refused
				}
				held = true
				return nil
			}
		})
		return next(ctx, req)
	}
}

// acquire waits for a place for a call of session ("" for none: only the
// total cap applies), and returns why there is none in time.
func (l *callLimiter) acquire(ctx context.Context, session, tool string) *fault.Error {
	deadline := time.NewTimer(callQueueWait)
	defer deadline.Stop()
	for {
		l.mu.Lock()
		full, sessionFull := l.total >= l.max, session != "" && l.bySession[session] >= l.perSession
		if !full && !sessionFull {
			l.total++
			if session != "" {
				l.bySession[session]++
			}
			l.mu.Unlock()
			return nil
		}
		changed := l.changed
		l.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return fault.Errorf(fault.CodeCancelled, "%s was cancelled while it waited to start", tool)
		case <-deadline.C:
			if sessionFull {
				return fault.Errorf(fault.CodeUnavailable, "this session already runs %d calls (--max-calls-per-session); %s was not started", l.perSession, tool).
					WithHint("wait for a call to finish, then retry")
			}
			return fault.Errorf(fault.CodeUnavailable, "the server already runs %d calls (--max-calls); %s was not started", l.max, tool).
				WithHint("retry in a few seconds")
		}
	}
}

func (l *callLimiter) release(session string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	if session != "" {
		if l.bySession[session]--; l.bySession[session] <= 0 {
			delete(l.bySession, session)
		}
	}
	close(l.changed)
	l.changed = make(chan struct{})
}
