// Package httpedge is what an HTTP request meets before MCP: the probes,
// the refusal during a shutdown, the Origin and Host checks, the bearer
// token, the deadline of its body and the caps on connections. It is plain
// net/http and knows nothing of MCP: its tests run without it.
package httpedge

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"sync/atomic"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
)

// Edge is the http.Handler in front of the MCP transports: the probes, the
// shutdown, Origin and Host, and the token are checked here, in that
// order, before next sees a request.
type Edge struct {
	next     http.Handler
	log      *slog.Logger
	origins  originPolicy
	auth     *bearerAuth // nil without a token (--no-auth)
	draining atomic.Bool
}

// New puts the edge of cfg in front of next; token "" checks none.
func New(cfg config.Config, token string, log *slog.Logger, next http.Handler) *Edge {
	e := &Edge{next: next, log: log, origins: newOriginPolicy(cfg)}
	if token != "" {
		e.auth = newBearerAuth(token)
	}
	return e
}

// Drain refuses every request from now on with 503, /readyz included;
// /healthz still answers.
func (e *Edge) Drain() { e.draining.Store(true) }

func (e *Edge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if e.serveProbe(w, r) {
		return
	}
	if e.draining.Load() {
		shuttingDown(w)
		return
	}
	if what, ok := e.origins.check(w, r); !ok {
		if what != "" {
			e.log.Warn("request refused", "status", http.StatusForbidden, "reason", what, "remote", r.RemoteAddr, "path", r.URL.Path)
			forbidden(w, what)
		}
		return
	}
	if e.auth != nil {
		if reason := e.auth.check(r); reason != "" {
			// Only why: never the header, which may hold a near-miss of the token.
			e.log.Warn("request refused", "status", http.StatusUnauthorized, "reason", reason+" bearer token", "remote", r.RemoteAddr, "path", r.URL.Path)
			unauthorized(w, reason)
			return
		}
	}
	e.next.ServeHTTP(w, r)
}

func shuttingDown(w http.ResponseWriter) {
	w.Header().Set("Connection", "close")
	Error(w, http.StatusServiceUnavailable, "unavailable", "the server is shutting down")
}

// Error answers status with a small JSON body: a code word and a message
// that says what to do.
func Error(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "message": message})
}
