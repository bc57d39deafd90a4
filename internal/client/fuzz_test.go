package client

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// knownCodes are the codes a tool result may carry.
var knownCodes = map[string]bool{
	fault.CodeNotFound: true, fault.CodeAmbiguous: true, fault.CodeInvalidArgument: true, fault.CodeConflict: true,
	fault.CodeQuotaExceeded: true, fault.CodeForbidden: true, fault.CodeUnauthenticated: true, fault.CodeUnavailable: true,
	fault.CodeTimeout: true, fault.CodeCancelled: true, fault.CodeInternal: true,
}

// FuzzClassify feeds arbitrary error bodies, status codes and headers
// through Classify: it never panics, always answers a known code and a
// one-line, bounded, non-empty message. The seeds are the lab's real fault
// bodies (testdata/fuzz/FuzzClassify holds more), plus every fault body
// the lab answered (testdata/openstack/*.txt).
func FuzzClassify(f *testing.F) {
	for _, s := range []struct {
		status int
		body   string
	}{
		{404, `{"itemNotFound": {"code": 404, "message": "Instance 7c1b5a1e-0000-4000-8000-000000000000 could not be found."}}`},
		{409, `{"conflictingRequest": {"code": 409, "message": "Key pair 'sample-key' already exists."}}`},
		{400, `{"badRequest": {"code": 400, "message": "Invalid input received: New size for extend must be greater than current size. (current: 1, extended: 1)."}}`},
		{413, `{"overLimit": {"code": 413, "message": "VolumeLimitExceeded: Maximum number of volumes allowed (10) exceeded for quota 'volumes'."}}`},
		{403, `{"forbidden": {"code": 403, "message": "Quota exceeded for cores: Requested 4, but already used 20 of 20 cores"}}`},
		{401, `{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}`},
		{404, `{"NeutronError": {"type": "NetworkNotFound", "message": "Network x could not be found.", "detail": ""}}`},
		{404, "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID x<br /><br />\n</body></html>"},
		{503, ``},
		{429, `{"overLimit": {"code": 429, "message": "Rate limit"}}`},
		{500, `{"computeFault": {"code": 500, "message": "Unexpected API Error."}}`},
		{200, `{"message": "flat"}`},
		{502, `[1,2,3]`},
		{413, `{"a": null, "b": {"message": 3}}`},
	} {
		f.Add(s.status, []byte(s.body), "", "req-0123")
		f.Add(s.status, []byte(s.body), "3", "")
	}
	paths, _ := filepath.Glob("../../testdata/openstack/*.txt")
	if len(paths) == 0 {
		f.Fatal("no samples in testdata/openstack")
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(500, b, "", "")
	}
	f.Fuzz(func(t *testing.T, status int, body []byte, retryAfter, reqID string) {
		hdr := http.Header{}
		if retryAfter != "" {
			hdr.Set("Retry-After", retryAfter)
		}
		if reqID != "" {
			hdr.Set("X-Openstack-Request-Id", reqID)
		}
		err := gophercloud.ErrUnexpectedResponseCode{Method: "GET", URL: "http://cloud.example:8774/v2.1/servers/x",
			Expected: []int{200}, Actual: status, Body: body, ResponseHeader: hdr}
		// As gophercloud returns it: the value, possibly wrapped, or inside
		// the error of a request replayed after re-authentication.
		for _, in := range []error{err, fmt.Errorf("listing: %w", err),
			&gophercloud.ErrErrorAfterReauthentication{ErrOriginal: err}} {
			e := fault.Classify(in)
			if e == nil {
				t.Fatal("nil for an error")
			}
			if !knownCodes[e.Code] {
				t.Fatalf("unknown code %q", e.Code)
			}
			if e.Message == "" {
				t.Fatal("empty message")
			}
			if strings.ContainsAny(e.Message, "\r\n") {
				t.Fatalf("message of more than one line: %q", e.Message)
			}
			if len(e.Message) > 500+len("…") {
				t.Fatalf("message of %d bytes", len(e.Message))
			}
			_ = e.Error()
		}
	})
}
