package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// TestSessionsAcrossReplicas: a 2025-era session started on one replica
// is accepted by another replica with the same token, which knows what
// the client declared; a replica with another token, or a made-up ID, is
// refused.
func TestSessionsAcrossReplicas(t *testing.T) {
	a := serveHTTP(t, probeServer(t, testConfig("http")), Token{Value: testToken, Source: "test"})
	b := serveHTTP(t, probeServer(t, testConfig("http")), Token{Value: testToken, Source: "test"})
	const other = "another-token-0123456789abcdef"
	c := serveHTTP(t, probeServer(t, testConfig("http")), Token{Value: other, Source: "test"})

	withElicitation := strings.Replace(initBody, `"capabilities":{}`, `"capabilities":{"elicitation":{}}`, 1)
	resp := post(t, a, withElicitation, bearer(testToken))
	sid := resp.Header.Get("Mcp-Session-Id")
	if resp.StatusCode != http.StatusOK || sid == "" {
		t.Fatalf("initialize on a: %d %q", resp.StatusCode, sid)
	}
	call := `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"progress_probe","arguments":{"steps":2},"_meta":{"progressToken":"t"}}}`
	h := with(with(bearer(testToken), "Mcp-Session-Id", sid), "Mcp-Protocol-Version", mcp.ProtocolVersion20251125)
	resp = post(t, b, call, h)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || strings.Count(string(body), "notifications/progress") != 2 || !strings.Contains(string(body), `"sent":2`) {
		t.Fatalf("the call on b: %d\n%s", resp.StatusCode, body)
	}

	for name, tc := range map[string]struct{ url, token, sid string }{
		"another token":   {c, other, sid},
		"made-up":         {b, testToken, sessionPrefix + "AQEAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA"},
		"tampered flags":  {b, testToken, strings.Replace(sid, sid[len(sessionPrefix):len(sessionPrefix)+3], "AQA", 1)},
		"not ours at all": {b, testToken, "mcp-session-0123"},
	} {
		h := with(with(bearer(tc.token), "Mcp-Session-Id", tc.sid), "Mcp-Protocol-Version", mcp.ProtocolVersion20251125)
		if resp := post(t, tc.url, call, h); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", name, resp.StatusCode)
		}
	}

	tbl := newSessionTable(testToken)
	if flags, ok := tbl.parse(sid); !ok || flags&flagElicitation == 0 {
		t.Errorf("the ID does not say the client elicits: %v %v", flags, ok)
	}
	plain := post(t, a, initBody, bearer(testToken)).Header.Get("Mcp-Session-Id")
	if flags, ok := tbl.parse(plain); !ok || flags != 0 {
		t.Errorf("a client without elicitation: flags %v %v", flags, ok)
	}
}

// TestProbes: /healthz and /readyz answer without a token; /readyz turns
// 503 once the server drains.
func TestProbes(t *testing.T) {
	s := probeServer(t, testConfig("http"))
	tr := s.newHTTPTransport(Token{Value: testToken})
	get := func(path string) int {
		req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1"+path, nil)
		w := httptest.NewRecorder()
		tr.ServeHTTP(w, req)
		return w.Code
	}
	if got := get(healthPath); got != http.StatusOK {
		t.Errorf("%s: %d", healthPath, got)
	}
	if got := get(ReadyPath); got != http.StatusOK {
		t.Errorf("%s: %d", ReadyPath, got)
	}
	if got := get(streamablePath); got == http.StatusOK {
		t.Errorf("%s without a token: %d", streamablePath, got)
	}
	tr.draining.Store(true)
	if got := get(ReadyPath); got != http.StatusServiceUnavailable {
		t.Errorf("%s while draining: %d, want 503", ReadyPath, got)
	}
	if got := get(healthPath); got != http.StatusOK {
		t.Errorf("%s while draining: %d, want 200", healthPath, got)
	}
}
