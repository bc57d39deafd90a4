package swift

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

// Temp URLs, as Swift's tempurl middleware checks them: temp_url_sig is
// the HMAC (SHA-1, SHA-256 or SHA-512, hex, or "<digest>:<base64>") of
// "METHOD\nEXPIRES\n/v1/AUTH_<project>/<container>/<object>" with one of
// the account's or the container's temp URL keys; temp_url_expires is a
// Unix time not yet past. A HEAD is allowed by a GET, PUT or HEAD
// signature.

func isTempURL(r *http.Request) bool {
	q := r.URL.Query()
	return q.Has("temp_url_sig") || q.Has("temp_url_expires")
}

// tempURLAllows says whether r carries a valid temp URL for the object.
func (s *api) tempURLAllows(r *http.Request, st *swiftState, container, object string) bool {
	q := r.URL.Query()
	sig, exp := q.Get("temp_url_sig"), q.Get("temp_url_expires")
	if sig == "" || exp == "" {
		return false
	}
	expires, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || !s.Now().Before(time.Unix(expires, 0)) {
		return false
	}
	digest, mac, ok := tempURLSignature(sig)
	if !ok {
		return false
	}
	keys := []string{st.meta["temp-url-key"], st.meta["temp-url-key-2"]}
	if c := st.container(container); c != nil {
		keys = append(keys, c.meta["temp-url-key"], c.meta["temp-url-key-2"])
	}
	objPath := "/v1/AUTH_" + s.ProjectID() + "/" + container + "/" + object
	methods := []string{r.Method}
	if r.Method == http.MethodHead {
		methods = []string{http.MethodHead, http.MethodGet, http.MethodPut}
	}
	for _, key := range keys {
		if key == "" {
			continue
		}
		for _, m := range methods {
			h := hmac.New(digest, []byte(key))
			fmt.Fprintf(h, "%s\n%s\n%s", m, exp, objPath)
			if hmac.Equal(h.Sum(nil), mac) {
				return true
			}
		}
	}
	return false
}

// tempURLSignature decodes a signature: hex, whose length names the
// digest, or "sha1:", "sha256:" or "sha512:" and base64 (URL-safe).
func tempURLSignature(sig string) (func() hash.Hash, []byte, bool) {
	digests := map[string]func() hash.Hash{"sha1": sha1.New, "sha256": sha256.New, "sha512": sha512.New}
	if name, b64, found := strings.Cut(sig, ":"); found {
		d := digests[name]
		mac, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(b64, "="))
		return d, mac, d != nil && err == nil
	}
	mac, err := hex.DecodeString(sig)
	if err != nil {
		return nil, nil, false
	}
	d := map[int]func() hash.Hash{sha1.Size: sha1.New, sha256.Size: sha256.New, sha512.Size: sha512.New}[len(mac)]
	return d, mac, d != nil
}

// denyAnonymous answers a request without a token that nothing allowed:
// the tempurl middleware's words for a temp URL, keystoneauth's otherwise.
func (s *api) denyAnonymous(w http.ResponseWriter, r *http.Request) {
	if !isTempURL(r) {
		s.swiftUnauthorized(w)
		return
	}
	w.Header().Set("Www-Authenticate", `Swift realm="unknown"`)
	swiftText(w, http.StatusUnauthorized, "text/html; charset=UTF-8", "401 Unauthorized: Temp URL invalid\n")
}

// tempURLHeaders are what a GET through a temp URL adds: the object as an
// attachment named as its last path segment (or ?filename=), and the
// link's expiry.
func tempURLHeaders(h http.Header, r *http.Request, object string) {
	q := r.URL.Query()
	name := path.Base(object)
	if f := q.Get("filename"); f != "" {
		name = f
	}
	disposition := "attachment"
	if q.Has("inline") {
		disposition = "inline"
	}
	h.Set("Content-Disposition", fmt.Sprintf(`%s; filename="%s"; filename*=UTF-8''%s`,
		disposition, strings.ReplaceAll(name, `"`, `\"`), url.PathEscape(name)))
	if exp, err := strconv.ParseInt(q.Get("temp_url_expires"), 10, 64); err == nil {
		h.Set("Expires", time.Unix(exp, 0).UTC().Format(http.TimeFormat))
	}
}
