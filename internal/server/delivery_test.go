package server

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/progress"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
)

// The progress probe is a test-only tool: it reports Steps progress
// notifications, as a wait loop does, then returns. It does not depend on
// the compute or volume tools.
type probeArgs struct {
	Steps int `json:"steps" jsonschema:"minimum=0,maximum=1000"`
	// PauseMs is slept between steps (0: as fast as possible, the worst case
	// for ordering).
	PauseMs int `json:"pause_ms,omitempty" jsonschema:"minimum=0"`
}

type probeResult struct {
	Sent int `json:"sent"`
}

func probeTool() mcptool.Tool {
	return mcptool.New(mcptool.Def{Name: "progress_probe", Title: "Progress probe", Effect: mcptool.Read,
		Toolset: "compute", Description: "Test only: report progress steps, then return."},
		func(ctx context.Context, a probeArgs) (probeResult, error) {
			for i := 1; i <= a.Steps; i++ {
				progress.Report(ctx, float64(i), float64(a.Steps), fmt.Sprintf("step %d", i))
				if a.PauseMs > 0 {
					select {
					case <-time.After(time.Duration(a.PauseMs) * time.Millisecond):
					case <-ctx.Done():
						return probeResult{}, ctx.Err()
					}
				}
			}
			return probeResult{Sent: a.Steps}, nil
		})
}

// deliveryStats counts, over many calls, the progress notifications a client
// received before each call's result, after it, and never.
type deliveryStats struct {
	Calls, Sent, BeforeResult, Late, Lost, CallsWithLoss int
}

func (d deliveryStats) String() string {
	return fmt.Sprintf("%d calls × %d notifications = %d sent: %d before the result, %d after it, %d lost; %d calls missed some before their result",
		d.Calls, d.Sent/max(d.Calls, 1), d.Sent, d.BeforeResult, d.Late, d.Lost, d.CallsWithLoss)
}

// measureDelivery makes calls progress_probe calls of steps steps each, with
// concurrency calls in flight, and counts where every notification arrived.
func measureDelivery(t testing.TB, c *mcpclient.Client, calls, steps, concurrency int) deliveryStats {
	t.Helper()
	var mu sync.Mutex
	received := map[string]int{}
	c.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method != "notifications/progress" {
			return
		}
		tok := fmt.Sprint(n.Params.AdditionalFields["progressToken"])
		mu.Lock()
		received[tok]++
		mu.Unlock()
	})
	before := make([]int, calls)
	jobs := make(chan int)
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				req := mcp.CallToolRequest{}
				req.Params.Name = "progress_probe"
				req.Params.Arguments = map[string]any{"steps": steps}
				req.Params.Meta = &mcp.Meta{ProgressToken: fmt.Sprintf("call-%d", i)}
				res, err := c.CallTool(ctx, req)
				cancel()
				if err == nil && res.IsError {
					err = fmt.Errorf("call %d: %v", i, res.Content)
				}
				if err != nil {
					errs <- err
					continue
				}
				mu.Lock()
				before[i] = received[fmt.Sprintf("call-%d", i)]
				mu.Unlock()
			}
		}()
	}
	for i := 0; i < calls; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// Stragglers get until a deadline (or until every call has all of its
	// notifications): what arrives now arrived after its result.
	for deadline := time.Now().Add(300 * time.Millisecond); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		mu.Lock()
		all := true
		for i := 0; i < calls && all; i++ {
			all = received[fmt.Sprintf("call-%d", i)] == steps
		}
		mu.Unlock()
		if all {
			break
		}
	}
	st := deliveryStats{Calls: calls, Sent: calls * steps}
	mu.Lock()
	defer mu.Unlock()
	for i := 0; i < calls; i++ {
		total := received[fmt.Sprintf("call-%d", i)]
		st.BeforeResult += before[i]
		st.Late += total - before[i]
		st.Lost += steps - total
		if before[i] < steps {
			st.CallsWithLoss++
		}
	}
	return st
}

