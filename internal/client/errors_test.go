package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

func resp(status int, body string, hdr http.Header) error {
	if hdr == nil {
		hdr = http.Header{}
	}
	hdr.Set("X-Openstack-Request-Id", "req-123")
	return gophercloud.ErrUnexpectedResponseCode{Method: "GET", URL: "http://x/v2.1/servers/1", Actual: status,
		Body: []byte(body), ResponseHeader: hdr}
}

// The bodies are what the lab's real services answered (testdata/openstack).
func TestClassifyRealFaults(t *testing.T) {
	cases := []struct {
		err      error
		code     string
		contains string
	}{
		{resp(404, `{"itemNotFound": {"code": 404, "message": "Instance 7c1b could not be found."}}`, nil), fault.CodeNotFound, "Instance 7c1b could not be found."},
		{resp(409, `{"conflictingRequest": {"code": 409, "message": "Key pair 'sample-key' already exists."}}`, nil), fault.CodeConflict, "already exists"},
		{resp(400, `{"badRequest": {"code": 400, "message": "Invalid volume: Volume status must be available"}}`, nil), fault.CodeInvalidArgument, "Invalid volume"},
		{resp(413, `{"overLimit": {"code": 413, "message": "VolumeLimitExceeded: Maximum number of volumes allowed (10) exceeded for quota 'volumes'."}}`, nil), fault.CodeQuotaExceeded, "Maximum number"},
		{resp(403, `{"forbidden": {"code": 403, "message": "Quota exceeded for cores: Requested 4, but already used 20 of 20 cores"}}`, nil), fault.CodeQuotaExceeded, "Quota exceeded"},
		{resp(403, `{"forbidden": {"code": 403, "message": "Policy doesn't allow os_compute_api:os-deferred-delete:force to be performed."}}`, nil), fault.CodeForbidden, "Policy"},
		{resp(401, `{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}`, nil), fault.CodeUnauthenticated, "requires authentication"},
		{resp(404, `{"NeutronError": {"type": "NetworkNotFound", "message": "Network x could not be found.", "detail": ""}}`, nil), fault.CodeNotFound, "Network x"},
		{resp(404, "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID x<br /><br />\n</body></html>", nil), fault.CodeNotFound, "No image found with ID x"},
		{resp(409, `{"code": 409, "type": "duplicate_zone", "message": "Duplicate Zone", "request_id": "req-1"}`, nil), fault.CodeConflict, "Duplicate Zone"},
		{resp(413, `{"code": 413, "type": "over_quota", "message": "Quota exceeded for zones.", "request_id": "req-1"}`, nil), fault.CodeQuotaExceeded, "Quota exceeded for zones."},
		{resp(400, `{"code": 400, "type": "invalid_object", "errors": {"errors": [{"path": ["records", 0], "message": "'2001:db8::7' is not a 'A' Record", "validator": "format", "validator_value": ["A"]}]}, "request_id": "req-1"}`, nil), fault.CodeInvalidArgument, "'2001:db8::7' is not a 'A' Record"},
		{resp(503, ``, nil), fault.CodeUnavailable, "answered 503"},
		{resp(429, `{"overLimit": {"code": 429, "message": "Rate limit"}}`, http.Header{"Retry-After": {"3"}}), fault.CodeUnavailable, "Rate limit"},
		{resp(500, `{"computeFault": {"code": 500, "message": "Unexpected API Error."}}`, nil), fault.CodeInternal, "Unexpected API Error"},
	}
	for _, c := range cases {
		e := fault.Classify(c.err)
		if e.Code != c.code {
			t.Errorf("%v: code %s, want %s", c.err, e.Code, c.code)
		}
		if !contains(e.Message, c.contains) {
			t.Errorf("message %q lacks %q", e.Message, c.contains)
		}
		if e.RequestID != "req-123" {
			t.Errorf("request id %q", e.RequestID)
		}
		if !errors.Is(e, c.err) && !errors.As(e, new(gophercloud.ErrUnexpectedResponseCode)) {
			t.Errorf("cause lost")
		}
	}
}

// Glance's JSON fault (as the lab answered gophercloud) carries HTML line
// breaks in its message: they are not the message.
func TestGlanceJSONFaultHasNoMarkup(t *testing.T) {
	b, err := os.ReadFile("../../testdata/openstack/glance-image-404.txt")
	if err != nil {
		t.Fatal(err)
	}
	body, _, _ := strings.Cut(string(b), "\n")
	e := fault.Classify(resp(404, body, nil))
	if e.Code != fault.CodeNotFound || !strings.HasPrefix(e.Message, "No image found with ID 7c1b5a1e-0000-4000-8000-000000000000") || strings.Contains(e.Message, "<br") {
		t.Errorf("%s: %q", e.Code, e.Message)
	}
}

