package core

import (
	"bytes"
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// WriteJSON answers with status and v as JSON, and the request id header
// every OpenStack service sets. Like Python's json, it leaves <, > and &
// as they are (Glance's messages hold "<br />").
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if v != nil {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(v)
	}
}

// Fault answers as Nova and Cinder do: {"itemNotFound": {"code": 404, "message": ...}}.
func Fault(w http.ResponseWriter, status int, format string, args ...any) {
	name := map[int]string{
		400: "badRequest", 401: "unauthorized", 403: "forbidden", 404: "itemNotFound",
		405: "HTTPMethodNotAllowed", 406: "HTTPNotAcceptable", 409: "conflictingRequest",
		413: "overLimit", 429: "overLimit", 500: "computeFault", 501: "notImplemented", 503: "serviceUnavailable",
	}[status]
	if name == "" {
		name = "computeFault"
	}
	WriteJSON(w, status, map[string]any{name: map[string]any{"code": status, "message": fmt.Sprintf(format, args...)}})
}

// Decode reads a JSON body into v; on failure it answers 400 and returns false.
func Decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(v); err != nil {
		Fault(w, http.StatusBadRequest, "Malformed request body: %v", err)
		return false
	}
	return true
}

// Found is the resource the request's path names ({id}), looked up with
// byID; nil after answering Nova's and Cinder's 404, "<Kind> <id> could not
// be found.".
func Found[T any](w http.ResponseWriter, r *http.Request, kind string, byID func(string) *T) *T {
	id := r.PathValue("id")
	x := byID(id)
	if x == nil {
		Fault(w, http.StatusNotFound, "%s %s could not be found.", kind, id)
	}
	return x
}

// OneAction reads an action request's body, {"<action>": <argument>}: a
// body of any other form is a 400.
func OneAction(w http.ResponseWriter, r *http.Request) (action string, arg json.RawMessage, ok bool) {
	var body map[string]json.RawMessage
	if !Decode(w, r, &body) {
		return "", nil, false
	}
	if len(body) != 1 {
		Fault(w, http.StatusBadRequest, "Malformed request body")
		return "", nil, false
	}
	for k, a := range body {
		action, arg = k, a
	}
	return action, arg, true
}

func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// StableID is a UUID derived from a kind and a name, so seed data keeps its
// IDs across restarts.
func StableID(kind, name string) string {
	sum := sha1.Sum([]byte(kind + "/" + name))
	h := hex.EncodeToString(sum[:16])
	return h[:8] + "-" + h[8:12] + "-5" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

func RequestID() string { return "req-" + NewID() }

// Timestamp formats t as Nova and Cinder do (Nova: 2026-11-22T04:53:12Z).
func Timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// TimeMicro formats t as Cinder does: 2026-11-22T04:53:12.000000.
func TimeMicro(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000") }

// TimeMicroOrNull is an updated_at as Cinder and Designate show it:
// null until the first update, then as TimeMicro.
func TimeMicroOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return TimeMicro(t)
}

// BaseURL is the scheme and host the client used, so that links and the
// catalog work behind a proxy or on any port.
func BaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p != "" {
		scheme = p
	}
	host := r.Host
	if h := r.Header.Get("X-Forwarded-Host"); h != "" {
		host = h
	}
	return scheme + "://" + host
}

// NextLink is the "next" link Nova and Cinder add to a truncated page.
func NextLink(r *http.Request, marker string) []map[string]string {
	q := r.URL.Query()
	q.Set("marker", marker)
	return []map[string]string{{"rel": "next", "href": BaseURL(r) + r.URL.Path + "?" + q.Encode()}}
}

// Microversion reads the requested microversion of service ("compute",
// "volume") from the request; it answers 406 and returns false when the
// request asks for more than max.
func Microversion(w http.ResponseWriter, r *http.Request, service, min, max string) (string, bool) {
	v := min
	if h := r.Header.Get("OpenStack-API-Version"); h != "" {
		f := strings.Fields(h)
		if len(f) == 2 && strings.EqualFold(f[0], service) {
			v = f[1]
		}
	} else if service == "compute" && r.Header.Get("X-OpenStack-Nova-API-Version") != "" {
		v = r.Header.Get("X-OpenStack-Nova-API-Version")
	}
	if v == "latest" {
		v = max
	}
	if !VersionLE(min, v) || !VersionLE(v, max) {
		Fault(w, http.StatusNotAcceptable, "Version %s is not supported by the API. Minimum is %s and maximum is %s.", v, min, max)
		return "", false
	}
	w.Header().Set("OpenStack-API-Version", service+" "+v)
	w.Header().Set("Vary", "OpenStack-API-Version")
	if service == "compute" {
		w.Header().Set("X-OpenStack-Nova-API-Version", v)
	}
	return v, true
}

// VersionLE compares microversions "2.47" ≤ "2.79".
func VersionLE(a, b string) bool {
	am, an := splitVersion(a)
	bm, bn := splitVersion(b)
	return am < bm || (am == bm && an <= bn)
}

func splitVersion(v string) (int, int) {
	maj, mn, _ := strings.Cut(v, ".")
	x, _ := strconv.Atoi(maj)
	y, _ := strconv.Atoi(mn)
	return x, y
}

// StrictJSON decodes an action's argument, refusing keys v does not have,
// as Nova's request schemas do (additionalProperties: false).
func StrictJSON(arg json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(arg))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// CompactJSON is v as JSON on one line, as the services quote a request's
// part in a message.
func CompactJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
