package client

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retryTransport bounds each request in time and retries what is safe to
// retry: idempotent requests (GET, HEAD, PUT, DELETE, and Keystone's token
// POST, which creates nothing) after a connection failure, a 502/503/504 (and
// 500 for reads), or a 429 (honouring Retry-After). A POST that creates a
// resource is never retried here: its tool looks for the resource instead, so
// there is neither a duplicate nor an orphan.
type retryTransport struct {
	next       http.RoundTripper
	perAttempt time.Duration // timeout of one attempt
	budget     time.Duration // all attempts of one request, backoff included
	attempts   int
	log        *slog.Logger
	sleep      func(context.Context, time.Duration) error
}

func newRetryTransport(next http.RoundTripper, perAttempt time.Duration, log *slog.Logger,
	pause func(context.Context, time.Duration) error) *retryTransport {
	if pause == nil {
		pause = sleepCtx
	}
	return &retryTransport{next: next, perAttempt: perAttempt, budget: 2*perAttempt + 30*time.Second,
		attempts: 6, log: log, sleep: pause}
}

func (t *retryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	retryable := idempotent(r)
	for attempt := 1; ; attempt++ {
		resp, err := t.once(r)
		if !retryable || attempt >= t.attempts {
			return resp, err
		}
		wait, retry := t.shouldRetry(r, resp, err, attempt)
		if !retry || time.Since(start)+wait > t.budget {
			return resp, err
		}
		if resp != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
			resp.Body.Close()
		}
		if r.Body != nil && r.GetBody != nil {
			body, gerr := r.GetBody()
			if gerr != nil {
				return nil, gerr
			}
			r = r.Clone(r.Context())
			r.Body = body
		}
		reason := "connection failed"
		if err == nil {
			reason = resp.Status
		}
		t.log.Debug("retrying cloud request", "method", r.Method, "path", r.URL.Path, "attempt", attempt+1, "reason", reason, "wait_ms", wait.Milliseconds())
		if serr := t.sleep(r.Context(), wait); serr != nil {
			return nil, serr
		}
	}
}

// once makes one attempt, bounded by perAttempt; the bound lasts until the
// body is read and closed.
func (t *retryTransport) once(r *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(r.Context(), t.perAttempt)
	resp, err := t.next.RoundTrip(r.WithContext(ctx))
	if err != nil {
		// Only this attempt's own deadline makes a timeout: checked before
		// cancel, which would make every failure (EOF, reset) look like one.
		timedOut := errors.Is(ctx.Err(), context.DeadlineExceeded) && r.Context().Err() == nil
		cancel()
		if timedOut {
			return nil, &attemptTimeout{err: err, after: t.perAttempt}
		}
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

func (t *retryTransport) shouldRetry(r *http.Request, resp *http.Response, err error, attempt int) (time.Duration, bool) {
	if err != nil {
		if r.Context().Err() != nil {
			return 0, false // the caller gave up
		}
		return backoff(attempt), true
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		if s, perr := strconv.Atoi(resp.Header.Get("Retry-After")); perr == nil && s >= 0 {
			return min(time.Duration(s)*time.Second, 30*time.Second) + jitter(100*time.Millisecond), true
		}
		return backoff(attempt), true
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return backoff(attempt), true
	case http.StatusInternalServerError:
		return backoff(attempt), r.Method == http.MethodGet || r.Method == http.MethodHead
	}
	return 0, false
}

func idempotent(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
		return true
	case http.MethodPost:
		return strings.HasSuffix(r.URL.Path, "/auth/tokens")
	}
	return false
}

// backoff is exponential with full jitter: 200 ms, 400 ms, ... capped at 3 s.
func backoff(attempt int) time.Duration {
	d := min(200*time.Millisecond<<(attempt-1), 3*time.Second)
	return d/2 + jitter(d/2)
}

func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d)))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// attemptTimeout is one attempt that ran out of time while the caller still waits.
type attemptTimeout struct {
	err   error
	after time.Duration
}

func (e *attemptTimeout) Error() string {
	return "the cloud did not answer within " + e.after.String() + ": " + e.err.Error()
}
func (e *attemptTimeout) Unwrap() error { return e.err }
func (e *attemptTimeout) Timeout() bool { return true }