func TestClassifyContextAndOwnErrors(t *testing.T) {
	if fault.Classify(context.Canceled).Code != fault.CodeCancelled || fault.Classify(fmt.Errorf("x: %w", context.DeadlineExceeded)).Code != fault.CodeTimeout {
		t.Error("context errors misclassified")
	}
	own := fault.Errorf(fault.CodeAmbiguous, "two")
	if fault.Classify(fmt.Errorf("wrapped: %w", own)) != own {
		t.Error("a classified error must pass through unchanged")
	}
	if fault.Classify(errors.New("boom")).Code != fault.CodeInternal || fault.Classify(nil) != nil {
		t.Error("fallback")
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// A credential revoked mid-session surfaces through gophercloud's
// re-authentication error, which does not unwrap.
func TestClassifyFailedReauthentication(t *testing.T) {
	err := gophercloud.ErrUnableToReauthenticate{
		ErrOriginal: resp(401, `{"error": {"code": 401, "message": "The request you have made requires authentication."}}`, nil),
		ErrReauth:   resp(401, `{"error": {"code": 401, "message": "Invalid application credential."}}`, nil),
	}
	for _, err := range []error{err, &err, fmt.Errorf("wrapped: %w", &err)} {
		e := fault.Classify(err)
		if e.Code != fault.CodeUnauthenticated || !contains(e.Message, "Invalid application credential") || !contains(e.Hint, "revoked") {
			t.Fatalf("%T: got %+v", err, e)
		}
	}
	if fault.Classify(gophercloud.ErrErrorAfterReauthentication{ErrOriginal: resp(404, `{"itemNotFound": {"code": 404, "message": "gone"}}`, nil)}).Code != fault.CodeNotFound {
		t.Fatal("the error after re-authentication must be classified as itself")
	}
}

func TestLongMessagesKeepWholeCharacters(t *testing.T) {
	msg := oneLine(strings.Repeat("é", 400))
	if !utf8.ValidString(msg) {
		t.Fatalf("cut inside a character: %q", msg[len(msg)-8:])
	}
}

// A hint with parentheses of its own is not put in parentheses.
func TestErrorTextNeverNestsParentheses(t *testing.T) {
	for _, tc := range []struct {
		e    *fault.Error
		want string
	}{
		{fault.Errorf(fault.CodeConflict, "volume v is in use"), "volume v is in use"},
		{fault.Errorf(fault.CodeConflict, "volume v is in use").WithHint("detach it first"), "volume v is in use (detach it first)"},
		{fault.Errorf(fault.CodeConflict, "volume v is in use").WithHint("detach it first (detach_volume)"), "volume v is in use; detach it first (detach_volume)"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

// Nova's and Cinder's words for a bad key or zone name the tool to look with.
func TestFaultHints(t *testing.T) {
	for msg, hint := range map[string]string{
		`{"badRequest": {"code": 400, "message": "Invalid key_name provided."}}`:                       "list_keypairs",
		`{"badRequest": {"code": 400, "message": "The requested availability zone is not available"}}`: "list_availability_zones",
		`{"badRequest": {"code": 400, "message": "Availability zone 'nope' is invalid."}}`:             "list_availability_zones",
		`{"badRequest": {"code": 400, "message": "Invalid input for field/attribute name."}}`:          "",
	} {
		e := fault.Classify(gophercloud.ErrUnexpectedResponseCode{Method: "POST", URL: "http://x/v2.1/servers", Actual: 400, Body: []byte(msg)})
		if e.Code != fault.CodeInvalidArgument || !strings.Contains(e.Hint, hint) || (hint == "" && e.Hint != "") {
			t.Errorf("%s: %+v", msg, e)
		}
	}
}

// A cloud fault's message is prefixed with the request that met it; the
// whole message stays within the bound (fuzzing found 504 bytes).
func TestServerFaultMessageStaysBounded(t *testing.T) {
	long := strings.Repeat("x", 475)
	e := fault.Classify(resp(500, `{"computeFault": {"code": 500, "message": "`+long+`"}}`, nil))
	if len(e.Message) > 500+len("…") {
		t.Fatalf("message of %d bytes", len(e.Message))
	}
	if !strings.HasPrefix(e.Message, "GET ") {
		t.Fatalf("the request is no longer named: %q", e.Message[:40])
	}
}

// Octavia's refusals ({"faultcode", "faultstring", "debuginfo"}, as the
// lab's answered) are read for their words: what a load balancer's tools
// pass on, as every other service's.
func TestOctaviaFaultsAreRead(t *testing.T) {
	cases := []struct {
		sample, code string
	}{
		{"octavia-lb-404.txt", fault.CodeNotFound},
		{"octavia-lb-delete-pending-delete-409.txt", fault.CodeConflict},
		{"octavia-member-create-pending-update-409.txt", fault.CodeConflict},
		{"octavia-listener-port-70000-400.txt", fault.CodeInvalidArgument},
	}
	for _, c := range cases {
		b, err := os.ReadFile("../../testdata/openstack/" + c.sample)
		if err != nil {
			t.Fatal(err)
		}
		body, status, _ := strings.Cut(string(b), "\n")
		var want struct {
			Fault string `json:"faultstring"`
		}
		if err := json.Unmarshal([]byte(body), &want); err != nil || want.Fault == "" {
			t.Fatalf("%s: no faultstring in %q", c.sample, body)
		}
		code, _ := strconv.Atoi(strings.TrimSpace(status))
		if e := fault.Classify(resp(code, body, nil)); e.Code != c.code || e.Message != want.Fault {
			t.Errorf("%s: %s %q, want %s %q", c.sample, e.Code, e.Message, c.code, want.Fault)
		}
	}
	// Octavia's quota refusal is a 403 that is no matter of policy.
	quota := resp(403, `{"faultcode": "Client", "faultstring": "Quota has been met for resources: Member", "debuginfo": null}`, nil)
	if e := fault.Classify(quota); e.Code != fault.CodeQuotaExceeded || e.Message != "Quota has been met for resources: Member" {
		t.Errorf("quota: %s %q", e.Code, e.Message)
	}
}
