// Package servertest runs the whole server against the sandbox cloud with an
// in-process MCP client, for the tool tests of every toolset: the same path a
// real client takes, minus the pipe.
package servertest

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// Harness is a cloud (the sandbox, or a real one), the server over it and a
// connected client.
type Harness struct {
	Sandbox *sandbox.Server // nil on a real cloud
	Cloud   *client.Cloud
	Client  *mcpclient.Client

	mu        sync.Mutex
	progress  []Progress
	listeners []func(mcp.JSONRPCNotification)
}

// Progress is one notifications/progress the client received.
type Progress struct {
	Token    any
	Progress float64
	Total    float64
	Message  string
}

// Option changes the harness before it starts.
type Option func(*setup)

type setup struct {
	sandbox    sandbox.Options
	config     config.Config
	logger     *slog.Logger
	retryPause func(context.Context, time.Duration) error
}

// WithSandbox sets the sandbox's options (delays, credentials, faults).
func WithSandbox(o sandbox.Options) Option { return func(s *setup) { s.sandbox = o } }

// WithConfig sets the server configuration (read-only, tool filters).
func WithConfig(c config.Config) Option { return func(s *setup) { s.config = c } }

// WithInstantRetries makes the client's retries of failed requests follow
// each other at once: a test of faults checks what is retried and said,
// not the backoff between attempts.
func WithInstantRetries() Option {
	return func(s *setup) {
		s.retryPause = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	}
}

// WithLogger sends the server's logs to l (default: discarded).
func WithLogger(l *slog.Logger) Option { return func(s *setup) { s.logger = l } }

// Credentials are password credentials for a sandbox.
func Credentials(sb *sandbox.Server) config.Credentials {
	creds, err := config.ResolveCredentials("", "", sb.Getenv)
	if err != nil {
		panic(err)
	}
	return creds
}

// New starts a sandbox with short delays (server build 100 ms, actions 30 ms),
// the server over it with fast polling, and an initialized client. All is
// closed when the test ends.
func New(t testing.TB, opts ...Option) *Harness {
	t.Helper()
	st := defaults()
	for _, o := range opts {
		o(&st)
	}
	sb, err := sandbox.Start("127.0.0.1:0", st.sandbox)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	h := connect(t, st, Credentials(sb), client.PollInterval{Min: 10 * time.Millisecond, Max: 50 * time.Millisecond})
	h.Sandbox = sb
	return h
}

// Connect runs the server against a real cloud (the OpenStack lab) with
// creds, polling at a real cloud's pace.
func Connect(t testing.TB, creds config.Credentials, opts ...Option) *Harness {
	t.Helper()
	st := defaults()
	st.config.RequestTimeout = 60 * time.Second
	for _, o := range opts {
		o(&st)
	}
	return connect(t, st, creds, client.PollInterval{Min: 500 * time.Millisecond, Max: 2 * time.Second})
}

func defaults() setup {
	return setup{
		sandbox: sandbox.Options{BuildDelay: 100 * time.Millisecond, ActionDelay: 30 * time.Millisecond},
		config: config.Config{Transport: "stdio", LogLevel: "info", LogFormat: "text", RequestTimeout: 10 * time.Second,
			Toolsets: tools.Toolsets.Names()}, // every tool, those off by default too
		logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

func connect(t testing.TB, st setup, creds config.Credentials, poll client.PollInterval) *Harness {
	t.Helper()
	cloud := client.New(client.Options{Credentials: creds, Logger: st.logger,
		RequestTimeout: st.config.RequestTimeout, Poll: poll, RetryPause: st.retryPause})
	srv := server.New(st.config, "test", st.logger, server.WithCloud(cloud)).MCP()
	h := &Harness{Cloud: cloud}
	h.Client = calltest.InProcess(t, srv, "servertest", h.onNotification)
	return h
}

func (h *Harness) onNotification(n mcp.JSONRPCNotification) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if n.Method == "notifications/progress" {
		f := n.Params.AdditionalFields
		p := Progress{Token: f["progressToken"], Message: str(f["message"])}
		p.Progress, _ = f["progress"].(float64)
		p.Total, _ = f["total"].(float64)
		h.progress = append(h.progress, p)
	}
	for _, l := range h.listeners {
		l(n)
	}
}

func str(v any) string { s, _ := v.(string); return s }

// ProgressFor returns the progress notifications received for token.
func (h *Harness) ProgressFor(token any) []Progress {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []Progress
	for _, p := range h.progress {
		if p.Token == token {
			out = append(out, p)
		}
	}
	return out
}

// WaitProgress waits, for 2 s at the most, until the call with token has
// sent at least atLeast progress notifications, and returns those received:
// while a call is under way its notifications arrive as it goes.
func (h *Harness) WaitProgress(token any, atLeast int) []Progress {
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if p := h.ProgressFor(token); len(p) >= atLeast || time.Now().After(deadline) {
			return p
		}
	}
}

// Result is a tool call's outcome as a client sees it.
type Result struct {
	IsError    bool
	Text       string          // the text content
	Structured json.RawMessage // the structured content
}

