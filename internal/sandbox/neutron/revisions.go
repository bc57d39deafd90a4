package neutron

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Neutron's revision preconditions (the revision-if-match extension): a
// change sent with "If-Match: revision_number=N" is refused with 412 when
// the resource's revision is no longer N (neutron-security-group-update-
// stale-412.txt). The routes that check it are listed here; any other
// Neutron request with the header is a 501 (core/unserved.go, the service's Refuse), never a change
// made without the check.
var ifMatchRoutes = map[string]bool{
	"PUT /network/v2.0/security-groups/{id}":    true,
	"DELETE /network/v2.0/security-groups/{id}": true,
	"PUT /network/v2.0/ports/{id}":              true,
	"DELETE /network/v2.0/ports/{id}":           true,
	"PUT /network/v2.0/floatingips/{id}":        true,
	"DELETE /network/v2.0/floatingips/{id}":     true,
}

// revisionMatches answers Neutron's 412 and returns false when the
// request's If-Match names a revision other than current. Constraints of
// other forms are ignored, as Neutron does.
func revisionMatches(w http.ResponseWriter, r *http.Request, current int) bool {
	for _, c := range strings.Split(r.Header.Get("If-Match"), ",") {
		v, ok := strings.CutPrefix(strings.TrimSpace(c), "revision_number=")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Revision number constraint must be an integer, got %s", v)
			return false
		}
		if n != current {
			neutronFault(w, http.StatusPreconditionFailed, "RevisionNumberConstraintFailed", "Constrained to %d, but current revision is %d", n, current)
			return false
		}
	}
	return true
}

// ifMatchRefused names an If-Match the route a Neutron request goes to
// (pattern) would not check.
func ifMatchRefused(r *http.Request, pattern string) string {
	if r.Header.Get("If-Match") != "" && !ifMatchRoutes[pattern] {
		return "If-Match on this request"
	}
	return ""
}

// neutronFieldsServed answers 501 for a field of a Neutron request's
// resource object the handler would not apply, so that no change is half
// made; false after answering.
func neutronFieldsServed(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage, resource string, served ...string) bool {
	for k := range fields {
		if !slices.Contains(served, k) {
			core.NotServed(w, r, "%s in a %s's change", k, resource)
			return false
		}
	}
	return true
}

// neutronDecodeServed reads a Neutron body into v, as neutronDecode does,
// after refusing a body without the resource's object with Neutron's 400
// and the fields outside served with 501.
func neutronDecodeServed(w http.ResponseWriter, r *http.Request, v any, resource string, served ...string) bool {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil || json.Unmarshal(b, v) != nil {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Malformed JSON in request body.")
		return false
	}
	var outer map[string]json.RawMessage
	var fields map[string]json.RawMessage
	if json.Unmarshal(b, &outer) != nil || json.Unmarshal(outer[resource], &fields) != nil || fields == nil {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Resource body required")
		return false
	}
	return neutronFieldsServed(w, r, fields, resource, served...)
}
