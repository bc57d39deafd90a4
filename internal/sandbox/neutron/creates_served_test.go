package neutron_test

import (
	"net/http"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// A network's, subnet's or router's create keeps what it was given
// (description, enable_dhcp) and answers 501 for a field it would not
// apply, never a 201 that dropped it.
func TestNeutronCreatesKeepOrRefuse(t *testing.T) {
	a := newAPI(t)
	nw := a.JSON("POST", "/network/v2.0/networks", map[string]any{"network": map[string]any{"name": "n", "description": "d", "admin_state_up": true}}, 201)["network"].(map[string]any)
	if nw["description"] != "d" {
		t.Errorf("network description: %v", nw["description"])
	}
	sn := a.JSON("POST", "/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"network_id": nw["id"], "cidr": "192.168.7.0/24",
		"ip_version": 4, "description": "sd", "enable_dhcp": false, "gateway_ip": "192.168.7.1"}}, 201)["subnet"].(map[string]any)
	if sn["description"] != "sd" || sn["enable_dhcp"] != false || sn["gateway_ip"] != "192.168.7.1" {
		t.Errorf("subnet: %s", sandboxtest.Compact(sn))
	}
	for _, c := range []struct {
		path string
		body map[string]any
	}{
		{"/network/v2.0/networks", map[string]any{"network": map[string]any{"name": "m", "mtu": 1400}}},
		// a key beside the resource that is not an object does not hide the field
		{"/network/v2.0/networks", map[string]any{"network": map[string]any{"name": "m", "mtu": 1400}, "extra": 1}},
		{"/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"network_id": nw["id"], "cidr": "192.168.8.0/24", "ip_version": 4, "host_routes": []map[string]string{{"destination": "0.0.0.0/0", "nexthop": "192.168.8.9"}}}}},
		{"/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"network_id": nw["id"], "cidr": "192.168.9.0/24", "ip_version": 4, "gateway_ip": "192.168.10.1"}}},
		{"/network/v2.0/routers", map[string]any{"router": map[string]any{"name": "r", "distributed": true}}},
	} {
		if status, b, _ := a.Do("POST", c.path, c.body); status != http.StatusNotImplemented {
			t.Errorf("POST %s %s: %d %s", c.path, sandboxtest.Compact(c.body), status, b)
		}
	}
}

// A project's port is made on its network with an address on the subnet
// asked for and the groups given, updated under its revision, and deleted.
func TestNeutronPortCreateUpdateDelete(t *testing.T) {
	a := newAPI(t)
	nw := a.JSON("POST", "/network/v2.0/networks", map[string]any{"network": map[string]any{"name": "n"}}, 201)["network"].(map[string]any)
	sn := a.JSON("POST", "/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"network_id": nw["id"], "cidr": "192.168.7.0/24", "ip_version": 4}}, 201)["subnet"].(map[string]any)
	p := a.JSON("POST", "/network/v2.0/ports", map[string]any{"port": map[string]any{"network_id": nw["id"], "name": "p", "description": "pd",
		"admin_state_up": true, "fixed_ips": []map[string]any{{"subnet_id": sn["id"]}}, "security_groups": []string{}}}, 201)["port"].(map[string]any)
	if p["description"] != "pd" || sandboxtest.Compact(p["security_groups"]) != "[]" || p["fixed_ips"].([]any)[0].(map[string]any)["ip_address"] != "192.168.7.2" {
		t.Errorf("port: %s", sandboxtest.Compact(p))
	}
	id := p["id"].(string)
	a.JSON("PUT", "/network/v2.0/ports/"+id, map[string]any{"port": map[string]any{"name": "q"}}, 200)
	if status, b, _ := a.Do("PUT", "/network/v2.0/ports/"+id, map[string]any{"port": map[string]any{"fixed_ips": []any{}}}); status != http.StatusNotImplemented {
		t.Errorf("fixed_ips: %d %s", status, b)
	}
	a.JSON("DELETE", "/network/v2.0/ports/"+id, nil, 204)
	if status, _, _ := a.Do("GET", "/network/v2.0/ports/"+id, nil); status != 404 {
		t.Errorf("the deleted port: %d", status)
	}
}
