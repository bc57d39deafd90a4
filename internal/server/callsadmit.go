package server

import (
	"context"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/admission"
)

// callQueueWait is how long a call waits for a place under the caps before
// it is refused as unavailable.
const callQueueWait = 5 * time.Second

// callLimiter caps the tool calls running at once, in total (--max-calls)
// and per session (--max-calls-per-session): a call past a cap waits for a
// place, up to callQueueWait, then is refused with unavailable and a hint
// to retry. Each running call holds a few times its arguments, so the caps
// bound the memory calls take (see BENCHMARKS.md).
type callLimiter struct{ places *admission.Limiter } // keyed by session ("" for none: only the total cap applies)

func newCallLimiter(cfg config.Config) *callLimiter {
	return &callLimiter{places: admission.New(orDefault(cfg.MaxCalls, config.DefaultMaxCalls),
		orDefault(cfg.MaxCallsPerSession, config.DefaultMaxCallsPerSession))}
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
		tool := req.Params.Name
		if o := l.places.Acquire(ctx, session, callQueueWait); o != admission.Admitted {
			return mcptool.ErrorResult(l.refused(o, tool)), nil
		}
		ctx, release := holdPlace(ctx, l.places, session, func(o admission.Outcome) *fault.Error { return l.refused(o, tool) })
		defer release()
		return next(ctx, req)
	}
}

// refused says why a call of tool got no place.
func (l *callLimiter) refused(o admission.Outcome, tool string) *fault.Error {
	switch o {
	case admission.Cancelled:
		return fault.Errorf(fault.CodeCancelled, "%s was cancelled while it waited to start", tool)
	case admission.KeyFull:
		return fault.Errorf(fault.CodeUnavailable, "this session already runs %d calls (--max-calls-per-session); %s was not started", l.places.PerKey(), tool).
			WithHint("wait for a call to finish, then retry")
	default:
		return fault.Errorf(fault.CodeUnavailable, "the server already runs %d calls (--max-calls); %s was not started", l.places.Max(), tool).
			WithHint("retry in a few seconds")
	}
}

// holdPlace is a place key holds in places, carried by ctx as the call's
// mcptool.Place: a call waiting for a person's answer gives it to others
// meanwhile, and waits for one again after (refuse says why none came).
// release gives back the place if the call holds it when it ends.
func holdPlace(ctx context.Context, places *admission.Limiter, key string, refuse func(admission.Outcome) *fault.Error) (_ context.Context, release func()) {
	held := true // by the goroutine of the call only
	ctx = mcptool.WithPlace(ctx, func() func(context.Context) *fault.Error {
		places.Release(key)
		held = false
		return func(ctx context.Context) *fault.Error {
			if o := places.Acquire(ctx, key, callQueueWait); o != admission.Admitted {
				return refuse(o)
			}
			held = true
			return nil
		}
	})
	return ctx, func() {
		if held {
			places.Release(key)
		}
	}
}
