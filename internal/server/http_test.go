package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
)

// initBody is an initialize request as a client posts it.
const initBody = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}`

// post sends body to url with the given headers and returns the response.
func post(t *testing.T, url, body string, headers map[string]string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range headers {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func bearer(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

func with(h map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for a, b := range h {
		out[a] = b
	}
	return out
}

// loggedServer is the probe server with its log captured.
func loggedServer(t *testing.T, cfg config.Config) (*Server, *calltest.Buffer) {
	lb := &calltest.Buffer{}
	s := New(cfg, "test", slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})), withTools([]mcptool.Tool{probeTool()}))
	return s, lb
}

func TestAuthentication(t *testing.T) {
	for _, tr := range []string{"http", "sse"} {
		t.Run(tr, func(t *testing.T) {
			s, logs := loggedServer(t, testConfig(tr))
			url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
			base := strings.TrimSuffix(strings.TrimSuffix(url, streamablePath), SSEPath)
			for name, headers := range map[string]map[string]string{
				"no token":        nil,
				"wrong token":     bearer("wrong-token-0123456789abcdef"),
				"prefix of token": bearer(testToken[:len(testToken)-1]),
				"basic auth":      {"Authorization": "Basic " + testToken},
			} {
				for _, path := range []string{streamablePath, SSEPath, MessagePath, "/elsewhere"} {
					resp := post(t, base+path, initBody, headers)
					if resp.StatusCode != http.StatusUnauthorized {
						t.Errorf("%s, %s: status %d, want 401", name, path, resp.StatusCode)
					}
					if ch := resp.Header.Get("WWW-Authenticate"); !strings.HasPrefix(ch, "Bearer") {
						t.Errorf("%s, %s: WWW-Authenticate %q", name, path, ch)
					}
				}
			}
			// A real client without the token, or with a wrong one, cannot connect.
			for _, tok := range []string{"", "wrong-token-0123456789abcdef"} {
				if err := tryConnect(tr, url, tok); err == nil {
					t.Errorf("client with token %q connected", tok)
				}
			}
			// With it, a whole tool call goes through.
			c := httpClient(t, tr, url, testToken, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
			res := callProbe(t, c, 3, "tok")
			if res.IsError {
				t.Fatalf("call failed: %v", res.Content)
			}
			if strings.Contains(logs.String(), testToken) || strings.Contains(logs.String(), testToken[:len(testToken)-1]) {
				t.Errorf("the token appears in the log:\n%s", logs)
			}
			if !strings.Contains(logs.String(), "wrong bearer token") || !strings.Contains(logs.String(), "missing bearer token") {
				t.Errorf("refusals are not logged:\n%s", logs)
			}
		})
	}
}

// tryConnect initializes a client over transport to url with token.
func tryConnect(kind, url, token string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := calltest.Open(ctx, kind, url, token, mcp.LATEST_LEGACY_PROTOCOL_VERSION, "test")
	if err == nil {
		c.Close()
	}
	return err
}

func callProbe(t *testing.T, c *mcpclient.Client, steps int, token any) *mcp.CallToolResult {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = "progress_probe"
	req.Params.Arguments = map[string]any{"steps": steps}
	if token != nil {
		req.Params.Meta = &mcp.Meta{ProgressToken: token}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := c.CallTool(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestOriginCheck(t *testing.T) {
	cfg := testConfig("http")
	cfg.AllowedOrigins = []string{"https://app.example.com"}
	s, logs := loggedServer(t, cfg)
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	auth := bearer(testToken)
	for origin, want := range map[string]int{
		"https://evil.example":       http.StatusForbidden,
		"http://localhost.evil.test": http.StatusForbidden,
		"null":                       http.StatusForbidden,
		"https://app.example.com":    http.StatusOK, // --allowed-origin
		"http://localhost:3000":      http.StatusOK, // localhost, as we listen on loopback
		"http://127.0.0.1:5173":      http.StatusOK,
		"http://[::1]:8000":          http.StatusOK,
	} {
		resp := post(t, url, initBody, with(auth, "Origin", origin))
		if resp.StatusCode != want {
			t.Errorf("Origin %s: status %d, want %d", origin, resp.StatusCode, want)
		}
		if want == http.StatusOK && resp.Header.Get("Access-Control-Allow-Origin") != origin {
			t.Errorf("Origin %s: Access-Control-Allow-Origin %q", origin, resp.Header.Get("Access-Control-Allow-Origin"))
		}
	}
	// A foreign Origin is refused even without a token: 403 comes first.
	if resp := post(t, url, initBody, map[string]string{"Origin": "https://evil.example"}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("foreign Origin without token: %d, want 403", resp.StatusCode)
	}
	// DNS rebinding: a page whose name points at 127.0.0.1 sends its own Host.
	if resp := post(t, url, initBody, with(auth, "Host", "rebound.evil.example:8080")); resp.StatusCode != http.StatusForbidden {
		t.Errorf("foreign Host: %d, want 403", resp.StatusCode)
	}
	// The preflight of an allowed origin is answered without a token.
	req, _ := http.NewRequest(http.MethodOptions, url, nil)
	req.Header.Set("Origin", "https://app.example.com")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || !strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
	if !strings.Contains(logs.String(), "origin https://evil.example") {
		t.Errorf("refusal not logged:\n%s", logs)
	}
}

func TestSSEStreamDoesNotAllowEveryOrigin(t *testing.T) {
	s := probeServer(t, testConfig("sse"))
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	for _, origin := range []string{"", "http://localhost:3000"} {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Authorization", "Bearer "+testToken)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		ctx, cancel := context.WithCancel(context.Background())
		resp, err := http.DefaultClient.Do(req.WithContext(ctx))
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != origin {
			t.Errorf("Origin %q: Access-Control-Allow-Origin %q (mcp-go's default is *)", origin, got)
		}
		cancel()
		resp.Body.Close()
	}
}

func TestLimits(t *testing.T) {
	cfg := testConfig("http")
	cfg.MaxBodyBytes = 1024
	cfg.MaxSessions = 2
	s := probeServer(t, cfg)
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	auth := bearer(testToken)

	big := `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"` + strings.Repeat("x", 2048) + `"}}`
	if resp := post(t, url, big, auth); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("2 KiB body over a 1 KiB limit: %d, want 413", resp.StatusCode)
	}

	var ids []string
	for i := 0; i < 2; i++ {
		resp := post(t, url, initBody, auth)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("initialize %d: %d", i, resp.StatusCode)
		}
		ids = append(ids, resp.Header.Get("Mcp-Session-Id"))
	}
	if resp := post(t, url, initBody, auth); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("third session over a cap of 2: %d, want 503", resp.StatusCode)
	}
	// Ending a session makes room.
	req, _ := http.NewRequest(http.MethodDelete, url, nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Mcp-Session-Id", ids[0])
	req.Header.Set("Mcp-Protocol-Version", mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("DELETE: %d", resp.StatusCode)
	}
	if resp := post(t, url, initBody, auth); resp.StatusCode != http.StatusOK {
		t.Errorf("initialize after a DELETE: %d, want 200", resp.StatusCode)
	}
	// A made-up or ended session is refused.
	for _, id := range []string{"mcp-session-made-up", ids[0]} {
		body := `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
		h := with(with(auth, "Mcp-Session-Id", id), "Mcp-Protocol-Version", mcp.LATEST_LEGACY_PROTOCOL_VERSION)
		if resp := post(t, url, body, h); resp.StatusCode != http.StatusNotFound {
			t.Errorf("session %s: %d, want 404", id, resp.StatusCode)
		}
	}
}

