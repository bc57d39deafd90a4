package sandbox_test

import (
	"net/http"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// A request no route serves is a 501 naming it in the service's own error
// form, never the 404 or 405 of a path the real service has.
func TestUnservedRequestsAre501NamingThem(t *testing.T) {
	a := sandboxtest.New(t)
	for _, c := range []struct{ method, path, key, want string }{
		{"POST", "/compute/v2.1/os-cells", "notImplemented", "the sandbox does not serve POST /compute/v2.1/os-cells"},
		{"PUT", "/compute/v2.1/flavors/1", "notImplemented", "the sandbox does not serve PUT /compute/v2.1/flavors/{id}"},
		{"GET", "/volume/v3/" + a.Sandbox.ProjectID() + "/qos-specs", "notImplemented", "the sandbox does not serve GET /volume/v3/{id}/qos-specs"},
	} {
		status, b, _ := a.Do(c.method, c.path, nil)
		if status != http.StatusNotImplemented {
			t.Errorf("%s %s: %d, want 501: %s", c.method, c.path, status, b)
			continue
		}
		sandboxtest.WantFault(t, b, c.key, 501, c.want)
	}
	status, b, _ := a.Do("POST", "/network/v2.0/bgp-speakers", nil)
	if status != http.StatusNotImplemented {
		t.Fatalf("Neutron: %d, want 501: %s", status, b)
	}
	sandboxtest.NeutronFaultIs(t, b, "NotImplemented", "the sandbox does not serve POST /network/v2.0/bgp-speakers")
	// A path the sandbox serves still answers its own 404.
	status, b, _ = a.Do("GET", "/compute/v2.1/servers/"+"00000000-0000-4000-8000-000000000000", nil)
	if status != http.StatusNotFound {
		t.Errorf("a server that is not there: %d: %s", status, b)
	}
}
