package httpedge

import (
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
)

// originPolicy is the MCP spec's defence against DNS rebinding and against
// web pages driving the server from a visitor's browser: a request whose
// Origin is not allowed is refused with 403. Requests without Origin come
// from programs, not browsers, and pass (the token still applies).
type originPolicy struct {
	loopback bool            // listening on loopback: localhost origins are allowed, and Host must be local
	allowed  map[string]bool // --allowed-origin, normalised
	hosts    map[string]bool // --allowed-hosts, normalised: name or name:port
}

func newOriginPolicy(cfg config.Config) originPolicy {
	host, _, _ := net.SplitHostPort(cfg.Listen)
	p := originPolicy{loopback: config.IsLoopbackHost(host), allowed: map[string]bool{}, hosts: map[string]bool{}}
	for _, h := range cfg.AllowedHosts {
		if n, err := config.NormalizeHost(h); err == nil {
			p.hosts[n] = true
		}
	}
	for _, o := range cfg.AllowedOrigins {
		if n, err := config.NormalizeOrigin(o); err == nil {
			p.allowed[n] = true
		}
	}
	return p
}

// allowsOrigin reports whether a browser page of origin may call us.
func (p originPolicy) allowsOrigin(origin string) bool {
	n, err := config.NormalizeOrigin(origin)
	if err != nil {
		return false // "null" (sandboxed frames, file://) and anything malformed
	}
	if p.allowed[n] {
		return true
	}
	if p.loopback {
		u, _ := url.Parse(n)
		return config.IsLoopbackHost(u.Hostname())
	}
	return false
}

// allowsHost reports whether the Host header is one a loopback server, or
// a request that came over loopback (overLoopback), can be reached by: a
// page that rebinds its own name to 127.0.0.1 still sends its own name as
// Host. A proxy on the same host that passes the Host through sends a name
// --allowed-hosts gives (any port, or the one named).
func (p originPolicy) allowsHost(host string, overLoopback bool) bool {
	if !p.loopback && !overLoopback {
		return true
	}
	host = strings.ToLower(host)
	h, _, err := net.SplitHostPort(host)
	if err != nil {
		h = host
	}
	return config.IsLoopbackHost(h) || p.hosts[h] || p.hosts[host]
}

// check refuses a foreign Origin or Host with 403 and answers CORS
// preflights of allowed origins. It reports whether the request goes on.
func (p originPolicy) check(w http.ResponseWriter, r *http.Request) (string, bool) {
	local, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	overLoopback := false
	if local != nil {
		h, _, _ := net.SplitHostPort(local.String())
		overLoopback = config.IsLoopbackHost(h)
	}
	if !p.allowsHost(r.Host, overLoopback) {
		return "host " + r.Host, false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return "", true
	}
	if !p.allowsOrigin(origin) {
		return "origin " + origin, false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Add("Vary", "Origin")
	h.Set("Access-Control-Expose-Headers", "Mcp-Session-Id, WWW-Authenticate")
	if r.Method == http.MethodOptions {
		h.Set("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID")
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return "", false
	}
	return "", true
}

func forbidden(w http.ResponseWriter, what string) {
	msg := "this server does not accept requests from " + what
	if strings.HasPrefix(what, "origin") {
		msg += "; an operator can allow it with --allowed-origin"
	}
	Error(w, http.StatusForbidden, "forbidden", msg)
}
