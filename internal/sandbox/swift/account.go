package swift

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Swift's API at /object/v1/AUTH_<project> (as Infomaniak lays it out: one
// host, a path per service): the account (its listing, metadata and the
// bulk delete), containers (containers.go), objects
// (objects.go), static large objects (slo.go) and temp URLs
// (tempurl.go). Answers follow the lab's samples
// (testdata/openstack/swift-*.txt).
//
// Object names reach the handlers through http.ServeMux, which redirects a
// path with "//", "." or ".." segments: such names, which Swift stores,
// are not served here.
func (s *api) routeAccount(mux *http.ServeMux) {
	p := swiftPrefix + "/{account}"
	mux.HandleFunc("GET "+p, s.swift(s.getAccount))
	mux.HandleFunc("GET "+p+"/{$}", s.swift(s.getAccount))
	mux.HandleFunc("POST "+p, s.swift(s.postAccount))
	mux.HandleFunc("POST "+p+"/{$}", s.swift(s.postAccount))
	mux.HandleFunc("PUT "+p+"/{container}", s.swift(s.putContainer))
	mux.HandleFunc("GET "+p+"/{container}", s.swift(s.getContainer))
	mux.HandleFunc("POST "+p+"/{container}", s.swift(s.postContainer))
	mux.HandleFunc("DELETE "+p+"/{container}", s.swift(s.deleteContainer))
	mux.HandleFunc("PUT "+p+"/{container}/{object...}", s.swift(s.putObject))
	mux.HandleFunc("GET "+p+"/{container}/{object...}", s.swift(s.getObject))
	mux.HandleFunc("DELETE "+p+"/{container}/{object...}", s.swift(s.deleteObject))
}

// swiftPrefix is where the sandbox's Swift answers; a temp URL is signed
// over the path from /v1/ on, as behind Infomaniak's proxy.
const swiftPrefix = "/object/v1"

// swiftError answers as Swift's proxy does: a short HTML page for the
// statuses it words that way, plain text for messages.
func swiftError(w http.ResponseWriter, status int) {
	body := map[int]string{
		400: "<html><h1>Bad Request</h1><p>The server could not comply with the request since it is either malformed or otherwise incorrect.</p></html>",
		401: "<html><h1>Unauthorized</h1><p>This server could not verify that you are authorized to access the document you requested.</p></html>",
		403: "<html><h1>Forbidden</h1><p>Access was denied to this resource.</p></html>",
		404: "<html><h1>Not Found</h1><p>The resource could not be found.</p></html>",
		409: "<html><h1>Conflict</h1><p>There was a conflict when trying to complete your request.</p></html>",
		413: "<html><h1>Request Entity Too Large</h1><p>The body of your request was too large for this server.</p></html>",
		422: "<html><h1>Unprocessable Entity</h1><p>Unable to process the contained instructions</p></html>",
	}[status]
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// swiftText answers status with a plain message, as Swift's constraint
// checks do ("Object name length of 1025 longer than 1024").
func swiftText(w http.ResponseWriter, status int, contentType, msg string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(msg)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg))
}

// swiftAccess is how a request may touch the account: as its owner (a
// valid token of the project), or anonymously, which public containers
// and temp URLs allow.
type swiftAccess struct{ owner bool }

// swift wraps a Swift handler: the account must be the project's, and a
// request without a valid token goes on anonymously (the handlers decide
// what a public container or a temp URL allows; the rest is 401, as
// keystoneauth answers with delay_auth_decision).
func (s *api) swift(h func(w http.ResponseWriter, r *http.Request, st *swiftState, a swiftAccess)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Trans-Id", "tx"+strings.ReplaceAll(core.NewID(), "-", "")[:21])
		owner := false
		if tok := r.Header.Get("X-Auth-Token"); tok != "" {
			if !s.TokenValid(tok) {
				s.swiftUnauthorized(w)
				return
			}
			owner = true
		}
		if r.PathValue("account") != "AUTH_"+s.ProjectID() {
			if owner {
				swiftError(w, http.StatusForbidden)
			} else {
				s.swiftUnauthorized(w)
			}
			return
		}
		s.Mu.Lock()
		defer s.Mu.Unlock()
		st := &s.account
		st.init(s.Now())
		h(w, r, st, swiftAccess{owner: owner})
	}
}

func (s *api) swiftUnauthorized(w http.ResponseWriter) {
	w.Header().Set("Www-Authenticate", `Swift realm="AUTH_`+s.ProjectID()+`"`)
	swiftError(w, http.StatusUnauthorized)
}

func (s *api) accountHeaders(h http.Header, st *swiftState) {
	var objects, bytes int64
	for _, c := range st.containers {
		objects += c.count
		bytes += c.bytes
	}
	h.Set("X-Account-Container-Count", strconv.Itoa(len(st.containers)))
	h.Set("X-Account-Object-Count", strconv.FormatInt(objects, 10))
	h.Set("X-Account-Bytes-Used", strconv.FormatInt(bytes, 10))
	h.Set("X-Timestamp", swiftTimestamp(st.created))
	metaHeaders(h, "X-Account-Meta-", st.meta)
	h.Set("Accept-Ranges", "bytes")
}

// getAccount is HEAD and GET of the account: its counts and metadata, and
// on GET the containers (JSON with format=json, else one name a line).
func (s *api) getAccount(w http.ResponseWriter, r *http.Request, st *swiftState, a swiftAccess) {
	if !a.owner {
		s.swiftUnauthorized(w)
		return
	}
	s.accountHeaders(w.Header(), st)
	answerListing(w, r, st.names, func(name string) map[string]any {
		c := st.containers[name]
		return map[string]any{"name": c.name, "count": c.count, "bytes": c.bytes,
			"last_modified": swiftLastModified(c.modified)}
	})
}

// postAccount sets the account's metadata (the temp URL keys among it), or
// is a bulk delete (?bulk-delete).
func (s *api) postAccount(w http.ResponseWriter, r *http.Request, st *swiftState, a swiftAccess) {
	if !a.owner {
		s.swiftUnauthorized(w)
		return
	}
	if r.URL.Query().Has("bulk-delete") {
		s.bulkDelete(w, r, st)
		return
	}
	readMeta(r, "Account", st.meta)
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusNoContent)
}

// writeListing answers a listing: JSON for format=json (or an Accept of
// JSON), else the names one a line; 204 when a plain listing is empty.
func writeListing(w http.ResponseWriter, q listing, out []map[string]any, plain []string) {
	if q.json {
		if out == nil {
			out = []map[string]any{}
		}
		b, _ := json.Marshal(out)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(b)
		return
	}
	if len(plain) == 0 {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	body := strings.Join(plain, "\n") + "\n"
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(body))
}
