package octavia_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// TestLoadBalancersPageAsOctavia: a list pages forward in creation order
// (limit, marker, a next link on a full page, a previous link after a
// marker), refuses an unknown marker or limit with Octavia's 400, and
// what the sandbox does not page (another order, a page before the marker,
// a part of each record) with a 501 naming it.
func TestLoadBalancersPageAsOctavia(t *testing.T) {
	a := sandboxtest.New(t)
	sub := a.FirstID("/network/v2.0/subnets", "subnets", "private-v4")
	var made []string
	for _, name := range []string{"lb-a", "lb-b", "lb-c"} {
		lb := a.JSON("POST", lbaas+"/loadbalancers", map[string]any{"loadbalancer": map[string]any{"name": name, "vip_subnet_id": sub}}, 201)
		made = append(made, lb["loadbalancer"].(map[string]any)["id"].(string))
		a.Clock.Advance(time.Second) // creation times apart, as Octavia orders by them
	}
	page := func(query string) ([]string, map[string]bool) {
		t.Helper()
		got := a.JSON("GET", lbaas+"/loadbalancers"+query, nil, 200)
		var ids []string
		for _, lb := range got["loadbalancers"].([]any) {
			ids = append(ids, lb.(map[string]any)["id"].(string))
		}
		rels := map[string]bool{}
		for _, l := range got["loadbalancers_links"].([]any) {
			rels[l.(map[string]any)["rel"].(string)] = true
		}
		return ids, rels
	}
	ids, rels := page("?limit=2")
	if strings.Join(ids, ",") != strings.Join(made[:2], ",") || !rels["next"] || rels["previous"] {
		t.Errorf("the first page of 2: %v %v, want %v with a next link", ids, rels, made[:2])
	}
	ids, rels = page("?limit=2&marker=" + made[1])
	if strings.Join(ids, ",") != made[2] || rels["next"] || !rels["previous"] {
		t.Errorf("the page after %s: %v %v, want [%s] with a previous link only", made[1], ids, rels, made[2])
	}
	if ids, _ = page(""); len(ids) != 3 {
		t.Errorf("a list without a limit: %v", ids)
	}
	for _, c := range []struct {
		query  string
		status int
		words  string
	}{
		{"?marker=0b5ad0c5-0000-4000-8000-000000000000", http.StatusBadRequest, "Supplied pagination marker '0b5ad0c5-0000-4000-8000-000000000000' is not valid."},
		{"?limit=ten", http.StatusBadRequest, "Supplied pagination limit 'ten' is not valid."},
		{"?sort=name:asc", http.StatusNotImplemented, "the sandbox does not serve the sort parameter of a list"},
		{"?fields=id", http.StatusNotImplemented, "the sandbox does not serve the fields parameter of a list"},
		{"?marker=" + made[2] + "&page_reverse=True", http.StatusNotImplemented, "a page before the marker (page_reverse)"},
	} {
		status, body, _ := a.Do("GET", lbaas+"/loadbalancers"+c.query, nil)
		if status != c.status || !strings.Contains(string(body), c.words) || !strings.Contains(string(body), `"faultstring"`) {
			t.Errorf("GET loadbalancers%s: %d %s, want %d with %q in Octavia's form", c.query, status, body, c.status, c.words)
		}
	}
	if status, body, _ := a.Do("GET", "/network/v2.0/networks?limit=1&marker="+a.FirstID("/network/v2.0/networks", "networks", "private")+"&page_reverse=true", nil); status != http.StatusNotImplemented || !strings.Contains(string(body), "page_reverse") {
		t.Errorf("Neutron's page before a marker: %d %s, want 501", status, body)
	}
}
