package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
)

// TestLoad runs many concurrent MCP sessions over streamable HTTP against
// the sandbox, each making a mix of read calls: no call may fail, and the
// heap and goroutines must come back down once the sessions are closed.
// By default 20 sessions × 20 calls; the 100 × 100 with
// MCP_INFOMANIAK_LOAD_FULL=1 (and without -short). Not parallel: it
// counts the process's goroutines.
func TestLoad(t *testing.T) {
	sessions, calls := 20, 20
	if !testing.Short() && os.Getenv("MCP_INFOMANIAK_LOAD_FULL") == "1" {
		sessions, calls = 100, 100
	}
	sb := startCloud(t, sandbox.Options{})
	url, cloudTransport := serveMCP(t, servertest.Credentials(sb.Server), sessions+8, slog.New(slog.NewTextHandler(io.Discard, nil)))
	hc := httpClient(t, sessions+8)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	// One image to get by ID, one by name.
	probe, err := connectMCP(ctx, hc, url)
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := call(ctx, probe, "list_images", nil)
	if err != nil || res.IsError {
		t.Fatalf("list_images: %v %+v", err, res)
	}
	var imgs struct {
		Images []struct{ ID, Name string } `json:"images"`
	}
	raw, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(raw, &imgs); err != nil || len(imgs.Images) == 0 {
		t.Fatalf("no images: %s", raw)
	}
	probe.Close()
	img := imgs.Images[0]
	mix := []struct {
		tool string
		args map[string]any
	}{
		{"list_flavors", nil},
		{"list_images", nil},
		{"get_image", map[string]any{"image_id": img.ID}},
		{"get_image", map[string]any{"image_id": img.Name}},
	}

	heapBefore, goBefore := settle()

	var (
		errs      atomic.Int64
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, sessions*calls)
		firstErrs []string
		wg        sync.WaitGroup
	)
	fail := func(format string, args ...any) {
		errs.Add(1)
		mu.Lock()
		if len(firstErrs) < 10 {
			firstErrs = append(firstErrs, fmt.Sprintf(format, args...))
		}
		mu.Unlock()
	}
	var peakHeap atomic.Uint64
	stopSampling := make(chan struct{})
	go func() {
		tk := time.NewTicker(100 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-stopSampling:
				return
			case <-tk.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peakHeap.Load() {
					peakHeap.Store(m.HeapAlloc)
				}
			}
		}
	}()
	peakGoroutines := 0
	start := time.Now()
	for s := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := connectMCP(ctx, hc, url)
			if err != nil {
				fail("session %d: connect: %v", s, err)
				return
			}
			defer c.Close()
			local := make([]time.Duration, 0, calls)
			for i := range calls {
				m := mix[(s+i)%len(mix)]
				t0 := time.Now()
				res, text, err := call(ctx, c, m.tool, m.args)
				local = append(local, time.Since(t0))
				switch {
				case err != nil:
					fail("session %d call %d %s: %v", s, i, m.tool, err)
				case res.IsError:
					fail("session %d call %d %s: %s", s, i, m.tool, text)
				}
			}
			mu.Lock()
			latencies = append(latencies, local...)
			if n := runtime.NumGoroutine(); n > peakGoroutines {
				peakGoroutines = n
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stopSampling)

	// Idle keep-alive connections (to the MCP server, to the cloud) are a
	// pool, not a leak: closed, they show what the sessions left.
	hc.Transport.(*http.Transport).CloseIdleConnections()
	cloudTransport.CloseIdleConnections()
	heapAfter, goAfter := settle()
	for goAfter > goBefore+10 && time.Since(start) < elapsed+5*time.Second {
		time.Sleep(100 * time.Millisecond)
		heapAfter, goAfter = settle()
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[int(float64(len(latencies)-1)*p)]
	}
	total := sessions * calls
	t.Logf("%d sessions × %d calls = %d calls in %v: %.0f calls/s; latency p50 %v p99 %v max %v; errors %d",
		sessions, calls, total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(),
		pct(0.5).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), pct(1).Round(10*time.Microsecond), errs.Load())
	t.Logf("heap in use: before %.1f MiB, peak %.1f MiB, after %.1f MiB; goroutines: before %d, peak ≥ %d, after %d; cloud requests %d",
		mib(heapBefore), mib(peakHeap.Load()), mib(heapAfter), goBefore, peakGoroutines, goAfter, sb.Stats().Requests)
	for _, e := range firstErrs {
		t.Error(e)
	}
	if errs.Load() > 0 {
		t.Fatalf("%d of %d calls failed", errs.Load(), total)
	}
	if len(latencies) != total {
		t.Fatalf("%d calls timed, want %d", len(latencies), total)
	}
	// Bounded: what the sessions left behind is small next to what they used.
	if heapAfter > heapBefore+32<<20 {
		t.Errorf("heap grew from %.1f to %.1f MiB once every session was closed", mib(heapBefore), mib(heapAfter))
	}
	if goAfter > goBefore+10 {
		var b strings.Builder
		pprof.Lookup("goroutine").WriteTo(&b, 1) //nolint:errcheck // a diagnostic
		t.Errorf("goroutines: %d before, %d after every session was closed:\n%s", goBefore, goAfter, b.String())
	}
}

// settle collects garbage and returns the heap in use and the goroutines.
func settle() (uint64, int) {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc, runtime.NumGoroutine()
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
