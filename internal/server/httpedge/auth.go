package httpedge

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// bearerAuth checks Authorization: Bearer <token> in constant time.
type bearerAuth struct {
	sum [sha256.Size]byte // of the token: compares in time independent of both lengths
}

func newBearerAuth(token string) *bearerAuth {
	return &bearerAuth{sum: sha256.Sum256([]byte(token))}
}

// check returns "" when r carries the token, else why not ("missing",
// "malformed", "wrong"): words to log, never the header itself.
func (a *bearerAuth) check(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "missing"
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "malformed"
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	if subtle.ConstantTimeCompare(got[:], a.sum[:]) != 1 {
		return "wrong"
	}
	return ""
}

// unauthorized answers 401 with the challenge RFC 6750 asks for.
func unauthorized(w http.ResponseWriter, reason string) {
	challenge := `Bearer realm="mcp-infomaniak"`
	if reason != "missing" {
		challenge += `, error="invalid_token"`
	}
	w.Header().Set("WWW-Authenticate", challenge)
	Error(w, http.StatusUnauthorized, "unauthorized",
		"this server needs Authorization: Bearer <token> (the token printed at start, or the one in MCP_INFOMANIAK_AUTH_TOKEN / --auth-token-file)")
}
