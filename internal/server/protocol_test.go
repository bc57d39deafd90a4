package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
)

// servedVersions are the protocol versions a client may speak to us over
// streamable HTTP: the stateless 2026-07-28 and the three before it.
var servedVersions = []string{
	mcp.ProtocolVersion20260728, mcp.ProtocolVersion20251125, mcp.ProtocolVersion20250618, mcp.ProtocolVersion20250326,
}

// TestProtocolVersions: a client asking for each version gets it, and a
// call with progress works: 2026-07-28 without a session, the others with
// one.
func TestProtocolVersions(t *testing.T) {
	s := probeServer(t, testConfig("http"))
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	for _, v := range servedVersions {
		t.Run(v, func(t *testing.T) {
			c, err := mcpclient.NewStreamableHttpClient(url, transport.WithHTTPHeaders(bearer(testToken)))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := c.Start(ctx); err != nil {
				t.Fatal(err)
			}
			res, err := calltest.Initialize(ctx, c, v, "test")
			if err != nil {
				t.Fatal(err)
			}
			if res.ProtocolVersion != v {
				t.Errorf("negotiated %s, want %s", res.ProtocolVersion, v)
			}
			if modern := mcp.IsModernProtocol(v); modern != (c.GetSessionId() == "") {
				t.Errorf("session id %q for %s", c.GetSessionId(), v)
			}
			var progress int
			c.OnNotification(func(n mcp.JSONRPCNotification) {
				if n.Method == "notifications/progress" {
					progress++
				}
			})
			if r := callProbe(t, c, 3, "p-"+v); r.IsError {
				t.Fatalf("call failed: %v", r.Content)
			}
			if progress != 3 {
				t.Errorf("%d progress notifications, want 3", progress)
			}
		})
	}
}

// modernPost posts a 2026-07-28 request (headers and _meta as the
// protocol wants them) and decodes its JSON result.
func modernPost(t *testing.T, url, method string, params map[string]any) map[string]json.RawMessage {
	t.Helper()
	if params == nil {
		params = map[string]any{}
	}
	params["_meta"] = map[string]any{
		mcp.MetaKeyProtocolVersion:    mcp.ProtocolVersion20260728,
		mcp.MetaKeyClientCapabilities: map[string]any{},
	}
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
	h := with(with(bearer(testToken), "Mcp-Protocol-Version", mcp.ProtocolVersion20260728), "Mcp-Method", method)
	return decodeResult(t, post(t, url, string(body), h))
}

func decodeResult(t *testing.T, resp *http.Response) map[string]json.RawMessage {
	t.Helper()
	b, _ := io.ReadAll(resp.Body)
	var m struct {
		Result map[string]json.RawMessage `json:"result"`
		Error  json.RawMessage            `json:"error"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &m) != nil || m.Result == nil {
		t.Fatalf("status %d: %s", resp.StatusCode, b)
	}
	return m.Result
}

// TestDiscoverAndListTTL: server/discover lists the versions served, and
// tools/list and server/discover carry the list TTL for 2026-07-28
// clients (only them: the field does not exist before).
func TestDiscoverAndListTTL(t *testing.T) {
	s := probeServer(t, testConfig("http"))
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	wantTTL := listTTL.Milliseconds()

	d := modernPost(t, url, "server/discover", nil)
	var versions []string
	_ = json.Unmarshal(d["supportedVersions"], &versions)
	for _, v := range servedVersions {
		if !slices.Contains(versions, v) {
			t.Errorf("server/discover: %s missing from %v", v, versions)
		}
	}
	if versions[0] != mcp.ProtocolVersion20260728 {
		t.Errorf("server/discover: newest first, got %v", versions)
	}
	for name, res := range map[string]map[string]json.RawMessage{
		"server/discover": d,
		"tools/list":      modernPost(t, url, "tools/list", nil),
	} {
		var ttl int64
		var scope string
		_ = json.Unmarshal(res["ttlMs"], &ttl)
		_ = json.Unmarshal(res["cacheScope"], &scope)
		if ttl != wantTTL || scope != string(mcp.CacheScopePrivate) {
			t.Errorf("%s: ttlMs %d cacheScope %q, want %d private", name, ttl, scope, wantTTL)
		}
	}

	// A 2025-11-25 session's tools/list has no TTL.
	resp := post(t, url, initBody, bearer(testToken))
	sid := resp.Header.Get("Mcp-Session-Id")
	h := with(with(bearer(testToken), "Mcp-Session-Id", sid), "Mcp-Protocol-Version", mcp.ProtocolVersion20251125)
	legacy := decodeResult(t, post(t, url, `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`, h))
	if _, ok := legacy["ttlMs"]; ok {
		t.Errorf("2025-11-25 tools/list carries ttlMs")
	}
	if _, ok := legacy["tools"]; !ok {
		t.Errorf("2025-11-25 tools/list: no tools")
	}
}
