package client

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/flavors"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/keypairs"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
)

// cloudAt is a Cloud for the sandbox's user at authURL, in region. Its
// retries do not wait: an unreachable URL is retried as ever, at once.
func cloudAt(authURL, region string, transport http.RoundTripper) *Cloud {
	return New(Options{Transport: transport, RequestTimeout: 5 * time.Second, RetryPause: instantly, Credentials: config.Credentials{
		Auth: gophercloud.AuthOptions{IdentityEndpoint: authURL, Username: "sandbox", Password: "sandbox-password",
			TenantName: "sandbox", DomainName: "Default", AllowReauth: true},
		Region: region, Availability: gophercloud.AvailabilityPublic, Source: "test settings"}})
}

// servicesAt is the services of a cloud served at url (the sandbox's
// paths), through transport when set, logging to the test.
func servicesAt(t *testing.T, url string, transport http.RoundTripper) *Services {
	t.Helper()
	c := cloudAt(url+"/identity/v3", "dc3-a", transport)
	c.log = slog.New(slog.NewTextHandler(testWriter{t}, nil))
	svc, err := c.Services(context.Background(), Compute, Image, BlockStorage, Network)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func instantly(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func connectErr(t *testing.T, c *Cloud) *fault.Error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := c.Services(ctx, Compute, Image, BlockStorage, Network)
	if err == nil {
		t.Fatal("connected; want a failure")
	}
	return fault.Classify(err)
}

func wantError(t *testing.T, e *fault.Error, code string, parts ...string) {
	t.Helper()
	if e.Code != code {
		t.Errorf("code %q, want %q: %v", e.Code, code, e)
	}
	for _, p := range parts {
		if !strings.Contains(e.Message+" | "+e.Hint, p) {
			t.Errorf("%q missing from: %s | %s", p, e.Message, e.Hint)
		}
	}
}

func TestRegionThatDoesNotExistNamesTheOnesThatDo(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(sandbox.New(sandbox.Options{Region: "dc3-a"}))
	defer srv.Close()
	e := connectErr(t, cloudAt(srv.URL+"/identity/v3", "dc5-a", nil))
	wantError(t, e, fault.CodeInvalidArgument, `region "dc5-a" does not exist`, "its regions are: dc3-a", "--region")
	if rs, _ := e.Details["regions"].([]string); len(rs) != 1 || rs[0] != "dc3-a" {
		t.Errorf("details: %v", e.Details)
	}
	// Infomaniak's other region is another cloud, with its own auth URL.
	e = connectErr(t, cloudAt(srv.URL+"/identity/v3", "dc4-a", nil))
	wantError(t, e, fault.CodeInvalidArgument, `region "dc4-a" does not exist`, "https://api.pub2.infomaniak.cloud/identity/v3")
}

func TestMissingServiceNamesRegionsThatHaveIt(t *testing.T) {
	me := &missingEndpoint{cause: &gophercloud.ErrEndpointNotFound{}, regions: []string{"a", "b"}, serviceRegions: []string{"b"}}
	wantError(t, explainMissingEndpoint("compute", "a", me), fault.CodeUnavailable, `no compute endpoint in region "a"; it has one in b`)
	me.serviceRegions = nil
	wantError(t, explainMissingEndpoint("compute", "a", me), fault.CodeUnavailable, `no compute service in region "a", nor in any other`)
	// Without catalog details, the plain message.
	wantError(t, explainMissingEndpoint("image", "x", &gophercloud.ErrEndpointNotFound{}), fault.CodeUnavailable, `no image endpoint in region "x"`)
}

// rolesProxy serves the sandbox with the token's roles replaced by roles,
// and answers every POST to Nova with Nova's policy 403 when roles are only
// reader, as a real cloud does.
func rolesProxy(t *testing.T, roles ...string) *httptest.Server {
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/compute/") && len(roles) == 1 && roles[0] == "reader" ||
			r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/os-keypairs") && r.Header.Get("X-Test-Forbid") != "" {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-Openstack-Request-Id", "req-403")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"forbidden": {"code": 403, "message": "Policy doesn't allow os_compute_api:os-keypairs:create to be performed."}}`)
			return
		}
		if r.Method != http.MethodPost || r.URL.Path != "/identity/v3/auth/tokens" {
			sb.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		sb.ServeHTTP(rec, r)
		var body map[string]map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err == nil && body["token"] != nil {
			var rs []map[string]string
			for _, name := range roles {
				rs = append(rs, map[string]string{"id": name + "-id", "name": name})
			}
			body["token"]["roles"] = rs
			b, _ := json.Marshal(body)
			rec.Body = bytes.NewBuffer(b)
		}
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(srv.Close)
	return srv
}

func createKeypair(t *testing.T, c *Cloud, forbid bool) *fault.Error {
	t.Helper()
	ctx := context.Background()
	s, err := c.Services(ctx, Compute, Image, BlockStorage, Network)
	if err != nil {
		t.Fatal(err)
	}
	opts := gophercloud.RequestOpts{MoreHeaders: map[string]string{}}
	if forbid {
		opts.MoreHeaders["X-Test-Forbid"] = "1"
	}
	_, err = s.Compute.Post(ctx, s.Compute.ServiceURL("os-keypairs"),
		map[string]any{"keypair": keypairs.CreateOpts{Name: "k"}}, nil, &opts)
	if err == nil {
		t.Fatal("the create was allowed")
	}
	return fault.Classify(err)
}

func TestReaderRoleSaysReadOnly(t *testing.T) {
	t.Parallel()
	srv := rolesProxy(t, "reader")
	c := cloudAt(srv.URL+"/identity/v3", "dc3-a", nil)
	e := createKeypair(t, c, false)
	wantError(t, e, fault.CodeForbidden, "this credential has a read-only role (reader)",
		"Policy doesn't allow os_compute_api:os-keypairs:create", "--role member", "--read-only")
	if e.RequestID != "req-403" {
		t.Errorf("request id lost: %q", e.RequestID)
	}
	var resp gophercloud.ErrUnexpectedResponseCode
	if !gophercloud.ResponseCodeIs(e, http.StatusForbidden) && !asResponse(e, &resp) {
		t.Error("the cloud's response is no longer in the error chain")
	}
	// Reading still works, and is not retried or altered.
	s, _ := c.Services(context.Background(), Compute, Image, BlockStorage, Network)
	if _, err := flavors.ListDetail(s.Compute, nil).AllPages(context.Background()); err != nil {
		t.Fatalf("a reader cannot read: %v", err)
	}
}

func asResponse(err error, target *gophercloud.ErrUnexpectedResponseCode) bool {
	for e := error(err); e != nil; {
		if r, ok := e.(gophercloud.ErrUnexpectedResponseCode); ok {
			*target = r
			return true
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		e = u.Unwrap()
	}
	return false
}

func TestMemberRole403StaysPlain(t *testing.T) {
	t.Parallel()
	srv := rolesProxy(t, "member", "reader")
	e := createKeypair(t, cloudAt(srv.URL+"/identity/v3", "dc3-a", nil), true)
	if e.Code != fault.CodeForbidden || strings.Contains(e.Message, "read-only role") {
		t.Fatalf("a member's 403 was called read-only: %v", e)
	}
}

func TestReadOnlyOnly(t *testing.T) {
	for roles, want := range map[string]bool{"reader": true, "reader,load-balancer_observer": true, "": false,
		"member": false, "reader,member": false, "admin": false} {
		var rs []string
		if roles != "" {
			rs = strings.Split(roles, ",")
		}
		if got := readOnlyOnly(rs); got != want {
			t.Errorf("%q: %v", roles, got)
		}
	}
}

func TestRefusedApplicationCredential(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(sandbox.New(sandbox.Options{}))
	defer srv.Close()
	c := New(Options{RequestTimeout: 5 * time.Second, Credentials: config.Credentials{
		Auth: gophercloud.AuthOptions{IdentityEndpoint: srv.URL + "/identity/v3",
			ApplicationCredentialID: "sandbox-app-credential", ApplicationCredentialSecret: "revoked", AllowReauth: true},
		Region: "dc3-a", Availability: gophercloud.AvailabilityPublic, Source: "INFOMANIAK_* variables"}})
	e := connectErr(t, c)
	wantError(t, e, fault.CodeUnauthenticated, "application credential sandbox-app-credential was refused",
		"expired, been revoked", "openstack application credential create", "INFOMANIAK_* variables")
	if strings.Contains(e.Message+e.Hint, "revoked\"") || strings.Contains(e.Message+e.Hint, "sandbox-app-secret") {
		t.Error("a secret in the message")
	}
	// A password: says what to check.
	c = cloudAt(srv.URL+"/identity/v3", "dc3-a", nil)
	c.opts.Credentials.Auth.Password = "wrong"
	wantError(t, connectErr(t, c), fault.CodeUnauthenticated, "user sandbox and its password were refused", "OS_USER_DOMAIN_NAME")
}

func TestWrongAuthURL(t *testing.T) {
	t.Parallel()
	sb := httptest.NewServer(sandbox.New(sandbox.Options{}))
	defer sb.Close()
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>Welcome to our website</body></html>")
	}))
	defer web.Close()
	for name, url := range map[string]string{
		"a path with nothing behind it": sb.URL + "/keystone/v3",
		"a web site, versionless":       web.URL + "/",
		"a web site, /v3":               web.URL + "/identity/v3",
	} {
		e := connectErr(t, cloudAt(url, "dc3-a", nil))
		if e.Code != fault.CodeUnauthenticated || !strings.Contains(e.Message, "no Keystone v3 at "+url) ||
			!strings.Contains(e.Hint, "https://api.pub1.infomaniak.cloud/identity/v3") {
			t.Errorf("%s: %v | %s", name, e, e.Hint)
		}
	}
}

func TestUnreachableAuthURL(t *testing.T) {
	t.Parallel()
	dns := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: r.URL.Hostname(), IsNotFound: true}}
	})
	e := connectErr(t, cloudAt("https://keystone.example.invalid/identity/v3", "dc3-a", dns))
	wantError(t, e, fault.CodeUnavailable, `the host "keystone.example.invalid" does not resolve`, "/identity/v3")

	// Infomaniak's own URL is right: the way to it is what to check.
	for _, url := range []string{"https://api.pub1.infomaniak.cloud/identity/v3", "https://api.pub2.infomaniak.cloud/identity/v3/"} {
		e = connectErr(t, cloudAt(url, "dc3-a", dns))
		if e.Code != fault.CodeUnavailable || e.Hint != "the auth URL is Infomaniak's own: check this machine's network and DNS, "+
			"and set HTTPS_PROXY if it reaches the internet through a proxy" {
			t.Errorf("%s: %v | %s", url, e, e.Hint)
		}
	}

	// Nothing listens there: port 0 refuses every dial and no listener can
	// have it (a port closed for the test could be a parallel test's server).
	const addr = "127.0.0.1:0"
	e = connectErr(t, cloudAt("http://"+addr+"/identity/v3", "dc3-a", nil))
	wantError(t, e, fault.CodeUnavailable, "cannot reach the auth URL http://"+addr+"/identity/v3", "connection refused")
	// On this machine: the entry of a sandbox that no longer runs.
	if !strings.Contains(e.Hint, "is 'mcp-infomaniak sandbox' still running?") {
		t.Errorf("a loopback auth URL's hint: %q", e.Hint)
	}
}