// Decode unmarshals the structured content into v.
func (r Result) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Structured, v); err != nil {
		t.Fatalf("decoding %s: %v", r.Structured, err)
	}
}

// Map is the structured content as a map.
func (r Result) Map(t testing.TB) map[string]any {
	var m map[string]any
	r.Decode(t, &m)
	return m
}

// WantError checks that r failed with code, that its text says each of the
// phrases, and that it never nests parentheses (a person reads it in one go).
func (r Result) WantError(t testing.TB, code string, phrases ...string) {
	t.Helper()
	if !r.IsError || r.ErrorCode() != code {
		t.Fatalf("want a %s error, got isError=%v: %s", code, r.IsError, r.Text)
	}
	for _, p := range phrases {
		if !strings.Contains(r.Text, p) {
			t.Errorf("%q does not say %q", r.Text, p)
		}
	}
	depth := 0
	for _, c := range r.Text {
		switch c {
		case '(':
			if depth++; depth > 1 {
				t.Errorf("nested parentheses in %q", r.Text)
				return
			}
		case ')':
			depth--
		}
	}
}

// ErrorCode is error.code of a failed call, "" for a success.
func (r Result) ErrorCode() string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(r.Structured, &e)
	return e.Error.Code
}

// Call calls tool with args and returns what the client received. A
// JSON-RPC error (never expected from our tools) fails the test.
func (h *Harness) Call(t testing.TB, tool string, args map[string]any) Result {
	t.Helper()
	return h.CallContext(context.Background(), t, tool, args, nil)
}

// CallContext is Call with a context (to cancel) and an optional progress token.
func (h *Harness) CallContext(ctx context.Context, t testing.TB, tool string, args map[string]any, progressToken any) Result {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = tool
	req.Params.Arguments = args
	if progressToken != nil {
		req.Params.Meta = &mcp.Meta{ProgressToken: progressToken}
	}
	res, err := h.Client.CallTool(mcptool.WithNotifier(ctx, h.notifyInProcess), req)
	if err != nil {
		t.Fatalf("%s: JSON-RPC error (tools must answer with isError results): %v", tool, err)
	}
	return FromMCP(res)
}

// notifyInProcess hands a call's notification to the client at once. In
// process, mcp-go forwards notifications from a goroutine of its own, so a
// test could look for them before they land; the real transports deliver
// them ahead of the result (internal/server), and so does the harness. The
// params go through JSON, as on the wire.
func (h *Harness) notifyInProcess(_ context.Context, method string, params map[string]any) error {
	b, err := json.Marshal(params)
	if err != nil {
		return err
	}
	var wire map[string]any
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	h.onNotification(mcp.JSONRPCNotification{JSONRPC: mcp.JSONRPC_VERSION,
		Notification: mcp.Notification{Method: method, Params: mcp.NotificationParams{AdditionalFields: wire}}})
	return nil
}

// FromMCP converts an mcp-go result.
func FromMCP(res *mcp.CallToolResult) Result {
	r := Result{IsError: res.IsError}
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			r.Text += tc.Text
		}
	}
	switch sc := res.StructuredContent.(type) {
	case json.RawMessage:
		r.Structured = sc
	case nil:
		r.Structured = res.RawStructuredContent
	default:
		r.Structured, _ = json.Marshal(sc)
	}
	return r
}

// MustSucceed fails the test when r is an error result.
func (r Result) MustSucceed(t testing.TB) Result {
	t.Helper()
	if r.IsError {
		t.Fatalf("call failed: %s", r.Text)
	}
	return r
}

// CallAs calls tool, which must succeed, and returns its structured
// content decoded as a T: the one line a test needs for a result.
func CallAs[T any](t testing.TB, h *Harness, tool string, args map[string]any) T {
	t.Helper()
	var v T
	h.Call(t, tool, args).MustSucceed(t).Decode(t, &v)
	return v
}

// PageIDs walks the list tool from its first page, limit items a page and at
// most pages pages, following next_marker, and returns the ids of the items
// under key in the order listed. A page of more than limit items fails the
// test.
func (h *Harness) PageIDs(t testing.TB, tool, key string, limit, pages int) []string {
	t.Helper()
	var seen []string
	marker := ""
	for range pages {
		a := map[string]any{"limit": limit}
		if marker != "" {
			a["marker"] = marker
		}
		var result map[string]json.RawMessage
		h.Call(t, tool, a).MustSucceed(t).Decode(t, &result)
		var page []struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(result[key], &page); err != nil {
			t.Fatalf("%s: %s: %v", tool, key, err)
		}
		var next string
		if m := result["next_marker"]; m != nil {
			if err := json.Unmarshal(m, &next); err != nil {
				t.Fatalf("%s: next_marker: %v", tool, err)
			}
		}
		if len(page) > limit {
			t.Fatalf("%s: page of %d > limit %d", tool, len(page), limit)
		}
		for _, x := range page {
			seen = append(seen, x.ID)
		}
		if marker = next; marker == "" {
			break
		}
	}
	return seen
}
