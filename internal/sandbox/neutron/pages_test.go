package neutron_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// neutronLinkShapes is a Neutron page's links as the rel, the path after
// the version and the query, with a marker named by its place on the page
// (<first>, <last>): what must match between the lab and the sandbox.
func neutronLinkShapes(t *testing.T, page map[string]any, plural string) string {
	t.Helper()
	items := page[plural].([]any)
	place := map[string]string{}
	if len(items) > 0 {
		place[items[0].(map[string]any)["id"].(string)] = "<first>"
		place[items[len(items)-1].(map[string]any)["id"].(string)] += "<last>"
	}
	links, _ := page[plural+"_links"].([]any)
	var shapes []string
	for _, l := range links {
		l := l.(map[string]any)
		u, err := url.Parse(l["href"].(string))
		if err != nil {
			t.Fatalf("%s link: %v", plural, err)
		}
		q := u.Query()
		if m := q.Get("marker"); m != "" {
			q.Set("marker", place[m]+"?")
		}
		_, tail, _ := strings.Cut(u.Path, "/v2.0/")
		shapes = append(shapes, l["rel"].(string)+" "+tail+"?"+q.Encode())
	}
	return strings.Join(shapes, ", ")
}

// TestNeutronUnknownMarkerAsLab: a marker that names nothing is ignored by
// Neutron's subnets and security groups (the page starts at the first and
// links both ways) and refused by its networks and routers.
func TestNeutronUnknownMarkerAsLab(t *testing.T) {
	a := newAPI(t)
	a.NewGroup("sample-sg")
	const nothing = "7c1b5a1e-0000-4000-8000-000000000000"
	for _, c := range []struct{ sample, plural, path string }{
		{"neutron-subnets-unknown-marker.json", "subnets", "/network/v2.0/subnets?limit=1&marker=" + nothing},
		{"neutron-security-groups-unknown-marker.json", "security_groups", "/network/v2.0/security-groups?limit=1&marker=" + nothing},
	} {
		lab, got := sandboxtest.ReadSample(t, c.sample), a.JSON("GET", c.path, nil, 200)
		if w, g := neutronLinkShapes(t, lab, c.plural), neutronLinkShapes(t, got, c.plural); w != g || len(got[c.plural].([]any)) != 1 {
			t.Errorf("%s: the sandbox lists %d, links %s\nthe lab lists 1, links %s", c.path, len(got[c.plural].([]any)), g, w)
		}
	}
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-networks-unknown-marker-404.txt", Method: "GET", Path: "/network/v2.0/networks?limit=1&marker=" + nothing})
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-routers-unknown-marker-404.txt", Method: "GET", Path: "/network/v2.0/routers?limit=1&marker=" + nothing})
}
