package neutron_test

import (
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// Address scopes, address groups, the IP availabilities a member sees,
// stateless security groups and rules made in bulk, as
// capture-neutron-change-samples.sh saw the lab answer them.
func TestNeutronScopesAndGroupsAsLab(t *testing.T) {
	a := newAPI(t)
	scope := a.JSON("POST", "/network/v2.0/address-scopes", map[string]any{"address_scope": map[string]any{"name": "change-scope", "ip_version": 4}}, 201)
	sandboxtest.SampleKeys(t, "neutron-address-scope-create-201.json", scope["address_scope"].(map[string]any), sandboxtest.Under("address_scope"))
	scopePath := "/network/v2.0/address-scopes/" + scope["address_scope"].(map[string]any)["id"].(string)
	for _, c := range []sandboxtest.FaultCase{
		{Sample: "neutron-address-scope-update-version-400.txt", Method: "PUT", Path: scopePath, Body: map[string]any{"address_scope": map[string]any{"ip_version": 6}}},
		{Sample: "neutron-address-scope-no-version-400.txt", Method: "POST", Path: "/network/v2.0/address-scopes", Body: map[string]any{"address_scope": map[string]any{"name": "x"}}},
		{Sample: "neutron-address-scope-bad-version-400.txt", Method: "POST", Path: "/network/v2.0/address-scopes", Body: map[string]any{"address_scope": map[string]any{"name": "x", "ip_version": 5}}},
	} {
		a.RefusesAsLab(c)
	}
	a.JSON("DELETE", scopePath, nil, 204)

	group := a.JSON("POST", "/network/v2.0/address-groups", map[string]any{"address_group": map[string]any{"name": "change-ag", "description": "d",
		"addresses": []string{"10.0.0.1/32", "192.168.0.0/24"}}}, 201)
	sandboxtest.SampleKeys(t, "neutron-address-group-create-201.json", group["address_group"].(map[string]any), sandboxtest.Under("address_group"))
	agPath := "/network/v2.0/address-groups/" + group["address_group"].(map[string]any)["id"].(string)
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-address-group-not-cidr-400.txt", Method: "POST", Path: "/network/v2.0/address-groups", Body: map[string]any{"address_group": map[string]any{"name": "x", "addresses": []string{"10.0.0.2"}}}})
	upd := a.JSON("PUT", agPath, map[string]any{"address_group": map[string]any{"name": "u", "description": ""}}, 200)
	sandboxtest.SampleKeys(t, "neutron-address-group-update.json", upd["address_group"].(map[string]any), sandboxtest.Under("address_group"))
	for _, c := range []sandboxtest.FaultCase{
		{Sample: "neutron-address-group-add-existing-400.txt", Method: "PUT", Path: agPath + "/add_addresses", Body: map[string]any{"addresses": []string{"192.168.170.0/24", "10.0.0.1/32"}}},
		{Sample: "neutron-address-group-remove-absent-404.txt", Method: "PUT", Path: agPath + "/remove_addresses", Body: map[string]any{"addresses": []string{"192.168.170.0/24", "1.1.1.1/32"}}},
		{Sample: "neutron-address-group-add-invalid-400.txt", Method: "PUT", Path: agPath + "/add_addresses", Body: map[string]any{"addresses": []string{"x"}}},
	} {
		a.RefusesAsLab(c)
	}
	added := a.JSON("PUT", agPath+"/add_addresses", map[string]any{"addresses": []string{"10.0.0.3", "10.0.0.9/24"}}, 200)
	sandboxtest.SampleKeys(t, "neutron-address-group-add.json", added["address_group"].(map[string]any), sandboxtest.Under("address_group"))
	a.SameFields("neutron-address-group-add.json", added, "address_group", "addresses", "revision_number")

	sandboxtest.SameAsSample(t, "neutron-network-ip-availabilities.json", a.JSON("GET", "/network/v2.0/network-ip-availabilities", nil, 200))
	net := a.FirstID("/network/v2.0/networks", "networks", "private")
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-network-ip-availability-404.txt", Method: "GET", Path: "/network/v2.0/network-ip-availabilities/" + net})

	sg := a.JSON("POST", "/network/v2.0/security-groups", map[string]any{"security_group": map[string]any{"name": "change-sg", "stateful": false}}, 201)["security_group"].(map[string]any)["id"].(string)
	a.JSON("POST", "/network/v2.0/ports", map[string]any{"port": map[string]any{"network_id": net, "security_groups": []string{sg}}}, 201)
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-security-group-stateful-in-use-409.txt", Method: "PUT", Path: "/network/v2.0/security-groups/" + sg, Body: map[string]any{"security_group": map[string]any{"stateful": true}}})
	rule := func(min, max int) map[string]any {
		return map[string]any{"security_group_id": sg, "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp",
			"description": "Rule description", "port_range_min": min, "port_range_max": max}
	}
	bulk := a.JSON("POST", "/network/v2.0/security-group-rules", map[string]any{"security_group_rules": []any{rule(1080, 1090), rule(1081, 1091)}}, 201)
	sandboxtest.SampleKeys(t, "neutron-security-group-rules-bulk-201.json", bulk["security_group_rules"].([]any)[1].(map[string]any), func(m map[string]any) map[string]any {
		return m["security_group_rules"].([]any)[1].(map[string]any)
	})
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-security-group-rules-bulk-400.txt", Method: "POST", Path: "/network/v2.0/security-group-rules", Body: map[string]any{"security_group_rules": []any{rule(2080, 2090),
		map[string]any{"security_group_id": sg, "direction": "inbound"}}}})
	shown := a.JSON("GET", "/network/v2.0/security-groups/"+sg, nil, 200)
	a.SameFields("neutron-security-group-stateless.json", shown, "security_group", "stateful")
	if n := len(shown["security_group"].(map[string]any)["security_group_rules"].([]any)); n != 4 {
		t.Errorf("the group's rules: %d, want its 2 egress rules and the 2 of the bulk create (not the one refused with its bad neighbour)", n)
	}
}
