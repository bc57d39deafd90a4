package neutron_test

import (
	"strings"
	"testing"
)

func TestNetworks(t *testing.T) {
	a := newAPI(t)
	all := a.JSON("GET", "/network/v2.0/networks", nil, 200)["networks"].([]any)
	if len(all) != 3 {
		t.Fatalf("networks: %v", all)
	}
	ext := a.JSON("GET", "/network/v2.0/networks?router%3Aexternal=true", nil, 200)["networks"].([]any)
	if len(ext) != 1 || ext[0].(map[string]any)["name"] != "ext-floating1" || ext[0].(map[string]any)["shared"] != false {
		t.Fatalf("external: %v", ext)
	}
	one := a.JSON("GET", "/network/v2.0/networks?name=private", nil, 200)["networks"].([]any)
	if len(one) != 1 || one[0].(map[string]any)["router:external"] != false {
		t.Fatalf("name filter: %v", one)
	}
	p := a.JSON("GET", "/network/v2.0/networks?limit=2", nil, 200)
	if len(p["networks"].([]any)) != 2 || p["networks_links"] == nil {
		t.Fatalf("page: %v", p)
	}
	status, b, _ := a.Do("GET", "/network/v2.0/networks/6ae12102-eba3-4d89-986f-714ac1eb7b4f", nil)
	if status != 404 || !strings.Contains(string(b), `"NeutronError":{"detail":"","message":"Network 6ae12102-eba3-4d89-986f-714ac1eb7b4f could not be found.","type":"NetworkNotFound"}`) {
		t.Fatalf("404: %d %s", status, b)
	}
}
