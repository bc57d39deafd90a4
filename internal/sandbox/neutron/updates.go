package neutron

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
)

// What Neutron's updates (PUT /<resources>/{id}) share: the body's checks
// before anything is looked up, the owner's policy, and a revision bumped
// only by a change that changes something.

// neutronUpdateDecoded reads {"<resource>": {...}} into v: a body without
// the resource is Neutron's 400, an attribute of readOnly its "Cannot
// update read-only attribute" 400, and any other outside served the
// sandbox's 501; false after answering.
func neutronUpdateDecoded(w http.ResponseWriter, r *http.Request, v any, resource string, readOnly []string, served ...string) bool {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	var outer map[string]map[string]json.RawMessage
	if err != nil || json.Unmarshal(b, &outer) != nil || json.Unmarshal(b, v) != nil {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Malformed JSON in request body.")
		return false
	}
	fields, ok := outer[resource]
	if !ok || fields == nil {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Unable to find '%s' in request body", resource)
		return false
	}
	for k := range fields {
		if slices.Contains(readOnly, k) {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Cannot update read-only attribute %s", k)
			return false
		}
	}
	return neutronFieldsServed(w, r, fields, resource, served...)
}

// ownsOrForbids answers Neutron's 403 when the project does not own what
// it sees (another project's shared network) and would change by rule.
func (s *api) ownsOrForbids(w http.ResponseWriter, owner, rule string) bool {
	if owner != s.ProjectID() {
		neutronFault(w, http.StatusForbidden, "PolicyNotAuthorized", "rule:%s is disallowed by policy", rule)
		return false
	}
	return true
}

// setIf sets *dst to *v when v is given and differs, and says whether it did.
func setIf[T comparable](dst *T, v *T) bool {
	if v == nil || *dst == *v {
		return false
	}
	*dst = *v
	return true
}

// isFalse says whether an optional boolean was given as false.
func isFalse(b *bool) bool { return b != nil && !*b }
