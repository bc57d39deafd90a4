package server

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
)

// TestIdleSessionReclaimedWhenFull: at --max-sessions, a new session is
// refused while the others are in use, and gets the place of the session
// idle longest once it has been idle a tenth of --session-idle-ttl (not
// the whole TTL); a session holding a GET stream is never taken.
func TestIdleSessionReclaimedWhenFull(t *testing.T) {
	cfg := testConfig("http")
	cfg.MaxSessions = 2
	cfg.SessionIdleTTL = 20 * time.Second // reclaimed after 2 s idle; the sweep would take 20 s
	s := probeServer(t, cfg)
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	auth := bearer(testToken)
	initialize := func() (*http.Response, string) {
		resp := post(t, url, initBody, auth)
		return resp, resp.Header.Get("Mcp-Session-Id")
	}
	_, idle := initialize()
	_, streaming := initialize()
	// The second session holds a GET stream open.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Mcp-Session-Id", streaming)
	req.Header.Set("Mcp-Protocol-Version", mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	stream, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	if stream.StatusCode != http.StatusOK {
		t.Fatalf("GET stream: %d", stream.StatusCode)
	}

	if resp, _ := initialize(); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("a third session while both are fresh: %d, want 503", resp.StatusCode)
	}
	var third string
	deadline := time.Now().Add(15 * time.Second)
	for third == "" {
		if time.Now().After(deadline) {
			t.Fatal("no session reclaimed in 15 s")
		}
		time.Sleep(100 * time.Millisecond)
		if resp, id := initialize(); resp.StatusCode == http.StatusOK {
			third = id
		}
	}
	h := with(auth, "Mcp-Protocol-Version", mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	ping := `{"jsonrpc":"2.0","id":2,"method":"ping"}`
	if resp := post(t, url, ping, with(h, "Mcp-Session-Id", idle)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the idle session after it was reclaimed: %d, want 404", resp.StatusCode)
	}
	for _, id := range []string{streaming, third} {
		if resp := post(t, url, ping, with(h, "Mcp-Session-Id", id)); resp.StatusCode != http.StatusOK {
			t.Errorf("session %s: %d, want 200", id, resp.StatusCode)
		}
	}
}
