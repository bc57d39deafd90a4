package core_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// toy is a whole service as the sandbox's are: its descriptor, its routes
// and its state through core.State. Adding it to the list a cloud is made
// of is all it takes to be in the catalog, served, and left out on demand.
var toy = core.Service{Name: "toy", Prefix: "/toy",
	Entries: []core.CatalogEntry{{Type: "toy-type", Name: "toy", Path: "/toy/v1/{project_id}"}},
	Fault: func(w http.ResponseWriter, _ *http.Request, status int, msg string) {
		core.WriteJSON(w, status, map[string]any{"toyFault": msg})
	},
	Routes: func(c *core.Cloud, mux *http.ServeMux) {
		things := core.State(c, "toy", func() *[]string { return &[]string{"seeded"} })
		mux.HandleFunc("GET /toy/v1/{project}/things", c.Authed(func(w http.ResponseWriter, r *http.Request) {
			c.Mu.Lock() // the cloud's lock guards every service's state
			list := append([]string(nil), *things...)
			c.Mu.Unlock()
			core.WriteJSON(w, http.StatusOK, map[string]any{"things": list})
		}))
	}}

type cloud struct {
	t     *testing.T
	url   string
	token string
	body  map[string]any // the token's
}

func start(t *testing.T, opts core.Options, services ...core.Service) *cloud {
	t.Helper()
	srv := httptest.NewServer(core.New(opts, services).Handler())
	t.Cleanup(srv.Close)
	auth := `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"sandbox","domain":{"name":"Default"},"password":"sandbox-password"}}},"scope":{"project":{"name":"sandbox","domain":{"name":"Default"}}}}}`
	resp, err := http.Post(srv.URL+"/identity/v3/auth/tokens", "application/json", strings.NewReader(auth))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	c := &cloud{t: t, url: srv.URL, token: resp.Header.Get("X-Subject-Token")}
	if err := json.NewDecoder(resp.Body).Decode(&c.body); err != nil || c.token == "" {
		t.Fatalf("no token: %d %v", resp.StatusCode, err)
	}
	return c
}

// endpoint is the public URL of the catalog's entry of typ, or "".
func (c *cloud) endpoint(typ string) string {
	for _, e := range c.body["token"].(map[string]any)["catalog"].([]any) {
		if e := e.(map[string]any); e["type"] == typ {
			for _, ep := range e["endpoints"].([]any) {
				if ep := ep.(map[string]any); ep["interface"] == "public" {
					return ep["url"].(string)
				}
			}
		}
	}
	return ""
}

func (c *cloud) get(url string, token bool) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token {
		req.Header.Set("X-Auth-Token", c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

// TestAServiceIsItsDescriptor: a service the cloud is made with is in the
// catalog at its path (the project's ID in it), serves its routes behind
// Keystone's tokens, answers what no route serves with a 501 in its own
// error form, and is gone from the catalog and its paths when the cloud is
// started without it.
func TestAServiceIsItsDescriptor(t *testing.T) {
	c := start(t, core.Options{}, toy)
	url := c.endpoint("toy-type")
	project := c.body["token"].(map[string]any)["project"].(map[string]any)["id"].(string)
	if url != c.url+"/toy/v1/"+project {
		t.Fatalf("the catalog's toy endpoint is %q, want %q", url, c.url+"/toy/v1/"+project)
	}
	if c.endpoint("identity") == "" {
		t.Error("Keystone is missing from the catalog")
	}
	if status, body := c.get(url+"/things", true); status != http.StatusOK || body != `{"things":["seeded"]}` {
		t.Errorf("GET things: %d %s", status, body)
	}
	if status, _ := c.get(url+"/things", false); status != http.StatusUnauthorized {
		t.Errorf("GET things without a token: %d, want 401", status)
	}
	status, body := c.get(url+"/gadgets", true)
	if status != http.StatusNotImplemented || !strings.Contains(body, `"toyFault":"the sandbox does not serve GET /toy/v1/{id}/gadgets"`) {
		t.Errorf("an unrouted request: %d %s, want 501 in the toy's form", status, body)
	}

	without := start(t, core.Options{Without: []string{"toy"}}, toy)
	if u := without.endpoint("toy-type"); u != "" {
		t.Errorf("a cloud without the toy lists it at %q", u)
	}
	if status, _ := without.get(without.url+"/toy/v1/"+project+"/things", true); status != http.StatusNotFound {
		t.Errorf("a cloud without the toy answers its path %d, want 404", status)
	}
}

// TestWithoutNamesAKnownService: a name that is no service is refused,
// naming the services there are.
func TestWithoutNamesAKnownService(t *testing.T) {
	if err := core.CheckWithout([]core.Service{toy}, []string{"toy-type", "toy"}); err != nil {
		t.Errorf("a name and a catalog type of the toy: %v", err)
	}
	err := core.CheckWithout([]core.Service{toy}, []string{"dns"})
	if err == nil || !strings.Contains(err.Error(), `no service "dns": its services are toy`) {
		t.Errorf("an unknown name: %v", err)
	}
}
