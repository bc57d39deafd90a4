package core

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// identity is Keystone, the catalog's first entry.
var identity = Service{Name: "identity", Prefix: "/identity", Entries: []CatalogEntry{{"identity", "keystone", "/identity/v3/"}}}

// routeKeystone registers the Keystone v3 subset: version documents, POST
// /v3/auth/tokens with the password, application_credential and token
// methods, the projects of a token, and EC2 credentials.
func (s *Cloud) routeKeystone(mux *http.ServeMux) {
	mux.HandleFunc("GET /identity", s.identityVersions)
	mux.HandleFunc("GET /identity/{$}", s.identityVersions)
	mux.HandleFunc("GET /identity/v3", s.identityVersion)
	mux.HandleFunc("GET /identity/v3/{$}", s.identityVersion)
	mux.HandleFunc("POST /identity/v3/auth/tokens", s.issueToken)
	mux.HandleFunc("GET /identity/v3/auth/tokens", s.Authed(s.validateToken))
	mux.HandleFunc("GET /identity/v3/auth/projects", s.Authed(s.authProjects))
	s.routeEC2(mux)
}

func (s *Cloud) identityVersionDoc(r *http.Request) map[string]any {
	return map[string]any{
		"id": "v3.14", "status": "stable", "updated": "2020-04-07T00:00:00Z",
		"links":       []map[string]string{{"rel": "self", "href": BaseURL(r) + "/identity/v3/"}},
		"media-types": []map[string]string{{"base": "application/json", "type": "application/vnd.openstack.identity-v3+json"}},
	}
}

func (s *Cloud) identityVersions(w http.ResponseWriter, r *http.Request) {
	WriteJSON(w, http.StatusMultipleChoices, map[string]any{"versions": map[string]any{"values": []any{s.identityVersionDoc(r)}}})
}

func (s *Cloud) identityVersion(w http.ResponseWriter, r *http.Request) {
	WriteJSON(w, http.StatusOK, map[string]any{"version": s.identityVersionDoc(r)})
}

