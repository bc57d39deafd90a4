package octavia_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// TestOctaviaOfferingsAsTheLab: providers, flavors, availability zones and
// L7 policies list as the lab's (samples), under /v2 and /v2.0.
func TestOctaviaOfferingsAsTheLab(t *testing.T) {
	a := sandboxtest.New(t)
	for _, c := range []struct{ path, sample string }{
		{"/providers", "octavia-providers.json"},
		{"/flavors", "octavia-flavors.json"},
		{"/availabilityzones", "octavia-availabilityzones.json"},
		{"/l7policies?name=sample-none", "octavia-l7policies-none.json"},
	} {
		for _, base := range []string{lbaas, "/load-balancer/v2.0/lbaas"} {
			if got, want := a.JSON("GET", base+c.path, nil, 200), sandboxtest.ReadSample(t, c.sample); !reflect.DeepEqual(got, want) {
				t.Errorf("%s%s: %v; the lab: %v", base, c.path, got, want)
			}
		}
	}
}

// TestOctaviaKeepsWhatItIsGiven: descriptions, tags and additional VIPs are
// kept and shown, tags filter lists; what the sandbox does not model is a
// 501 naming it, never a 2xx that dropped it, under /v2.0 too.
func TestOctaviaKeepsWhatItIsGiven(t *testing.T) {
	a := sandboxtest.New(t)
	sub := a.FirstID("/network/v2.0/subnets", "subnets", "private-v4")
	net := a.JSON("GET", "/network/v2.0/subnets/"+sub, nil, 200)["subnet"].(map[string]any)["network_id"].(string)
	extra := a.JSON("POST", "/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"network_id": net, "ip_version": 4,
		"cidr": "192.168.2.0/24"}}, 201)["subnet"].(map[string]any)["id"].(string)
	lb := a.JSON("POST", lbaas+"/loadbalancers", map[string]any{"loadbalancer": map[string]any{"name": "kept", "description": "the web",
		"vip_subnet_id": sub, "admin_state_up": true, "tags": []string{"tag1", "test"},
		"additional_vips": []map[string]any{{"subnet_id": extra, "ip_address": "192.168.2.207"}}}}, 201)["loadbalancer"].(map[string]any)
	if lb["description"] != "the web" || !reflect.DeepEqual(lb["tags"], []any{"tag1", "test"}) ||
		!reflect.DeepEqual(lb["additional_vips"], []any{map[string]any{"subnet_id": extra, "ip_address": "192.168.2.207"}}) {
		t.Errorf("created: %v", lb)
	}
	vip := a.JSON("GET", "/network/v2.0/ports/"+lb["vip_port_id"].(string), nil, 200)["port"].(map[string]any)
	if ips := vip["fixed_ips"].([]any); len(ips) != 2 || ips[1].(map[string]any)["ip_address"] != "192.168.2.207" {
		t.Errorf("the VIP port's addresses: %v", ips)
	}
	for query, want := range map[string]int{"tags=tag1": 1, "tags=tag1,other": 0, "tags-any=tag1,other": 1, "not-tags=test": 0, "not-tags-any=other": 1} {
		if got := a.JSON("GET", lbaas+"/loadbalancers?"+query, nil, 200)["loadbalancers"].([]any); len(got) != want {
			t.Errorf("?%s: %d load balancers, want %d", query, len(got), want)
		}
	}
	a.Clock.Advance(4 * time.Second)
	li := a.JSON("POST", lbaas+"/listeners", map[string]any{"listener": map[string]any{"loadbalancer_id": lb["id"], "description": "port 80",
		"protocol": "HTTP", "protocol_port": 80}}, 201)["listener"].(map[string]any)
	if li["description"] != "port 80" {
		t.Errorf("listener: %v", li)
	}
	a.Clock.Advance(time.Second)
	for _, c := range []struct{ path, body, what string }{
		{lbaas + "/listeners", `{"listener":{"loadbalancer_id":"` + lb["id"].(string) + `","protocol":"TCP","protocol_port":81,"timeout_client_data":1}}`, "timeout_client_data\\\" (POST"},
		{"/load-balancer/v2.0/lbaas/loadbalancers", `{"loadbalancer":{"vip_subnet_id":"` + sub + `","admin_state_up":false}}`, "admin_state_up false"},
		{"/load-balancer/v2.0/lbaas/l7policies", `{"l7policy":{"listener_id":"` + li["id"].(string) + `","action":"REJECT"}}`, "POST /load-balancer/v2/lbaas/l7policies"},
	} {
		status, body, _ := a.Do("POST", c.path, json.RawMessage(c.body))
		if status != 501 || !strings.Contains(string(body), c.what) {
			t.Errorf("POST %s %s: %d %s; want 501 naming %s", c.path, c.body, status, body, c.what)
		}
	}
}
