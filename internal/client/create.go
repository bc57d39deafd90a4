package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"time"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// CreateOnce runs a create that must never be repeated blindly. When the
// cloud's reply is lost (the connection failed after the request may have
// been processed), or is a 5xx or a timeout (a gateway may give up while
// the cloud does the work), it does not retry the POST: it asks find whether the
// resource exists (by the name the caller chose and a creation time after
// the call began), a few times while the cloud recovers, and returns what it
// finds. So there is neither a duplicate nor an orphan the user does not know
// about. find returns ok=false when nothing matches.
func CreateOnce[T any](ctx context.Context, kind, name string, create func(context.Context) (T, error),
	find func(ctx context.Context, since time.Time) (T, bool, error)) (T, error) {
	since := time.Now().Add(-2 * time.Second) // the cloud's clock may lag ours a little
	res, err := create(ctx)
	what := mayHaveWorked(err)
	if err == nil || what == "" || ctx.Err() != nil {
		return res, err
	}
	var zero T
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		if attempt > 0 {
			if serr := sleepCtx(ctx, backoff(attempt)); serr != nil {
				return zero, serr
			}
		}
		found, ok, ferr := find(ctx, since)
		if ferr != nil {
			lastErr = ferr
			continue
		}
		if ok {
			return found, nil
		}
		e := fault.Errorf(fault.CodeUnavailable, "creating %s %q: %s, and no such %s exists: it was not created", kind, name, what, kind).
			WithHint("nothing was left behind; try again")
		e.WithCause(err)
		return zero, e
	}
	e := fault.Errorf(fault.CodeUnavailable, "creating %s %q: %s, and the cloud could not be asked whether it exists", kind, name, what).
		WithHint("check with the list tool before creating it again, to avoid a duplicate")
	e.WithCause(errors.Join(err, lastErr))
	return zero, e
}

// mayHaveWorked says why a failed create
// may have been done all the same: its reply was lost (the request may
// have reached the cloud but no HTTP answer came back), or it was a 5xx,
// which a gateway sends when it gives up waiting on a cloud still at work.
// It returns "" when the cloud answered for itself (a 4xx) or for nothing.
func mayHaveWorked(err error) string {
	if err == nil {
		return ""
	}
	var resp gophercloud.ErrUnexpectedResponseCode
	if p := new(gophercloud.ErrUnexpectedResponseCode); errors.As(err, &p) {
		resp = *p
	} else {
		_ = errors.As(err, &resp)
	}
	if resp.Actual >= 500 {
		return fmt.Sprintf("the cloud answered %d", resp.Actual)
	}
	if resp.Actual != 0 {
		return ""
	}
	if fault.Classify(err).Code == fault.CodeTimeout {
		return "the cloud did not answer in time"
	}
	var ue *url.Error
	var ne net.Error
	if errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "the cloud's reply was lost"
	}
	return ""
}
