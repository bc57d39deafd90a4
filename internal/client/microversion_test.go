package client

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/flavors"
	"github.com/gophercloud/gophercloud/v2/openstack/utils"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
)

func TestPickMicroversion(t *testing.T) {
	w := wanted{service: "compute", min: "2.1", max: "2.79"}
	for _, c := range []struct {
		maxMajor, maxMinor int
		want               string
	}{{2, 93, "2.79"}, {2, 79, "2.79"}, {2, 60, "2.60"}} {
		got, err := pick(utils.SupportedMicroversions{MaxMajor: c.maxMajor, MaxMinor: c.maxMinor, MinMajor: 2, MinMinor: 1}, w)
		if err != nil || got != c.want {
			t.Errorf("cloud max %d.%d: got %s %v, want %s", c.maxMajor, c.maxMinor, got, err, c.want)
		}
	}
	_, err := pick(utils.SupportedMicroversions{MaxMajor: 3, MaxMinor: 0}, wanted{service: "block-storage", min: "3.10", max: "3.60"})
	if err == nil || !contains(err.Error(), "at least 3.10") {
		t.Errorf("an old cloud must be refused clearly: %v", err)
	}
}

// testWriter sends a logger's lines to the test's own output.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// recorder is a transport that keeps the microversion header of each request
// it carries, by "METHOD path".
type recorder struct {
	mu   sync.Mutex
	seen map[string][]string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.seen[req.Method+" "+req.URL.Path] = append(r.seen[req.Method+" "+req.URL.Path], req.Header.Get("X-OpenStack-Nova-API-Version")+req.Header.Get("X-OpenStack-Volume-API-Version"))
	r.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func (r *recorder) paths() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for k, v := range r.seen {
		out = append(out, fmt.Sprintf("%s ×%d %v", k, len(v), v))
	}
	sort.Strings(out)
	return out
}

// TestVersionsDiscoveredOnFirstUse: connecting costs the login alone; the
// first compute request reads Nova's version document once, and never
// Cinder's; every compute request then carries the negotiated microversion.
func TestVersionsDiscoveredOnFirstUse(t *testing.T) {
	t.Parallel()
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	rec := &recorder{seen: map[string][]string{}}
	ctx := context.Background()
	svc := servicesAt(t, srv.URL, rec)
	if got := rec.paths(); len(got) != 1 || !strings.HasPrefix(got[0], "POST /identity/v3/auth/tokens ×1") {
		t.Fatalf("connecting sent %v; want the login alone", got)
	}
	for range 2 {
		if _, err := flavors.ListDetail(svc.Compute, nil).AllPages(ctx); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		"GET /compute/v2.1/ ×1 []",
		"GET /compute/v2.1/flavors/detail ×2 [2.79 2.79]",
		"POST /identity/v3/auth/tokens ×1 []",
	}
	if got := rec.paths(); !slices.Equal(got, want) {
		t.Errorf("two flavor lists sent\n%v\nwant\n%v", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	pinned := *svc.Compute
	pinned.Microversion = "2.1"
	if _, err := flavors.ListDetail(&pinned, nil).AllPages(ctx); err != nil {
		t.Fatal(err)
	}
	if got := rec.seen["GET /compute/v2.1/flavors/detail"]; got[len(got)-1] != "2.1" {
		t.Errorf("a client pinning 2.1 sent %v", got)
	}
}

// TestFailedVersionDocumentIsNotRemembered: a version document that cannot
// be read fails the call with its cause, and the next call asks again.
func TestFailedVersionDocumentIsNotRemembered(t *testing.T) {
	t.Parallel()
	sb := sandbox.New(sandbox.Options{})
	var fail atomic.Bool
	fail.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/compute/v2.1/" && fail.Load() {
			http.Error(w, "no version here", http.StatusNotFound)
			return
		}
		sb.ServeHTTP(w, r)
	}))
	defer srv.Close()
	ctx := context.Background()
	svc := servicesAt(t, srv.URL, nil)
	_, err := flavors.ListDetail(svc.Compute, nil).AllPages(ctx)
	wantError(t, fault.Classify(err), fault.CodeUnavailable, "cannot read the compute service's version document", "no version here")
	fail.Store(false)
	if _, err := flavors.ListDetail(svc.Compute, nil).AllPages(ctx); err != nil {
		t.Errorf("the next call must ask again: %v", err)
	}
}
