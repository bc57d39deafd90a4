package sandboxtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
)

// API is a sandbox on a test clock with a token, spoken to over HTTP.
type API struct {
	T            *testing.T
	Sandbox      *sandbox.Sandbox
	URL          string // the sandbox's HTTP server, closed with the test
	Clock        *sandbox.Clock
	Token        string
	Microversion string // the compute microversion Do asks for
}

// New starts a sandbox for t on a clock of its own, builds taking four
// seconds and actions one, and logs in.
func New(t *testing.T) *API {
	t.Helper()
	c := sandbox.NewClock(time.Date(2026, 11, 22, 4, 53, 16, 0, time.UTC))
	sb := sandbox.New(sandbox.Options{Now: c.Now, BuildDelay: 4 * time.Second, ActionDelay: time.Second})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	a := &API{T: t, Sandbox: sb, URL: srv.URL, Clock: c, Microversion: "2.79"}
	a.Login()
	return a
}

// Login gets a new token (one lives an hour on the sandbox's clock).
func (a *API) Login() {
	a.T.Helper()
	o := a.Sandbox.Options()
	body := `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"` + o.Username +
		`","domain":{"name":"Default"},"password":"` + o.Password + `"}}},"scope":{"project":{"name":"` + o.Project +
		`","domain":{"name":"Default"}}}}}`
	resp, err := http.Post(a.URL+"/identity/v3/auth/tokens", "application/json", strings.NewReader(body))
	if err != nil {
		a.T.Fatal(err)
	}
	resp.Body.Close()
	a.Token = resp.Header.Get("X-Subject-Token")
	if a.Token == "" {
		a.T.Fatalf("no token: %d", resp.StatusCode)
	}
}

// Do sends a request as gophercloud does (Accept: application/json) and
// returns the status, the raw body and the response.
func (a *API) Do(method, path string, body any) (int, []byte, *http.Response) {
	a.T.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, a.URL+path, rd)
	req.Header.Set("X-Auth-Token", a.Token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	switch {
	case strings.HasPrefix(path, "/compute/"):
		req.Header.Set("OpenStack-API-Version", "compute "+a.Microversion)
	case strings.HasPrefix(path, "/volume/"):
		req.Header.Set("OpenStack-API-Version", "volume 3.60")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.T.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp
}

// JSON sends a request, checks the status and decodes the body.
func (a *API) JSON(method, path string, body any, want int) map[string]any {
	a.T.Helper()
	status, b, _ := a.Do(method, path, body)
	if status != want {
		a.T.Fatalf("%s %s: %d, want %d: %s", method, path, status, want, b)
	}
	var m map[string]any
	if len(b) > 0 {
		if err := json.Unmarshal(b, &m); err != nil {
			a.T.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return m
}

// FirstID is the ID of the first item named name that path lists under key.
func (a *API) FirstID(path, key, name string) string {
	a.T.Helper()
	for _, x := range a.JSON("GET", path, nil, 200)[key].([]any) {
		if m := x.(map[string]any); m["name"] == name {
			return m["id"].(string)
		}
	}
	a.T.Fatalf("%s has no %q", path, name)
	return ""
}
