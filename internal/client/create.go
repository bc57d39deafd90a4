package client

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"time"
)

// CreateOnce runs a create that must never be repeated blindly. When the
// cloud's reply is lost (the connection failed after the request may have
// been processed), it does not retry the POST: it asks find whether the
// resource exists (by the name the caller chose and a creation time after
// the call began), a few times while the cloud recovers, and returns what it
// finds. So there is neither a duplicate nor an orphan the user does not know
// about. find returns ok=false when nothing matches.
func CreateOnce[T any](ctx context.Context, kind, name string, create func(context.Context) (T, error),
	find func(ctx context.Context, since time.Time) (T, bool, error)) (T, error) {
	since := time.Now().Add(-2 * time.Second) // the cloud's clock may lag ours a little
	res, err := create(ctx)
	if err == nil || !replyLost(err) || ctx.Err() != nil {
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
		e := Errorf(CodeUnavailable, "the cloud's reply to creating %s %q was lost, and no such %s exists: it was not created", kind, name, kind).
			WithHint("nothing was left behind; try again")
		e.cause = err
		return zero, e
	}
	e := Errorf(CodeUnavailable, "the cloud's reply to creating %s %q was lost, and the cloud could not be asked whether it exists", kind, name).
		WithHint("check with the list tool before creating it again, to avoid a duplicate")
	e.cause = errors.Join(err, lastErr)
	return zero, e
}

// replyLost reports whether err means the request may have reached the cloud
// but no HTTP answer came back.
func replyLost(err error) bool {
	if Classify(err).Code == CodeTimeout {
		return true
	}
	var ue *url.Error
	var ne net.Error
	return errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}
