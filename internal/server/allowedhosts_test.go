package server

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// TestAllowedHosts: behind a TLS proxy on the same host (Caddy and Traefik
// pass the Host header through), a loopback server accepts the hosts
// --allowed-hosts names, with or without a port, and still refuses others.
func TestAllowedHosts(t *testing.T) {
	for _, tr := range []string{"http", "sse"} {
		t.Run(tr, func(t *testing.T) {
			cfg := testConfig(tr)
			cfg.AllowedHosts = []string{"mcp.example.com", "other.example.com:8443"}
			s := probeServer(t, cfg)
			url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
			for host, want := range map[string]int{
				"mcp.example.com":        http.StatusOK,
				"MCP.example.com:443":    http.StatusOK,
				"other.example.com:8443": http.StatusOK,
				"other.example.com":      http.StatusForbidden, // the port was named
				"evil.example":           http.StatusForbidden,
				"mcp.example.com.evil":   http.StatusForbidden,
			} {
				if got := hostStatus(t, tr, url, host); got != want {
					t.Errorf("Host %s: %d, want %d", host, got, want)
				}
			}
		})
	}
	t.Run("not named", func(t *testing.T) {
		s := probeServer(t, testConfig("http"))
		url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
		if got := hostStatus(t, "http", url, "mcp.example.com"); got != http.StatusForbidden {
			t.Errorf("Host mcp.example.com without --allowed-hosts: %d, want 403", got)
		}
	})
}

// hostStatus is the status of initialize (streamable HTTP) or of opening
// the event stream (SSE) sent with the Host header host.
func hostStatus(t *testing.T, transport, url, host string) int {
	t.Helper()
	if transport == "http" {
		return post(t, url, initBody, with(bearer(testToken), "Host", host)).StatusCode
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.Host = host
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
