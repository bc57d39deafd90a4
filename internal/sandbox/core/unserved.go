package core

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// A request the sandbox does not serve faithfully is answered 501 Not
// Implemented with a body naming what, in the service's own error form: a
// client then fails on what is missing, instead of on a 404 or 405 a real
// cloud would not give, or on a 2xx that ignored part of what it asked.

// ServeOrRefuse routes a request through mux, and answers 501 for a request under
// Keystone's or a running service's prefix that no route takes (mux would
// say 404 or 405), or that its service refuses. The request carries its
// service, whose form NotServed answers in.
func (c *Cloud) ServeOrRefuse(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := slices.IndexFunc(c.running, func(sv Service) bool { return sv.Serves(r.URL.Path) })
		if i >= 0 {
			r = r.WithContext(context.WithValue(r.Context(), serviceKey{}, c.running[i]))
		}
		_, pattern := mux.Handler(r)
		if pattern == "" && (i >= 0 || identity.Serves(r.URL.Path)) {
			NotServed(w, r, "")
			return
		}
		if i >= 0 && c.running[i].Refuse != nil {
			if what := c.running[i].Refuse(r, pattern); what != "" {
				NotServed(w, r, "%s", what)
				return
			}
		}
		mux.ServeHTTP(w, r)
	})
}

// serviceKey is the context key of a request's service.
type serviceKey struct{}

// idSegment is a path segment that names one resource: a UUID, a hex ID
// (Keystone's, Cinder's project) or a number (Nova's flavors).
var idSegment = regexp.MustCompile(`^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}|[0-9]+)$`)

// requestShape is "METHOD /path" with the IDs in it written {id}, so that
// the message names the kind of request, not one resource.
func requestShape(r *http.Request) string {
	segs := strings.Split(r.URL.Path, "/")
	for i, seg := range segs {
		if idSegment.MatchString(seg) {
			segs[i] = "{id}"
		}
	}
	return r.Method + " " + strings.Join(segs, "/")
}

// NotServed answers 501: "the sandbox does not serve <what> (<request>)",
// or the request alone when what is "". The body has the form of the
// service's errors, so any client shows the message.
func NotServed(w http.ResponseWriter, r *http.Request, what string, args ...any) {
	msg := "the sandbox does not serve " + requestShape(r)
	if what != "" {
		msg = "the sandbox does not serve " + fmt.Sprintf(what, args...) + " (" + requestShape(r) + ")"
	}
	const status = http.StatusNotImplemented
	switch sv, _ := r.Context().Value(serviceKey{}).(Service); {
	case sv.Fault != nil:
		sv.Fault(w, r, status, msg)
	case identity.Serves(r.URL.Path):
		keystoneFault(w, status, "%s", msg)
	default:
		Fault(w, status, "%s", msg)
	}
}

// DecodeServed reads a JSON body into v as decode does, and answers 501
// naming a field v has no place for: a field the sandbox would otherwise
// drop while answering 2xx.
func DecodeServed(w http.ResponseWriter, r *http.Request, v any) bool {
	return DecodeServedOr(w, r, v, func(err error) {
		Fault(w, http.StatusBadRequest, "Malformed request body: %v", err)
	})
}

// DecodeServedOr is DecodeServed for a service whose refusal of a body
// that is no JSON of v's shape is its own (malformed answers it).
func DecodeServedOr(w http.ResponseWriter, r *http.Request, v any, malformed func(error)) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return true
	}
	// encoding/json says which field only in its message.
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		NotServed(w, r, "the field %s", field)
		return false
	}
	malformed(err)
	return false
}

// ServedTrue answers 501 when one of flags is false: field is one the
// sandbox models only as true (admin_state_up false: a disabled resource
// that would still serve).
func ServedTrue(w http.ResponseWriter, r *http.Request, field string, flags ...*bool) bool {
	for _, v := range flags {
		if v != nil && !*v {
			NotServed(w, r, "%s false", field)
			return false
		}
	}
	return true
}

// NoSuchAction answers a request for action: 501 for one the service has,
// its 400 for a word it does not know.
func NoSuchAction(w http.ResponseWriter, r *http.Request, action string, known []string) {
	if slices.Contains(known, action) {
		NotServed(w, r, "the %s action", action)
		return
	}
	Fault(w, http.StatusBadRequest, "There is no such action: %s", action)
}
