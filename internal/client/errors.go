package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

func init() { fault.AddClassifier(classifyCloud) }

// classifyCloud classifies gophercloud's errors: the re-authentication
// failures, an unexpected answer of the cloud, an endpoint missing from the
// catalog; nil for an error it does not know (fault.Classify does the rest).
func classifyCloud(err error) *fault.Error {
	// gophercloud's re-authentication errors do not unwrap: look inside.
	// gophercloud returns them as pointers; accept the value form too.
	var reauth gophercloud.ErrUnableToReauthenticate
	if p := new(gophercloud.ErrUnableToReauthenticate); errors.As(err, &p) {
		reauth = *p
	} else {
		_ = errors.As(err, &reauth)
	}
	if reauth.ErrReauth != nil {
		e := fault.Classify(reauth.ErrReauth)
		if e.Code == fault.CodeUnauthenticated || e.Code == fault.CodeNotFound {
			e.Code = fault.CodeUnauthenticated
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
		return fault.Classify(after.ErrOriginal)
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
		return (&fault.Error{Code: fault.CodeUnavailable, Message: "the cloud's catalog has no endpoint for this service in the selected region",
			Hint: "check the region (--region); Infomaniak's are dc3-a and dc4-a"}).WithCause(err)
	}
	return nil
}

func fromResponse(resp gophercloud.ErrUnexpectedResponseCode, cause error) *fault.Error {
	msg := faultMessage(resp.Body)
	switch {
	case msg == "":
		msg = fmt.Sprintf("%s %s answered %d", resp.Method, trimURL(resp.URL), resp.Actual)
	case resp.Actual >= 500:
		// The cloud's own trouble: say which request met it.
		msg = fmt.Sprintf("%s %s answered %d: %s", resp.Method, trimURL(resp.URL), resp.Actual, msg)
	}
	msg = oneLine(msg) // the prefix may have taken a long message past the bound
	e := (&fault.Error{Message: msg, RequestID: requestID(resp.ResponseHeader)}).WithCause(cause)
	switch s := resp.Actual; {
	case s == http.StatusBadRequest:
		e.Code, e.Hint = fault.CodeInvalidArgument, faultHint(msg)
	case s == http.StatusUnauthorized:
		e.Code, e.Hint = fault.CodeUnauthenticated, "the credentials were refused: check them, or create a new application credential"
	case s == http.StatusForbidden && isQuota(msg):
		e.Code = fault.CodeQuotaExceeded
	case s == http.StatusForbidden:
		e.Code, e.Hint = fault.CodeForbidden, "the cloud's policy refuses this to these credentials"
	case s == http.StatusNotFound:
		e.Code = fault.CodeNotFound
	case s == http.StatusConflict:
		e.Code = fault.CodeConflict
	case s == http.StatusRequestEntityTooLarge && !isQuota(msg) && resp.ResponseHeader.Get("Retry-After") != "":
		e.Code, e.Hint = fault.CodeUnavailable, "rate limited: try again later"
	case s == http.StatusRequestEntityTooLarge:
		e.Code, e.Hint = fault.CodeQuotaExceeded, "free some resources or ask for a larger quota"
	case s == http.StatusTooManyRequests:
		e.Code, e.Hint = fault.CodeUnavailable, "rate limited: try again later"
	case s == http.StatusBadGateway || s == http.StatusServiceUnavailable || s == http.StatusGatewayTimeout:
		e.Code, e.Hint = fault.CodeUnavailable, "the cloud is temporarily unavailable: try again later"
	default:
		e.Code = fault.CodeInternal
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
// {"message"}}, Keystone {"error": {"message"}}, Designate {"message"} flat
// (or a list of schema errors), Octavia {"faultcode", "faultstring",
// "debuginfo"} flat, Glance answers text or HTML.
func faultMessage(body []byte) string {
	var outer map[string]json.RawMessage
	if json.Unmarshal(body, &outer) == nil {
		// Designate's schema refusals: {"errors": {"errors": [{"message"}]}}.
		var schema struct {
			Errors []struct {
				Message string `json:"message"`
			} `json:"errors"`
		}
		if json.Unmarshal(outer["errors"], &schema) == nil && len(schema.Errors) > 0 && schema.Errors[0].Message != "" {
			return oneLine(schema.Errors[0].Message)
		}
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
			Fault   string `json:"faultstring"` // Octavia's
		}
		if json.Unmarshal(body, &flat) == nil && flat.Message != "" {
			return oneLine(stripHTML(flat.Message)) // Glance's, with <br /> in it
		}
		return oneLine(flat.Fault)
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