// probeServer builds our server over the progress probe alone.
func probeServer(t testing.TB, cfg config.Config) *Server {
	t.Helper()
	if cfg.Transport == "" {
		cfg = testConfig(cfg.Transport)
	}
	return New(cfg, "test", testLogger(t), withTools([]mcptool.Tool{probeTool()}))
}

// stdioClient serves s on pipes and returns a connected client.
func stdioClient(t testing.TB, s *Server) *mcpclient.Client {
	t.Helper()
	srvIn, cliOut := io.Pipe()
	cliIn, srvOut := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ServeStdio(ctx, srvIn, srvOut) }()
	c := mcpclient.NewClient(transport.NewIO(cliIn, cliOut, io.NopCloser(strings.NewReader(""))))
	startClient(t, c, mcp.LATEST_PROTOCOL_VERSION)
	t.Cleanup(func() {
		c.Close()
		cliOut.Close()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("ServeStdio: %v", err)
		}
	})
	return c
}

// TestNotificationDeliveryStdio: every progress notification of every call
// reaches the client before the call's result, over stdio.
func TestNotificationDeliveryStdio(t *testing.T) {
	for _, conc := range []int{1, 4} {
		c := stdioClient(t, probeServer(t, config.Config{}))
		st := measureDelivery(t, c, deliveryCalls, deliverySteps, conc)
		t.Logf("stdio, %d in flight: %v", conc, st)
		st.mustBeComplete(t)
	}
}

const deliveryCalls, deliverySteps = 200, 10

func (d deliveryStats) mustBeComplete(t testing.TB) {
	t.Helper()
	if d.BeforeResult != d.Sent {
		t.Errorf("notifications must all arrive before their call's result: %v", d)
	}
}

// serveHTTP serves s on a loopback port until the test ends and returns
// the endpoint URL.
func serveHTTP(t testing.TB, s *Server, token Token) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ServeHTTP(ctx, ln, token) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("ServeHTTP: %v", err)
		}
	})
	return URL(s.cfg.Transport, ln.Addr())
}

const testToken = "test-token-0123456789abcdef"

// httpClient connects an MCP client over transport ("http" or "sse") to
// url with the token (none when empty).
func httpClient(t testing.TB, kind, url, token, protocolVersion string, opts ...transport.StreamableHTTPCOption) *mcpclient.Client {
	t.Helper()
	c, err := calltest.NewHTTP(kind, url, token, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	startClient(t, c, protocolVersion)
	return c
}

// TestNotificationDeliveryHTTP: the same over streamable HTTP (both
// protocol eras: sessions with initialize, and the stateless 2026-07-28)
// and over SSE.
func TestNotificationDeliveryHTTP(t *testing.T) {
	cases := []struct {
		transport, version string
		listen             bool // the client also holds a GET stream open, where mcp-go may route notifications
	}{
		{"http", mcp.LATEST_LEGACY_PROTOCOL_VERSION, false},
		{"http", mcp.LATEST_LEGACY_PROTOCOL_VERSION, true},
		{"http", mcp.LATEST_PROTOCOL_VERSION, false},
		{"sse", mcp.LATEST_LEGACY_PROTOCOL_VERSION, false},
	}
	for _, tc := range cases {
		name := tc.transport + "/" + tc.version
		if tc.listen {
			name += "/listening"
		}
		t.Run(name, func(t *testing.T) {
			s := probeServer(t, testConfig(tc.transport))
			url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
			var opts []transport.StreamableHTTPCOption
			if tc.listen {
				opts = append(opts, transport.WithContinuousListening())
			}
			for _, conc := range []int{1, 4} {
				c := httpClient(t, tc.transport, url, testToken, tc.version, opts...)
				st := measureDelivery(t, c, deliveryCalls, deliverySteps, conc)
				t.Logf("%s (%s), %d in flight: %v", tc.transport, tc.version, conc, st)
				st.mustBeComplete(t)
			}
		})
	}
}
