package httpedge

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
)

const testToken = "edge-test-token-0123456789"

func testConfig(t *testing.T, listen string) config.Config {
	t.Helper()
	c, err := config.Default(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	c.Transport, c.Listen = "http", listen
	return c
}

// edge is an Edge of cfg in front of a handler that answers 200 "next".
func edge(cfg config.Config, token string) *Edge {
	next := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("next")) })
	return New(cfg, token, slog.New(slog.DiscardHandler), next)
}

// serve sends r to e and returns its answer.
func serve(e http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	e.ServeHTTP(w, r)
	return w
}

func request(method, target string, headers ...string) *http.Request {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	return r
}

// TestEdgeChecksInOrder: each check of the edge answers on its own, in
// plain HTTP, before the handler behind it sees the request.
func TestEdgeChecksInOrder(t *testing.T) {
	cfg := testConfig(t, "127.0.0.1:8080")
	e := edge(cfg, testToken)
	bearer := "Bearer " + testToken
	for _, c := range []struct {
		name   string
		r      *http.Request
		status int
		has    string // in the body, or a header's value
	}{
		{"health needs no token", request("GET", "http://127.0.0.1:8080/healthz"), 200, "ok"},
		{"probes answer GET", request("POST", "http://127.0.0.1:8080/readyz"), 405, "answers GET"},
		{"a foreign Host is refused", request("POST", "http://evil.example:8080/mcp", "Authorization", bearer), 403, "host evil.example:8080"},
		{"a foreign Origin is refused", request("POST", "http://127.0.0.1:8080/mcp", "Origin", "https://evil.example", "Authorization", bearer), 403, "--allowed-origin"},
		{"a preflight of a local page", request("OPTIONS", "http://127.0.0.1:8080/mcp", "Origin", "http://localhost:3000"), 204, ""},
		{"no token", request("POST", "http://127.0.0.1:8080/mcp"), 401, "needs Authorization: Bearer"},
		{"a wrong token", request("POST", "http://127.0.0.1:8080/mcp", "Authorization", bearer+"x"), 401, "needs Authorization: Bearer"},
		{"the token", request("POST", "http://127.0.0.1:8080/mcp", "Authorization", bearer), 200, "next"},
	} {
		w := serve(e, c.r)
		if w.Code != c.status || !strings.Contains(w.Body.String(), c.has) {
			t.Errorf("%s: %d %s, want %d with %q", c.name, w.Code, w.Body, c.status, c.has)
		}
	}
	w := serve(e, request("POST", "http://127.0.0.1:8080/mcp", "Authorization", bearer+"x"))
	if got := w.Header().Get("WWW-Authenticate"); got != `Bearer realm="mcp-infomaniak", error="invalid_token"` {
		t.Errorf("challenge of a wrong token: %q", got)
	}
}

// TestProbes: /healthz and /readyz answer without a token; /readyz turns
// 503 once the server drains.
func TestProbes(t *testing.T) {
	tr := edge(testConfig(t, "127.0.0.1:8080"), testToken)
	get := func(path string) int {
		req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1"+path, nil)
		w := httptest.NewRecorder()
		tr.ServeHTTP(w, req)
		return w.Code
	}
	if got := get(HealthPath); got != http.StatusOK {
		t.Errorf("%s: %d", HealthPath, got)
	}
	if got := get(ReadyPath); got != http.StatusOK {
		t.Errorf("%s: %d", ReadyPath, got)
	}
	if got := get("/mcp"); got == http.StatusOK {
		t.Errorf("%s without a token: %d", "/mcp", got)
	}
	tr.Drain()
	if got := get(ReadyPath); got != http.StatusServiceUnavailable {
		t.Errorf("%s while draining: %d, want 503", ReadyPath, got)
	}
	if got := get(HealthPath); got != http.StatusOK {
		t.Errorf("%s while draining: %d, want 200", HealthPath, got)
	}
}

func TestOriginPolicyOffLoopback(t *testing.T) {
	cfg := testConfig(t, "0.0.0.0:8080")
	cfg.AllowedOrigins = []string{"https://App.Example.com/"}
	p := newOriginPolicy(cfg)
	for origin, want := range map[string]bool{
		"http://localhost:3000":   false, // localhost is someone else's machine for a remote client
		"https://app.example.com": true,
		"https://app.example.org": false,
	} {
		if got := p.allowsOrigin(origin); got != want {
			t.Errorf("%s: %v, want %v", origin, got, want)
		}
	}
	if !p.allowsHost("mcp.example.com:8080", false) {
		t.Error("off loopback, any Host is fine")
	}
	if p.allowsHost("mcp.example.com:8080", true) {
		t.Error("over a loopback connection, a foreign Host is refused (DNS rebinding)")
	}
}

func TestBearerCheck(t *testing.T) {
	a := newBearerAuth(testToken)
	for header, want := range map[string]string{
		"":                                     "missing",
		"Bearer " + testToken:                  "",
		"bearer " + testToken:                  "",
		"Bearer  " + testToken + " ":           "",
		"Bearer " + testToken + "x":            "wrong",
		"Bearer":                               "malformed",
		"Token " + testToken:                   "malformed",
		"Bearer " + strings.ToUpper(testToken): "wrong",
	} {
		r, _ := http.NewRequest(http.MethodGet, "/", nil)
		if header != "" {
			r.Header.Set("Authorization", header)
		}
		if got := a.check(r); got != want {
			t.Errorf("%q: %q, want %q", header, got, want)
		}
	}
}
