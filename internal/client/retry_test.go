package client

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

func testTransport(waits *[]time.Duration) *retryTransport {
	t := newRetryTransport(http.DefaultTransport, 2*time.Second, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	t.sleep = func(_ context.Context, d time.Duration) error { *waits = append(*waits, d); return nil }
	return t
}

// flaky answers the first n requests with status, then 200.
func flaky(n int32, status int, hdr map[string]string) (*httptest.Server, *int32) {
	var calls int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if atomic.AddInt32(&calls, 1) <= n {
			for k, v := range hdr {
				w.Header().Set(k, v)
			}
			w.WriteHeader(status)
			return
		}
		io.WriteString(w, "ok")
	}))
	return srv, &calls
}

func do(t *testing.T, rt http.RoundTripper, method, url string) (*http.Response, error) {
	req, _ := http.NewRequest(method, url, strings.NewReader(`{"x":1}`))
	return rt.RoundTrip(req)
}

func TestRetryIdempotentOn5xx(t *testing.T) {
	for _, m := range []string{"GET", "DELETE", "PUT"} {
		srv, calls := flaky(2, 503, nil)
		var waits []time.Duration
		resp, err := do(t, testTransport(&waits), m, srv.URL+"/v2.1/servers/1")
		if err != nil || resp.StatusCode != 200 || *calls != 3 || len(waits) != 2 {
			t.Errorf("%s: status %v err %v calls %d waits %v", m, resp, err, *calls, waits)
		}
		srv.Close()
	}
}

func TestNoRetryForCreatingPost(t *testing.T) {
	srv, calls := flaky(2, 503, nil)
	defer srv.Close()
	var waits []time.Duration
	resp, err := do(t, testTransport(&waits), "POST", srv.URL+"/v2.1/servers")
	if err != nil || resp.StatusCode != 503 || *calls != 1 {
		t.Fatalf("a create must not be retried: %v %v calls=%d", resp, err, *calls)
	}
	// Keystone's token POST creates nothing: it is retried.
	srv2, calls2 := flaky(1, 502, nil)
	defer srv2.Close()
	resp, err = do(t, testTransport(&waits), "POST", srv2.URL+"/v3/auth/tokens")
	if err != nil || resp.StatusCode != 200 || *calls2 != 2 {
		t.Fatalf("auth POST: %v %v calls=%d", resp, err, *calls2)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	srv, _ := flaky(1, 429, map[string]string{"Retry-After": "2"})
	defer srv.Close()
	var waits []time.Duration
	resp, err := do(t, testTransport(&waits), "GET", srv.URL)
	if err != nil || resp.StatusCode != 200 || len(waits) != 1 || waits[0] < 2*time.Second || waits[0] > 3*time.Second {
		t.Fatalf("got %v %v waits %v", resp, err, waits)
	}
}

func TestNoRetryOnClientErrorsAndBoundedAttempts(t *testing.T) {
	srv, calls := flaky(100, 404, nil)
	var waits []time.Duration
	resp, _ := do(t, testTransport(&waits), "GET", srv.URL)
	if resp.StatusCode != 404 || *calls != 1 {
		t.Errorf("a 404 is an answer: calls=%d", *calls)
	}
	srv.Close()
	srv, calls = flaky(100, 503, nil)
	defer srv.Close()
	resp, _ = do(t, testTransport(&waits), "GET", srv.URL)
	if resp.StatusCode != 503 || *calls != 6 {
		t.Errorf("attempts must be bounded: calls=%d", *calls)
	}
}

func TestRetryConnectionFailure(t *testing.T) {
	var calls int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if atomic.AddInt32(&calls, 1) == 1 {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	var waits []time.Duration
	resp, err := do(t, testTransport(&waits), "GET", srv.URL)
	if err != nil || resp.StatusCode != 200 || calls != 2 {
		t.Fatalf("got %v %v calls=%d", resp, err, calls)
	}
}

func TestAttemptTimeout(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	var waits []time.Duration
	rt := testTransport(&waits)
	rt.perAttempt, rt.attempts = 50*time.Millisecond, 2
	start := time.Now()
	_, err := do(t, rt, "GET", srv.URL)
	if err == nil || fault.Classify(err).Code != fault.CodeTimeout || time.Since(start) > 10*time.Second {
		t.Fatalf("got %v after %v", err, time.Since(start))
	}
}