func TestSSESessionCap(t *testing.T) {
	cfg := testConfig("sse")
	cfg.MaxSessions = 1
	s := probeServer(t, cfg)
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	httpClient(t, "sse", url, testToken, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	err := tryConnect("sse", url, testToken)
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("second SSE stream over a cap of 1: %v, want 503", err)
	}
}

// TestShutdown: on shutdown a call in flight finishes and its result
// arrives; a call that outlives the timeout is cancelled; a new call is
// refused; ServeHTTP returns nil.
func TestShutdown(t *testing.T) {
	for _, tr := range []string{"http", "sse"} {
		t.Run(tr, func(t *testing.T) {
			cfg := testConfig(tr)
			cfg.ShutdownTimeout = 700 * time.Millisecond
			s := probeServer(t, cfg)
			ln := listen(t)
			ctx, stop := context.WithCancel(context.Background())
			served := make(chan error, 1)
			go func() { served <- s.ServeHTTP(ctx, ln, Token{Value: testToken}) }()
			c := httpClient(t, tr, URL(tr, ln.Addr()), testToken, mcp.LATEST_LEGACY_PROTOCOL_VERSION)

			type outcome struct {
				res *mcp.CallToolResult
				err error
			}
			call := func(steps, pauseMs int) chan outcome {
				ch := make(chan outcome, 1)
				go func() {
					req := mcp.CallToolRequest{}
					req.Params.Name = "progress_probe"
					req.Params.Arguments = map[string]any{"steps": steps, "pause_ms": pauseMs}
					res, err := c.CallTool(context.Background(), req)
					ch <- outcome{res, err}
				}()
				return ch
			}
			short := call(4, 100)  // 400 ms: finishes within the timeout
			long := call(100, 100) // 10 s: cancelled at 700 ms
			waitFor(t, func() bool { return s.calls.Len() == 2 })
			stop()
			waitFor(t, s.calls.isDraining)
			late := call(1, 0)

			if o := <-short; o.err != nil || o.res.IsError {
				t.Errorf("call in flight: %v %v, want its result", o.err, o.res)
			}
			if o := <-long; o.err != nil || !o.res.IsError || resultCode(o.res) != "cancelled" {
				t.Errorf("call past the timeout: %v %+v, want a cancelled result", o.err, o.res)
			}
			select {
			case o := <-late: // refused by the server, or the connection is gone: never run
				if o.err == nil && (!o.res.IsError || resultCode(o.res) != "unavailable") {
					t.Errorf("call after shutdown: %+v", o.res)
				}
			case <-time.After(5 * time.Second):
				t.Error("call after shutdown got no answer")
			}
			select {
			case err := <-served:
				if err != nil {
					t.Errorf("ServeHTTP: %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("ServeHTTP did not return")
			}
		})
	}
}

func resultCode(res *mcp.CallToolResult) string {
	b, _ := json.Marshal(res.StructuredContent)
	var p struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(b, &p)
	return p.Error.Code
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestResolveToken(t *testing.T) {
	dir := t.TempDir()
	file := dir + "/token"
	if err := writeFile(file, "  file-token-0123456789abcdef\n"); err != nil {
		t.Fatal(err)
	}
	short := dir + "/short"
	_ = writeFile(short, "abc")
	for _, tc := range []struct {
		cfg       config.Config
		value     string
		generated bool
		err       string
	}{
		{cfg: config.Config{AuthToken: "env-token-0123456789abcdef"}, value: "env-token-0123456789abcdef"},
		{cfg: config.Config{AuthTokenFile: file}, value: "file-token-0123456789abcdef"},
		{cfg: config.Config{AuthTokenFile: short}, err: "at least 16"},
		{cfg: config.Config{AuthTokenFile: dir + "/missing"}, err: "no such file"},
		{cfg: config.Config{NoAuth: true}, value: ""},
		{cfg: config.Config{}, generated: true},
	} {
		tok, err := ResolveToken(tc.cfg)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%+v: error %v, want %q", tc.cfg, err, tc.err)
			}
		case err != nil:
			t.Errorf("%+v: %v", tc.cfg, err)
		case tc.generated:
			if !tok.Generated || len(tok.Value) < 40 {
				t.Errorf("generated token %+v", tok)
			}
		case tok.Value != tc.value:
			t.Errorf("%+v: token %q, want %q", tc.cfg, tok.Value, tc.value)
		}
	}
	open := dir + "/open"
	_ = os.WriteFile(open, []byte("open-token-0123456789abcdef"), 0o644)
	if tok, err := ResolveToken(config.Config{AuthTokenFile: open}); err != nil || !strings.Contains(tok.Warning, "chmod 600") {
		t.Errorf("a world-readable token file: %+v %v, want a warning", tok, err)
	}
	if tok, _ := ResolveToken(config.Config{AuthTokenFile: file}); tok.Warning != "" {
		t.Errorf("a 0600 token file: warning %q", tok.Warning)
	}
	if generateToken() == generateToken() {
		t.Error("two generated tokens are equal")
	}
}

func TestServeHTTPNeedsATokenOrNoAuth(t *testing.T) {
	s := probeServer(t, testConfig("http"))
	err := s.ServeHTTP(context.Background(), listen(t), Token{})
	if err == nil {
		t.Fatal("served without a token and without --no-auth")
	}
}

func TestNoAuthOnLoopback(t *testing.T) {
	cfg := testConfig("http")
	cfg.NoAuth = true
	s := probeServer(t, cfg)
	url := serveHTTP(t, s, Token{Source: "none"})
	c := httpClient(t, "http", url, "", mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	if res := callProbe(t, c, 1, nil); res.IsError {
		t.Fatal(res.Content)
	}
}

func TestNotFound(t *testing.T) {
	s := probeServer(t, testConfig("http"))
	url := serveHTTP(t, s, Token{Value: testToken})
	resp := post(t, strings.Replace(url, streamablePath, "/nope", 1), initBody, bearer(testToken))
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusNotFound || !bytes.Contains(b, []byte(streamablePath)) {
		t.Errorf("%d %s", resp.StatusCode, b)
	}
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("GET without a session: %d, want 400", resp.StatusCode)
	}
}
