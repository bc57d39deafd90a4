package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gophercloud/gophercloud/v2"
)

// Error codes a tool result carries in {"error": {"code": ...}}; see docs/design.md, "The tool contract".
const (
	CodeNotFound        = "not_found"
	CodeAmbiguous       = "ambiguous"
	CodeInvalidArgument = "invalid_argument"
	CodeConflict        = "conflict"
	CodeQuotaExceeded   = "quota_exceeded"
	CodeForbidden       = "forbidden"
	CodeUnauthenticated = "unauthenticated"
	CodeUnavailable     = "unavailable"
	CodeTimeout         = "timeout"
	CodeCancelled       = "cancelled"
	CodeInternal        = "internal"
)

// Error is a failure classified for an agent: a code it can branch on, the
// cloud's own message, a hint at what to do next and the request id that an
// operator can look up in the cloud's logs.
type Error struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Hint      string `json:"hint,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	// Details carries structured extras (candidate IDs of an ambiguous name,
	// the id and last status of a resource a wait gave up on).
	Details map[string]any `json:"details,omitempty"`
	cause   error
}

// Error is the message with its hint: "message (hint)", or "message; hint"
// when the hint has parentheses of its own, which are never nested.
func (e *Error) Error() string {
	switch {
	case e.Hint == "":
		return e.Message
	case strings.ContainsAny(e.Hint, "()"):
		return e.Message + "; " + e.Hint
	default:
		return e.Message + " (" + e.Hint + ")"
	}
}

func (e *Error) Unwrap() error { return e.cause }

// Errorf builds a classified error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WithHint returns e with a hint set; handy at the call site of Errorf.
func (e *Error) WithHint(hint string) *Error { e.Hint = hint; return e }

// Classify turns any error from gophercloud, the network or the context into
// an *Error. It never returns nil for a non-nil err.
func Classify(err error) *Error {
	if err == nil {
		return nil
	}
	var ce *Error
	if errors.As(err, &ce) {
		return ce
	}
	switch {
	case errors.Is(err, context.Canceled):
		return &Error{Code: CodeCancelled, Message: "the call was cancelled", cause: err}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Code: CodeTimeout, Message: "the cloud did not answer in time", cause: err,
			Hint: "try again; if it persists the cloud may be overloaded"}
	}
	// gophercloud's re-authentication errors do not unwrap: look inside.
	// gophercloud returns them as pointers; accept the value form too.
	var reauth gophercloud.ErrUnableToReauthenticate
	if p := new(gophercloud.ErrUnableToReauthenticate); errors.As(err, &p) {
		reauth = *p
	} else {
		_ = errors.As(err, &reauth)
	}
	if reauth.ErrReauth != nil {
		e := Classify(reauth.ErrReauth)
		if e.Code == CodeUnauthenticated || e.Code == CodeNotFound {
			e.Code = CodeUnauthenticated
			e.Message = "the token expired and the credentials were refused when renewing it: " + e.Message
			e.Hint = "the application credential may have expired or been revoked; create a new one"
		}
		return e
	}
	var after gophercloud.ErrErrorAfterReauthentication
	if p := new(gophercloud.ErrErrorAfterReauthentication); errors.As(err, &p) {
		after = *p
	} else {
		_ = errors.As(err, &after)
	}
	if after.ErrOriginal != nil {
		return Classify(after.ErrOriginal)
	}
	var resp gophercloud.ErrUnexpectedResponseCode
	if p := new(gophercloud.ErrUnexpectedResponseCode); errors.As(err, &p) {
		return fromResponse(*p, err)
	}
	if errors.As(err, &resp) {
		return fromResponse(resp, err)
	}
	var ep *gophercloud.ErrEndpointNotFound
	if errors.As(err, &ep) || strings.Contains(err.Error(), "No suitable endpoint") {
		return &Error{Code: CodeUnavailable, Message: "the cloud's catalog has no endpoint for this service in the selected region", cause: err,
			Hint: "check the region (--region); Infomaniak's are dc3-a and dc4-a"}
	}
	var netErr net.Error
	var urlErr *url.Error
	if errors.As(err, &netErr) || errors.As(err, &urlErr) {
		return &Error{Code: CodeUnavailable, Message: "cannot reach the cloud: " + err.Error(), cause: err,
			Hint: "try again; if it persists, check the network"}
	}
	return &Error{Code: CodeInternal, Message: err.Error(), cause: err}
}

func fromResponse(resp gophercloud.ErrUnexpectedResponseCode, cause error) *Error {
	msg := faultMessage(resp.Body)
	switch {
	case msg == "":
		msg = fmt.Sprintf("%s %s answered %d", resp.Method, trimURL(resp.URL), resp.Actual)
	case resp.Actual >= 500:
		// The cloud's own trouble: say which request met it.
		msg = fmt.Sprintf("%s %s answered %d: %s", resp.Method, trimURL(resp.URL), resp.Actual, msg)
	}
	msg = oneLine(msg) // the prefix may have taken a long message past the bound
	e := &Error{Message: msg, RequestID: requestID(resp.ResponseHeader), cause: cause}
	switch s := resp.Actual; {
	case s == http.StatusBadRequest:
		e.Code, e.Hint = CodeInvalidArgument, faultHint(msg)
	case s == http.StatusUnauthorized:
		e.Code, e.Hint = CodeUnauthenticated, "the credentials were refused: check them, or create a new application credential"
	case s == http.StatusForbidden && isQuota(msg):
		e.Code = CodeQuotaExceeded
	case s == http.StatusForbidden:
		e.Code, e.Hint = CodeForbidden, "the cloud's policy refuses this to these credentials"
	case s == http.StatusNotFound:
		e.Code = CodeNotFound
	case s == http.StatusConflict:
		e.Code = CodeConflict
	case s == http.StatusRequestEntityTooLarge && !isQuota(msg) && resp.ResponseHeader.Get("Retry-After") != "":
		e.Code, e.Hint = CodeUnavailable, "rate limited: try again later"
	case s == http.StatusRequestEntityTooLarge:
		e.Code, e.Hint = CodeQuotaExceeded, "free some resources or ask for a larger quota"
	case s == http.StatusTooManyRequests:
		e.Code, e.Hint = CodeUnavailable, "rate limited: try again later"
	case s == http.StatusBadGateway || s == http.StatusServiceUnavailable || s == http.StatusGatewayTimeout:
		e.Code, e.Hint = CodeUnavailable, "the cloud is temporarily unavailable: try again later"
	default:
		e.Code = CodeInternal
	}
	return e
}

func isQuota(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "quota") || strings.Contains(m, "exceeded")
}

// faultMessage extracts the human message from an OpenStack fault body. The
// services disagree on the shape: Nova and Cinder wrap {"code","message"} in
// a key naming the fault ("itemNotFound"), Neutron uses {"NeutronError":
// {"message"}}, Keystone {"error": {"message"}}, Glance answers text or HTML.
func faultMessage(body []byte) string {
	var outer map[string]json.RawMessage
	if json.Unmarshal(body, &outer) == nil {
		for _, v := range outer {
			var inner struct {
				Message string `json:"message"`
				Detail  string `json:"detail"`
			}
			if json.Unmarshal(v, &inner) == nil && inner.Message != "" {
				return oneLine(inner.Message)
			}
		}
		var flat struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(body, &flat) == nil && flat.Message != "" {
			return oneLine(flat.Message)
		}
		return ""
	}
	return oneLine(stripHTML(string(body)))
}

// stripHTML keeps the text of Glance's and webob's HTML error pages.
func stripHTML(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
			b.WriteRune(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 500 {
		cut := 500
		for cut > 0 && !utf8.RuneStart(s[cut]) { // never split a character
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func requestID(h http.Header) string {
	if h == nil {
		return ""
	}
	for _, k := range []string{"X-Openstack-Request-Id", "X-Compute-Request-Id", "X-Request-Id"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

func trimURL(u string) string {
	if p, err := url.Parse(u); err == nil {
		return p.Path
	}
	return u
}
