package kit

import (
	"context"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// Waiting is embedded in the arguments of every tool that changes
// something and may wait for the change. Both are accepted but not
// published: the server's instructions say them once for every tool.
type Waiting struct {
	Wait           bool `json:"wait" jsonschema:"default=true" jsonschema_extras:"x-unlisted=true"`
	TimeoutSeconds int  `json:"timeout_seconds" jsonschema:"minimum=1,maximum=3600,default=600" jsonschema_extras:"x-unlisted=true"`
}

// Timeout is how long the call may wait.
func (w Waiting) Timeout() time.Duration { return time.Duration(w.TimeoutSeconds) * time.Second }

// TookEffect settles a change request that failed. The reply may have been
// lost after the cloud did the work, or a retry of the request refused
// because the first attempt had worked (a second DELETE of a volume already
// deleting): then check, which looks at the resource, sees the change, and
// the call goes on. Otherwise the failure stands.
func TookEffect(ctx context.Context, err error, check func(context.Context) bool) error {
	if err == nil {
		return nil
	}
	switch fault.Classify(err).Code {
	case fault.CodeQuotaExceeded, fault.CodeForbidden, fault.CodeUnauthenticated, fault.CodeCancelled:
		return err
	}
	if ctx.Err() == nil && check(ctx) {
		return nil
	}
	return err
}

// Deleted settles a delete that failed, as TookEffect: the resource gone
// (get answers not_found) is the sign that the delete worked.
func Deleted(ctx context.Context, err error, get func(context.Context) error) error {
	return TookEffect(ctx, err, func(ctx context.Context) bool {
		e := fault.Classify(get(ctx))
		return e != nil && e.Code == fault.CodeNotFound
	})
}

// Time is a time as the views show it: RFC 3339 in UTC, "" for none.
func Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// undoTimeout bounds the taking back of what a failed create made.
const undoTimeout = 2 * time.Minute

// Undo is the context in which a failed create takes back what it made: not
// cancelled with the call (a create its client cancelled still cleans up),
// bounded by undoTimeout.
func Undo(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), undoTimeout)
}