type authRequest struct {
	Auth struct {
		Identity struct {
			Methods  []string `json:"methods"`
			Password *struct {
				User struct {
					ID       string `json:"id"`
					Name     string `json:"name"`
					Password string `json:"password"`
				} `json:"user"`
			} `json:"password"`
			AppCred *struct {
				ID     string `json:"id"`
				Name   string `json:"name"`
				Secret string `json:"secret"`
			} `json:"application_credential"`
			Token *struct {
				ID string `json:"id"`
			} `json:"token"`
		} `json:"identity"`
		Scope *struct {
			Project *struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"project"`
		} `json:"scope"`
	} `json:"auth"`
}

func unauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Keystone uri="/identity/v3"`)
	WriteJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]any{
		"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}})
}

func same(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func (s *Cloud) issueToken(w http.ResponseWriter, r *http.Request) {
	var req authRequest
	if !Decode(w, r, &req) {
		return
	}
	id := req.Auth.Identity
	o := s.opts
	ok, method := false, ""
	switch {
	case id.AppCred != nil:
		method = "application_credential"
		ok = (same(id.AppCred.ID, o.AppCredentialID) || (id.AppCred.ID == "" && id.AppCred.Name != "")) &&
			same(id.AppCred.Secret, o.AppCredentialSecret)
	case id.Password != nil:
		method = "password"
		u := id.Password.User
		ok = (u.Name == o.Username || u.ID == s.userID) && same(u.Password, o.Password)
	case id.Token != nil:
		method = "token"
		s.Mu.Lock()
		exp, found := s.tokens[id.Token.ID]
		s.Mu.Unlock()
		ok = found && s.Now().Before(exp)
	}
	if !ok {
		unauthorized(w)
		return
	}
	if sc := req.Auth.Scope; sc != nil && sc.Project != nil && method != "application_credential" {
		if sc.Project.ID != "" && sc.Project.ID != s.projectID || sc.Project.ID == "" && sc.Project.Name != o.Project {
			unauthorized(w)
			return
		}
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	token := "gAAAAA" + hex.EncodeToString(b[:])
	issued := s.Now()
	expires := issued.Add(o.TokenTTL)
	s.Mu.Lock()
	s.tokens[token] = expires
	s.delegated[token] = method == "application_credential"
	s.stats.Tokens++
	s.Mu.Unlock()
	w.Header().Set("X-Subject-Token", token)
	WriteJSON(w, http.StatusCreated, map[string]any{"token": s.tokenBody(r, method, issued, expires)})
}

func (s *Cloud) tokenBody(r *http.Request, method string, issued, expires time.Time) map[string]any {
	domain := map[string]string{"id": "default", "name": "Default"}
	return map[string]any{
		"methods":    []string{method},
		"user":       map[string]any{"domain": domain, "id": s.userID, "name": s.opts.Username, "password_expires_at": nil},
		"audit_ids":  []string{NewID()[:22]},
		"expires_at": expires.UTC().Format("2006-01-02T15:04:05.000000Z"),
		"issued_at":  issued.UTC().Format("2006-01-02T15:04:05.000000Z"),
		"project":    map[string]any{"domain": domain, "id": s.projectID, "name": s.opts.Project},
		"is_domain":  false,
		"roles": []map[string]string{
			{"id": StableID("role", "member"), "name": "member"},
			{"id": StableID("role", "reader"), "name": "reader"},
		},
		"catalog": s.catalog(r),
	}
}

// catalog lists Keystone and every service this sandbox runs, at this host,
// as Infomaniak lays them out (one host, a path per service), so the
// sandbox works on any port and behind a proxy.
func (s *Cloud) catalog(r *http.Request) []map[string]any {
	base := BaseURL(r)
	entry := func(typ, name, url string) map[string]any {
		var eps []map[string]string
		for _, iface := range []string{"public", "internal", "admin"} {
			eps = append(eps, map[string]string{"id": StableID("endpoint", typ+iface), "interface": iface,
				"region_id": s.opts.Region, "region": s.opts.Region, "url": url})
		}
		return map[string]any{"endpoints": eps, "id": StableID("service", typ), "type": typ, "name": name}
	}
	var out []map[string]any
	for _, sv := range append([]Service{identity}, s.running...) {
		for _, e := range sv.Entries {
			out = append(out, entry(e.Type, e.Name, base+strings.ReplaceAll(e.Path, "{project_id}", s.projectID)))
		}
	}
	return out
}

// RevokeTokens ends every token issued so far, as a Keystone whose keys
// were rotated does: each client's next request is a 401, and it must
// authenticate again. Tests of re-authentication call it between steps
// instead of racing a short token life against the machine's load.
func (s *Cloud) RevokeTokens() {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	clear(s.tokens)
}

func (s *Cloud) validateToken(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("X-Subject-Token")
	s.Mu.Lock()
	exp, ok := s.tokens[tok]
	s.Mu.Unlock()
	if !ok || !s.Now().Before(exp) {
		Fault(w, http.StatusNotFound, "Could not find token: %s.", tok)
		return
	}
	w.Header().Set("X-Subject-Token", tok)
	WriteJSON(w, http.StatusOK, map[string]any{"token": s.tokenBody(r, "token", s.Now(), exp)})
}

// TokenValid reports whether tok is a token Keystone issued that has not
// expired.
func (s *Cloud) TokenValid(tok string) bool {
	s.Mu.Lock()
	exp, ok := s.tokens[tok]
	s.Mu.Unlock()
	return ok && s.Now().Before(exp)
}

// Authed requires a valid X-Auth-Token, as keystonemiddleware does in front
// of every service.
func (s *Cloud) Authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.TokenValid(r.Header.Get("X-Auth-Token")) {
			unauthorized(w)
			return
		}
		h(w, r)
	}
}

// count records the request and sets the request id header of every answer.
func (s *Cloud) count(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Mu.Lock()
		s.stats.Requests++
		s.stats.ByRoute[r.Method+" "+routeKey(r.URL.Path)]++
		s.Mu.Unlock()
		w.Header().Set("X-Openstack-Request-Id", RequestID())
		next.ServeHTTP(w, r)
	})
}

// routeKey replaces IDs in a path by {id}, so counters group by route.
func routeKey(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if IsID(p) {
			parts[i] = "{id}"
		}
	}
	return strings.Join(parts, "/")
}

// IsID reports whether p looks like a UUID (with or without dashes).
func IsID(p string) bool {
	h := strings.ReplaceAll(p, "-", "")
	if len(h) != 32 {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil
}
