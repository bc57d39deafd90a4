package neutron_test

import (
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// TestNeutronMatchesSamples compares the keys of what the sandbox's Neutron
// (and Nova, for what it reads from Neutron) answers with what the lab's
// answered (test/openstack/capture-samples.sh).
func TestNeutronMatchesSamples(t *testing.T) {
	a := newAPI(t)
	a.JSON("POST", "/compute/v2.1/os-keypairs", map[string]any{"keypair": map[string]any{"name": "sample-key"}}, 201)
	ext := a.FirstID("/network/v2.0/networks", "networks", "ext-floating1")
	first := func(key string) func(map[string]any) map[string]any {
		return func(m map[string]any) map[string]any { return m[key].([]any)[0].(map[string]any) }
	}
	named := func(key, name string) func(map[string]any) map[string]any {
		return func(m map[string]any) map[string]any {
			for _, x := range m[key].([]any) {
				if x.(map[string]any)["name"] == name {
					return x.(map[string]any)
				}
			}
			t.Fatalf("no %s named %s", key, name)
			return nil
		}
	}
	networks := a.JSON("GET", "/network/v2.0/networks", nil, 200)
	sandboxtest.SampleKeys(t, "neutron-networks.json", named("networks", "ext-floating1")(networks), named("networks", "ext-floating1"))
	sandboxtest.SampleKeys(t, "neutron-networks.json", named("networks", "private")(networks), named("networks", "demo-net"))
	sandboxtest.SampleKeys(t, "neutron-subnets.json", a.JSON("GET", "/network/v2.0/subnets", nil, 200)["subnets"].([]any)[0].(map[string]any), first("subnets"))
	router := a.JSON("GET", "/network/v2.0/routers", nil, 200)["routers"].([]any)[0].(map[string]any)
	sandboxtest.SampleKeys(t, "neutron-routers.json", router, first("routers"))
	sandboxtest.SampleKeys(t, "neutron-routers.json", router["external_gateway_info"].(map[string]any), func(m map[string]any) map[string]any {
		return first("routers")(m)["external_gateway_info"].(map[string]any)
	})

	created := a.JSON("POST", "/network/v2.0/security-groups", map[string]any{"security_group": map[string]any{"name": "sample-sg", "description": "d"}}, 201)["security_group"].(map[string]any)
	sandboxtest.SampleKeys(t, "neutron-security-group-create-201.json", created, sandboxtest.Under("security_group"))
	embedded := func(m map[string]any) map[string]any {
		return m["security_group"].(map[string]any)["security_group_rules"].([]any)[0].(map[string]any)
	}
	sandboxtest.SampleKeys(t, "neutron-security-group-create-201.json", created["security_group_rules"].([]any)[0].(map[string]any), embedded)
	sg := created["id"].(string)
	rule := a.addRule(map[string]any{"security_group_id": sg, "direction": "ingress", "protocol": "tcp",
		"port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "203.0.113.0/24"})
	sandboxtest.SampleKeys(t, "neutron-security-group-rule-create-201.json", rule, sandboxtest.Under("security_group_rule"))
	if rule["description"] != "" {
		t.Errorf("a user's rule has an empty description, not null: %v", rule["description"])
	}
	listed := a.JSON("GET", "/network/v2.0/security-group-rules?security_group_id="+sg, nil, 200)
	sandboxtest.SampleKeys(t, "neutron-security-group-rules.json", listed["security_group_rules"].([]any)[0].(map[string]any), first("security_group_rules"))
	shown := a.JSON("GET", "/network/v2.0/security-groups/"+sg, nil, 200)
	sandboxtest.SampleKeys(t, "neutron-security-group.json", shown["security_group"].(map[string]any), sandboxtest.Under("security_group"))

	srv := a.CreateServer("sample-vm2", "Debian 12 bookworm", "private", map[string]any{"key_name": "sample-key",
		"security_groups": []map[string]string{{"name": "sample-sg"}}})
	a.Clock.Advance(4 * time.Second)
	port := a.serverPort(srv)
	sandboxtest.SampleKeys(t, "neutron-port.json", port, sandboxtest.Under("port"))
	sandboxtest.SampleKeys(t, "neutron-ports-device.json", port, first("ports"))
	fip := a.JSON("POST", "/network/v2.0/floatingips", map[string]any{"floatingip": map[string]any{"floating_network_id": ext}}, 201)["floatingip"].(map[string]any)
	sandboxtest.SampleKeys(t, "neutron-floatingip-create-201.json", fip, sandboxtest.Under("floatingip"))
	assoc := a.JSON("PUT", "/network/v2.0/floatingips/"+fip["id"].(string), map[string]any{"floatingip": map[string]any{"port_id": port["id"]}}, 200)["floatingip"].(map[string]any)
	sandboxtest.SampleKeys(t, "neutron-floatingip-associate.json", assoc, sandboxtest.Under("floatingip"))
	sandboxtest.SampleKeys(t, "neutron-floatingip-associate.json", assoc["port_details"].(map[string]any), func(m map[string]any) map[string]any {
		return m["floatingip"].(map[string]any)["port_details"].(map[string]any)
	})
	sandboxtest.SampleKeys(t, "neutron-floatingips.json", a.JSON("GET", "/network/v2.0/floatingips", nil, 200)["floatingips"].([]any)[0].(map[string]any), first("floatingips"))
	server := a.Server(srv)
	sandboxtest.SampleKeys(t, "nova-server-floating.json", server, sandboxtest.Under("server"))
	floating := server["addresses"].(map[string]any)["private"].([]any)
	if len(floating) != 2 {
		t.Fatalf("addresses: %v", floating)
	}
	sandboxtest.SampleKeys(t, "nova-server-floating.json", floating[1].(map[string]any), func(m map[string]any) map[string]any {
		for _, addrs := range m["server"].(map[string]any)["addresses"].(map[string]any) {
			return addrs.([]any)[1].(map[string]any)
		}
		return nil
	})
	console := a.JSON("POST", "/compute/v2.1/servers/"+srv+"/action", map[string]any{"os-getConsoleOutput": map[string]any{"length": 5}}, 200)
	sandboxtest.SampleKeys(t, "nova-console-output.json", console, func(m map[string]any) map[string]any { return m })
	sandboxtest.SampleKeys(t, "neutron-quotas-details.json", a.JSON("GET", "/network/v2.0/quotas/"+a.Sandbox.ProjectID()+"/details", nil, 200)["quota"].(map[string]any), sandboxtest.Under("quota"))
	sandboxtest.SampleKeys(t, "neutron-quotas-details.json", a.JSON("GET", "/network/v2.0/quotas/"+a.Sandbox.ProjectID()+"/details", nil, 200)["quota"].(map[string]any)["port"].(map[string]any),
		func(m map[string]any) map[string]any { return m["quota"].(map[string]any)["port"].(map[string]any) })
}

// TestNetworkFaultsMatchSamples sends the requests the lab refused and
// compares the sandbox's refusals with the lab's, IDs and addresses aside.
func TestNetworkFaultsMatchSamples(t *testing.T) {
	a := newAPI(t)
	ext := a.FirstID("/network/v2.0/networks", "networks", "ext-floating1")
	private := a.FirstID("/network/v2.0/networks", "networks", "private")
	def := a.FirstID("/network/v2.0/security-groups", "security_groups", "default")
	sg := a.NewGroup("sample-sg")
	pub := a.CreateServer("pub", "Debian 12 bookworm", "ext-net1", nil)
	srv := a.CreateServer("vm", "Debian 12 bookworm", "private", map[string]any{"security_groups": []map[string]string{{"name": "sample-sg"}}})
	a.Clock.Advance(4 * time.Second)
	rule := func(extra map[string]any) map[string]any {
		r := map[string]any{"security_group_id": sg, "direction": "ingress", "protocol": "tcp", "port_range_min": 22, "port_range_max": 22}
		for k, v := range extra {
			r[k] = v
		}
		return map[string]any{"security_group_rule": r}
	}
	a.addRule(rule(map[string]any{"remote_ip_prefix": "203.0.113.0/24"})["security_group_rule"].(map[string]any))
	fip := a.JSON("POST", "/network/v2.0/floatingips", map[string]any{"floatingip": map[string]any{"floating_network_id": ext}}, 201)["floatingip"].(map[string]any)["id"].(string)
	fip2 := a.JSON("POST", "/network/v2.0/floatingips", map[string]any{"floatingip": map[string]any{"floating_network_id": ext}}, 201)["floatingip"].(map[string]any)["id"].(string)
	a.JSON("PUT", "/network/v2.0/floatingips/"+fip, map[string]any{"floatingip": map[string]any{"port_id": a.serverPort(srv)["id"]}}, 200)
	action := func(sample string, body map[string]any) sandboxtest.FaultCase {
		return sandboxtest.FaultCase{Sample: sample, Method: "POST", Path: "/compute/v2.1/servers/" + srv + "/action", Body: body}
	}
	cases := []sandboxtest.FaultCase{
		{Sample: "neutron-filter-invalid-400.txt", Method: "GET", Path: "/network/v2.0/security-groups?nope=1"},
		{Sample: "neutron-security-group-delete-default-in-use-409.txt", Method: "DELETE", Path: "/network/v2.0/security-groups/" + def},
		{Sample: "neutron-security-group-create-default-409.txt", Method: "POST", Path: "/network/v2.0/security-groups", Body: map[string]any{"security_group": map[string]any{"name": "default"}}},
		{Sample: "neutron-security-group-rule-duplicate-409.txt", Method: "POST", Path: "/network/v2.0/security-group-rules", Body: rule(map[string]any{"remote_ip_prefix": "203.0.113.0/24"})},
		{Sample: "neutron-security-group-rule-bad-cidr-400.txt", Method: "POST", Path: "/network/v2.0/security-group-rules", Body: rule(map[string]any{"remote_ip_prefix": "300.1.1.0/24"})},
		{Sample: "neutron-security-group-rule-ethertype-400.txt", Method: "POST", Path: "/network/v2.0/security-group-rules", Body: rule(map[string]any{"remote_ip_prefix": "::/0"})},
		{Sample: "neutron-security-group-rule-port-70000-400.txt", Method: "POST", Path: "/network/v2.0/security-group-rules", Body: rule(map[string]any{"port_range_max": 70000})},
		{Sample: "neutron-security-group-rule-port-range-400.txt", Method: "POST", Path: "/network/v2.0/security-group-rules", Body: rule(map[string]any{"port_range_min": 80})},
		{Sample: "neutron-security-group-rule-no-protocol-400.txt", Method: "POST", Path: "/network/v2.0/security-group-rules", Body: rule(map[string]any{"protocol": nil})},
		{Sample: "neutron-security-group-rule-direction-400.txt", Method: "POST", Path: "/network/v2.0/security-group-rules", Body: rule(map[string]any{"direction": "inbound"})},
		{Sample: "neutron-floatingip-not-external-400.txt", Method: "POST", Path: "/network/v2.0/floatingips", Body: map[string]any{"floatingip": map[string]any{"floating_network_id": private}}},
		{Sample: "neutron-floatingip-already-associated-409.txt", Method: "PUT", Path: "/network/v2.0/floatingips/" + fip2, Body: map[string]any{"floatingip": map[string]any{"port_id": a.serverPort(srv)["id"]}}},
		{Sample: "neutron-floatingip-unreachable-404.txt", Method: "PUT", Path: "/network/v2.0/floatingips/" + fip2, Body: map[string]any{"floatingip": map[string]any{"port_id": a.serverPort(pub)["id"]}}},
		{Sample: "neutron-floatingip-404.txt", Method: "DELETE", Path: "/network/v2.0/floatingips/" + sg},
		{Sample: "nova-server-create-unknown-group-400.txt", Method: "POST", Path: "/compute/v2.1/servers", Body: map[string]any{"server": map[string]any{"name": "x",
			"flavorRef": a.FirstID("/compute/v2.1/flavors", "flavors", "a1-ram2-disk20-perf1"),
			"imageRef":  a.FirstID("/image/v2/images", "images", "Debian 12 bookworm"), "networks": "auto",
			"security_groups": []map[string]string{{"name": "no-such-group"}}}}},
		action("nova-console-output-bad-length-400.txt", map[string]any{"os-getConsoleOutput": map[string]any{"length": "many"}}),
		action("nova-server-add-security-group-unknown-404.txt", map[string]any{"addSecurityGroup": map[string]any{"name": "no-such-group"}}),
		action("nova-server-add-security-group-again-400.txt", map[string]any{"addSecurityGroup": map[string]any{"name": "sample-sg"}}),
		action("nova-server-remove-security-group-absent-404.txt", map[string]any{"removeSecurityGroup": map[string]any{"name": "default"}}),
	}
	for _, c := range cases {
		a.RefusesAsLab(c)
	}
	// With no server left, the default group is refused for being the default.
	a.JSON("DELETE", "/compute/v2.1/servers/"+srv, nil, 204)
	a.JSON("DELETE", "/compute/v2.1/servers/"+pub, nil, 204)
	a.Clock.Advance(time.Second)
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-security-group-delete-default-409.txt", Method: "DELETE", Path: "/network/v2.0/security-groups/" + def})
}
