package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
)

type holdArgs struct {
	Pad string `json:"pad"`
}

// holdTool runs until release is closed.
func holdTool(release <-chan struct{}, running *atomic.Int64) mcptool.Tool {
	return mcptool.New(mcptool.Def{Name: "hold_probe", Title: "Hold probe", Effect: mcptool.Read, Toolset: "compute",
		Description: "Test only: hold the call until released."},
		func(ctx context.Context, a holdArgs) (probeResult, error) {
			running.Add(1)
			defer running.Add(-1)
			select {
			case <-release:
			case <-ctx.Done():
			}
			return probeResult{Sent: len(a.Pad)}, nil
		})
}

// TestConcurrentLargeCallsStayUnderAMemoryBound: 150 concurrent calls with
// 1 MiB of arguments each, in one session, against --max-calls 4: 4 run,
// the others wait or are refused (HTTP 503 past twice --max-calls POSTs,
// or unavailable with a hint once they waited callQueueWait); the heap
// grows by less than 96 MiB: 8 admitted calls of about 10 times their
// arguments (without the caps every call is admitted: over 1 GiB).
func TestConcurrentLargeCallsStayUnderAMemoryBound(t *testing.T) {
	const calls, bound = 150, 96 << 20
	cfg := testConfig("http")
	cfg.MaxCalls, cfg.MaxCallsPerSession = 4, 4
	cfg.MaxBodyBytes = 2 << 20
	release := make(chan struct{})
	var running atomic.Int64
	s := New(cfg, "test", testLogger(t), withTools([]mcptool.Tool{holdTool(release, &running)}))
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	resp := post(t, url, initBody, bearer(testToken))
	h := with(with(bearer(testToken), "Mcp-Session-Id", resp.Header.Get("Mcp-Session-Id")), "Mcp-Protocol-Version", mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	body := []byte(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"hold_probe","arguments":{"pad":"` +
		strings.Repeat("p", 1<<20) + `"}}}`)

	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() { // the heap in use, every 2 ms
		defer close(sampled)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()

	var refusedHTTP, refusedCall, done atomic.Int64
	var wg sync.WaitGroup
	for range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer done.Add(1)
			req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
			for k, v := range h {
				req.Header.Set(k, v)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			switch {
			case resp.StatusCode == http.StatusServiceUnavailable:
				refusedHTTP.Add(1)
			case bytes.Contains(b, []byte(`"code":"unavailable"`)) && bytes.Contains(b, []byte("--max-calls")):
				refusedCall.Add(1)
			case !bytes.Contains(b, []byte(`"sent":1048576`)):
				t.Errorf("status %d: %.300s", resp.StatusCode, b)
			}
		}()
	}
	// Every call but the running ones is answered (refused at once or after
	// waiting); then the running ones are let go.
	// A deadline against a hang, not a measure: under the race detector on a
	// loaded machine the 150 MiB of arguments take some 30 s to go through.
	deadline := time.Now().Add(3 * time.Minute)
	for done.Load() < calls-running.Load() || running.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("after 3 min: %d answered, %d running", done.Load(), running.Load())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := running.Load(); n > int64(cfg.MaxCalls) {
		t.Errorf("%d calls ran at once, over --max-calls %d", n, cfg.MaxCalls)
	}
	close(stop)
	<-sampled
	close(release)
	wg.Wait()
	grew := int64(peak.Load()) - int64(before.HeapInuse)
	t.Logf("%d calls of 1 MiB: %d refused at once (503), %d refused after waiting; heap in use grew by %d MiB at most",
		calls, refusedHTTP.Load(), refusedCall.Load(), grew>>20)
	if grew > bound {
		t.Errorf("the heap grew by %d MiB, over the %d MiB bound", grew>>20, bound>>20)
	}
}
