// Package fault is the error vocabulary of every tool: an *Error with a
// code an agent can branch on, the message, a hint and the request id.
// It knows nothing of OpenStack, so that the MCP adapter (internal/mcptool,
// internal/server) speaks it without importing the cloud's client;
// internal/client adds what classifies the cloud's own errors
// (AddClassifier). See docs/design.md, "The tool contract".
package fault

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
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

// WithCause returns e wrapping cause, which errors.Is and errors.As see
// through it; the agent sees only e's own words.
func (e *Error) WithCause(cause error) *Error { e.cause = cause; return e }

// A Classifier recognizes the errors of one source (the cloud's client);
// nil for an error it does not know.
type Classifier func(err error) *Error

// classifiers are added at start-up (package initialization) and only
// read afterwards.
var classifiers []Classifier

// AddClassifier makes Classify ask c about errors it does not know itself;
// internal/client adds the one of gophercloud's errors.
func AddClassifier(c Classifier) { classifiers = append(classifiers, c) }

// Classify turns any error from the cloud, the network or the context into
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
		return (&Error{Code: CodeCancelled, Message: "the call was cancelled"}).WithCause(err)
	case errors.Is(err, context.DeadlineExceeded):
		return (&Error{Code: CodeTimeout, Message: "the cloud did not answer in time",
			Hint: "try again; if it persists the cloud may be overloaded"}).WithCause(err)
	}
	for _, c := range classifiers {
		if e := c(err); e != nil {
			return e
		}
	}
	var netErr net.Error
	var urlErr *url.Error
	if errors.As(err, &netErr) || errors.As(err, &urlErr) {
		return (&Error{Code: CodeUnavailable, Message: "cannot reach the cloud: " + err.Error(),
			Hint: "try again; if it persists, check the network"}).WithCause(err)
	}
	return (&Error{Code: CodeInternal, Message: err.Error()}).WithCause(err)
}
