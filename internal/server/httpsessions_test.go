package server

import (
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

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
		"tampered flags":  {b, testToken, strings.Replace(sid, sid[len(sessionPrefix):len(sessionPrefix)+3], "AgA", 1)},
		"not ours at all": {b, testToken, "mcp-session-0123"},
	} {
		h := with(with(bearer(tc.token), "Mcp-Session-Id", tc.sid), "Mcp-Protocol-Version", mcp.ProtocolVersion20251125)
		if resp := post(t, tc.url, call, h); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", name, resp.StatusCode)
		}
	}

	tbl := newSessionTable(testToken, 0)
	if flags, ok := tbl.parse(sid); !ok || flags&flagElicitation == 0 {
		t.Errorf("the ID does not say the client elicits: %v %v", flags, ok)
	}
	plain := post(t, a, initBody, bearer(testToken)).Header.Get("Mcp-Session-Id")
	if flags, ok := tbl.parse(plain); !ok || flags != 0 {
		t.Errorf("a client without elicitation: flags %v %v", flags, ok)
	}
}

// otherSpellings are the IDs that decode, leniently, to the same bytes as
// id: its parts' last characters with other spare bits.
func otherSpellings(id string) []string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	rest := strings.TrimPrefix(id, sessionPrefix)
	payload, mac, _ := strings.Cut(rest, ".")
	var out []string
	vary := func(part string, spell func(string) string) {
		want, _ := base64.RawURLEncoding.DecodeString(part)
		for _, c := range alphabet {
			alt := part[:len(part)-1] + string(c)
			if got, err := base64.RawURLEncoding.DecodeString(alt); alt != part && err == nil && string(got) == string(want) {
				out = append(out, spell(alt))
			}
		}
	}
	vary(payload, func(p string) string { return sessionPrefix + p + "." + mac })
	vary(mac, func(m string) string { return sessionPrefix + payload + "." + m })
	return out
}

// A session ID has one spelling, and its end lasts: the other base64
// spellings of the same signed bytes are refused, before and after DELETE.
func TestSessionIDOneSpellingAnEndThatLasts(t *testing.T) {
	url := serveHTTP(t, probeServer(t, testConfig("http")), Token{Value: testToken, Source: "test"})
	sid := post(t, url, initBody, bearer(testToken)).Header.Get("Mcp-Session-Id")
	ping := `{"jsonrpc":"2.0","id":3,"method":"ping"}`
	status := func(id string) int {
		h := with(with(bearer(testToken), "Mcp-Session-Id", id), "Mcp-Protocol-Version", mcp.ProtocolVersion20251125)
		return post(t, url, ping, h).StatusCode
	}
	others := otherSpellings(sid)
	if len(others) < 15 {
		t.Fatalf("%d other spellings of %s", len(others), sid)
	}
	if got := status(sid); got != http.StatusOK {
		t.Fatalf("the session: %d", got)
	}
	for _, o := range others {
		if got := status(o); got != http.StatusNotFound {
			t.Errorf("another spelling %s: %d, want 404", o, got)
		}
	}
	req, _ := http.NewRequest(http.MethodDelete, url, nil)
	for k, v := range with(bearer(testToken), "Mcp-Session-Id", sid) {
		req.Header.Set(k, v)
	}
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("DELETE: %v %v", resp, err)
	}
	accepted := 0
	for _, id := range append([]string{sid}, others...) {
		if status(id) != http.StatusNotFound {
			accepted++
		}
	}
	if accepted > 0 {
		t.Errorf("after DELETE, %d of %d spellings accepted", accepted, len(others)+1)
	}
}

// An ID expires --session-max-age after it was issued, on every replica;
// an ended one is refused until then, and forgotten after; a restarted
// replica, which forgot the end, accepts it until then (docs/deploy.md
// says so).
func TestSessionIDExpires(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	clock := func() time.Time { return now }
	tbl := newSessionTable(testToken, 2*time.Hour)
	tbl.now = clock
	id := tbl.issue(flagElicitation)
	ended := tbl.issue(0)
	_, _ = tbl.Terminate(ended)

	restarted := newSessionTable(testToken, 2*time.Hour)
	restarted.now = clock
	now = now.Add(2*time.Hour - time.Second)
	if !tbl.known(id) || tbl.known(ended) || !restarted.known(ended) {
		t.Errorf("within its life: live %v, ended %v, ended after a restart %v", tbl.known(id), tbl.known(ended), restarted.known(ended))
	}
	now = now.Add(2 * time.Second)
	if tbl.known(id) || restarted.known(ended) {
		t.Errorf("past its life: live %v, ended after a restart %v", tbl.known(id), restarted.known(ended))
	}
	_, _ = tbl.Terminate(id)
	if len(tbl.ended) != 0 {
		t.Errorf("expired ends still kept: %d", len(tbl.ended))
	}
	// Another replica's clock a little ahead is accepted; an ID from far in
	// the future is not.
	ahead := newSessionTable(testToken, 2*time.Hour)
	ahead.now = func() time.Time { return now.Add(30 * time.Second) }
	if !tbl.known(ahead.issue(0)) {
		t.Error("an ID issued 30 s ahead is refused")
	}
	ahead.now = func() time.Time { return now.Add(time.Hour) }
	if tbl.known(ahead.issue(0)) {
		t.Error("an ID issued an hour ahead is accepted")
	}
}
