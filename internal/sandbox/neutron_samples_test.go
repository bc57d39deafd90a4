package sandbox_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestNeutronMatchesSamples compares the keys of what the sandbox's Neutron
// (and Nova, for what it reads from Neutron) answers with what the lab's
// answered (test/openstack/capture-samples.sh).
func TestNeutronMatchesSamples(t *testing.T) {
	a := newAPI(t)
	a.json("POST", "/compute/v2.1/os-keypairs", map[string]any{"keypair": map[string]any{"name": "sample-key"}}, 201)
	ext := a.firstID("/network/v2.0/networks", "networks", "ext-floating1")
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
	networks := a.json("GET", "/network/v2.0/networks", nil, 200)
	sampleKeys(t, "neutron-networks.json", named("networks", "ext-floating1")(networks), named("networks", "ext-floating1"))
	sampleKeys(t, "neutron-networks.json", named("networks", "private")(networks), named("networks", "demo-net"))
	sampleKeys(t, "neutron-subnets.json", a.json("GET", "/network/v2.0/subnets", nil, 200)["subnets"].([]any)[0].(map[string]any), first("subnets"))
	router := a.json("GET", "/network/v2.0/routers", nil, 200)["routers"].([]any)[0].(map[string]any)
	sampleKeys(t, "neutron-routers.json", router, first("routers"))
	sampleKeys(t, "neutron-routers.json", router["external_gateway_info"].(map[string]any), func(m map[string]any) map[string]any {
		return first("routers")(m)["external_gateway_info"].(map[string]any)
	})

	created := a.json("POST", "/network/v2.0/security-groups", map[string]any{"security_group": map[string]any{"name": "sample-sg", "description": "d"}}, 201)["security_group"].(map[string]any)
	sampleKeys(t, "neutron-security-group-create-201.json", created, under("security_group"))
	embedded := func(m map[string]any) map[string]any {
		return m["security_group"].(map[string]any)["security_group_rules"].([]any)[0].(map[string]any)
	}
	sampleKeys(t, "neutron-security-group-create-201.json", created["security_group_rules"].([]any)[0].(map[string]any), embedded)
	sg := created["id"].(string)
	rule := a.addRule(map[string]any{"security_group_id": sg, "direction": "ingress", "protocol": "tcp",
		"port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "203.0.113.0/24"})
	sampleKeys(t, "neutron-security-group-rule-create-201.json", rule, under("security_group_rule"))
	if rule["description"] != "" {
		t.Errorf("a user's rule has an empty description, not null: %v", rule["description"])
	}
	listed := a.json("GET", "/network/v2.0/security-group-rules?security_group_id="+sg, nil, 200)
	sampleKeys(t, "neutron-security-group-rules.json", listed["security_group_rules"].([]any)[0].(map[string]any), first("security_group_rules"))
	shown := a.json("GET", "/network/v2.0/security-groups/"+sg, nil, 200)
	sampleKeys(t, "neutron-security-group.json", shown["security_group"].(map[string]any), under("security_group"))

	srv := a.create("sample-vm2", "Debian 12 bookworm", "private", map[string]any{"key_name": "sample-key",
		"security_groups": []map[string]string{{"name": "sample-sg"}}})
	a.clock.Advance(4 * time.Second)
	port := a.serverPort(srv)
	sampleKeys(t, "neutron-port.json", port, under("port"))
	sampleKeys(t, "neutron-ports-device.json", port, first("ports"))
	fip := a.json("POST", "/network/v2.0/floatingips", map[string]any{"floatingip": map[string]any{"floating_network_id": ext}}, 201)["floatingip"].(map[string]any)
	sampleKeys(t, "neutron-floatingip-create-201.json", fip, under("floatingip"))
	assoc := a.json("PUT", "/network/v2.0/floatingips/"+fip["id"].(string), map[string]any{"floatingip": map[string]any{"port_id": port["id"]}}, 200)["floatingip"].(map[string]any)
	sampleKeys(t, "neutron-floatingip-associate.json", assoc, under("floatingip"))
	sampleKeys(t, "neutron-floatingip-associate.json", assoc["port_details"].(map[string]any), func(m map[string]any) map[string]any {
		return m["floatingip"].(map[string]any)["port_details"].(map[string]any)
	})
	sampleKeys(t, "neutron-floatingips.json", a.json("GET", "/network/v2.0/floatingips", nil, 200)["floatingips"].([]any)[0].(map[string]any), first("floatingips"))
	server := a.server(srv)
	sampleKeys(t, "nova-server-floating.json", server, under("server"))
	floating := server["addresses"].(map[string]any)["private"].([]any)
	if len(floating) != 2 {
		t.Fatalf("addresses: %v", floating)
	}
	sampleKeys(t, "nova-server-floating.json", floating[1].(map[string]any), func(m map[string]any) map[string]any {
		for _, addrs := range m["server"].(map[string]any)["addresses"].(map[string]any) {
			return addrs.([]any)[1].(map[string]any)
		}
		return nil
	})
	console := a.json("POST", "/compute/v2.1/servers/"+srv+"/action", map[string]any{"os-getConsoleOutput": map[string]any{"length": 5}}, 200)
	sampleKeys(t, "nova-console-output.json", console, func(m map[string]any) map[string]any { return m })
	sampleKeys(t, "neutron-quotas-details.json", a.json("GET", "/network/v2.0/quotas/"+a.sb.ProjectID()+"/details", nil, 200)["quota"].(map[string]any), under("quota"))
	sampleKeys(t, "neutron-quotas-details.json", a.json("GET", "/network/v2.0/quotas/"+a.sb.ProjectID()+"/details", nil, 200)["quota"].(map[string]any)["port"].(map[string]any),
		func(m map[string]any) map[string]any { return m["quota"].(map[string]any)["port"].(map[string]any) })
}

// faultIDs are what varies between the lab's and the sandbox's faults: IDs
// and addresses; the words must not.
var faultIDs = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|\d+\.\d+\.\d+\.\d+`)

func normalizeFault(body string) string {
	var v any
	if json.Unmarshal([]byte(body), &v) == nil {
		b, _ := json.Marshal(v)
		body = string(b)
	}
	return faultIDs.ReplaceAllString(body, "<x>")
}

// faultCase is a request the lab refused, and the sample of its refusal.
type faultCase struct {
	sample       string
	method, path string
	body         any
}

// refusesAsLab sends c's request and compares the sandbox's refusal with
// the lab's, IDs and addresses aside.
func (a *api) refusesAsLab(c faultCase) {
	a.t.Helper()
	wantStatus, wantBody := sampleFault(a.t, c.sample)
	status, got, _ := a.do(c.method, c.path, c.body)
	if status != wantStatus || normalizeFault(string(got)) != normalizeFault(wantBody) {
		a.t.Errorf("%s: the sandbox answered %d %s\nthe lab: %d %s", c.sample, status, got, wantStatus, wantBody)
	}
}

// sampleFault reads the fault of a .txt sample: the body, then the status.
func sampleFault(t *testing.T, name string) (int, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(samplesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	body, status, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	var code int
	if err := json.Unmarshal([]byte(status), &code); err != nil {
		t.Fatalf("%s: status %q", name, status)
	}
	return code, body
}

// TestNetworkFaultsMatchSamples sends the requests the lab refused and
// compares the sandbox's refusals with the lab's, IDs and addresses aside.
func TestNetworkFaultsMatchSamples(t *testing.T) {
	a := newAPI(t)
	ext := a.firstID("/network/v2.0/networks", "networks", "ext-floating1")
	private := a.firstID("/network/v2.0/networks", "networks", "private")
	def := a.firstID("/network/v2.0/security-groups", "security_groups", "default")
	sg := a.newGroup("sample-sg")
	pub := a.create("pub", "Debian 12 bookworm", "ext-net1", nil)
	srv := a.create("vm", "Debian 12 bookworm", "private", map[string]any{"security_groups": []map[string]string{{"name": "sample-sg"}}})
	a.clock.Advance(4 * time.Second)
	rule := func(extra map[string]any) map[string]any {
		r := map[string]any{"security_group_id": sg, "direction": "ingress", "protocol": "tcp", "port_range_min": 22, "port_range_max": 22}
		for k, v := range extra {
			r[k] = v
		}
		return map[string]any{"security_group_rule": r}
	}
	a.addRule(rule(map[string]any{"remote_ip_prefix": "203.0.113.0/24"})["security_group_rule"].(map[string]any))
	fip := a.json("POST", "/network/v2.0/floatingips", map[string]any{"floatingip": map[string]any{"floating_network_id": ext}}, 201)["floatingip"].(map[string]any)["id"].(string)
	fip2 := a.json("POST", "/network/v2.0/floatingips", map[string]any{"floatingip": map[string]any{"floating_network_id": ext}}, 201)["floatingip"].(map[string]any)["id"].(string)
	a.json("PUT", "/network/v2.0/floatingips/"+fip, map[string]any{"floatingip": map[string]any{"port_id": a.serverPort(srv)["id"]}}, 200)
	action := func(sample string, body map[string]any) faultCase {
		return faultCase{sample, "POST", "/compute/v2.1/servers/" + srv + "/action", body}
	}
	cases := []faultCase{
		{"neutron-filter-invalid-400.txt", "GET", "/network/v2.0/security-groups?nope=1", nil},
		{"neutron-security-group-delete-default-in-use-409.txt", "DELETE", "/network/v2.0/security-groups/" + def, nil},
		{"neutron-security-group-create-default-409.txt", "POST", "/network/v2.0/security-groups", map[string]any{"security_group": map[string]any{"name": "default"}}},
		{"neutron-security-group-rule-duplicate-409.txt", "POST", "/network/v2.0/security-group-rules", rule(map[string]any{"remote_ip_prefix": "203.0.113.0/24"})},
		{"neutron-security-group-rule-bad-cidr-400.txt", "POST", "/network/v2.0/security-group-rules", rule(map[string]any{"remote_ip_prefix": "300.1.1.0/24"})},
		{"neutron-security-group-rule-ethertype-400.txt", "POST", "/network/v2.0/security-group-rules", rule(map[string]any{"remote_ip_prefix": "::/0"})},
		{"neutron-security-group-rule-port-70000-400.txt", "POST", "/network/v2.0/security-group-rules", rule(map[string]any{"port_range_max": 70000})},
		{"neutron-security-group-rule-port-range-400.txt", "POST", "/network/v2.0/security-group-rules", rule(map[string]any{"port_range_min": 80})},
		{"neutron-security-group-rule-no-protocol-400.txt", "POST", "/network/v2.0/security-group-rules", rule(map[string]any{"protocol": nil})},
		{"neutron-security-group-rule-direction-400.txt", "POST", "/network/v2.0/security-group-rules", rule(map[string]any{"direction": "inbound"})},
		{"neutron-floatingip-not-external-400.txt", "POST", "/network/v2.0/floatingips", map[string]any{"floatingip": map[string]any{"floating_network_id": private}}},
		{"neutron-floatingip-already-associated-409.txt", "PUT", "/network/v2.0/floatingips/" + fip2, map[string]any{"floatingip": map[string]any{"port_id": a.serverPort(srv)["id"]}}},
		{"neutron-floatingip-unreachable-404.txt", "PUT", "/network/v2.0/floatingips/" + fip2, map[string]any{"floatingip": map[string]any{"port_id": a.serverPort(pub)["id"]}}},
		{"neutron-floatingip-404.txt", "DELETE", "/network/v2.0/floatingips/" + sg, nil},
		{"nova-server-create-unknown-group-400.txt", "POST", "/compute/v2.1/servers", map[string]any{"server": map[string]any{"name": "x",
			"flavorRef": a.firstID("/compute/v2.1/flavors", "flavors", "a1-ram2-disk20-perf1"),
			"imageRef":  a.firstID("/image/v2/images", "images", "Debian 12 bookworm"), "networks": "auto",
			"security_groups": []map[string]string{{"name": "no-such-group"}}}}},
		action("nova-console-output-bad-length-400.txt", map[string]any{"os-getConsoleOutput": map[string]any{"length": "many"}}),
		action("nova-server-add-security-group-unknown-404.txt", map[string]any{"addSecurityGroup": map[string]any{"name": "no-such-group"}}),
		action("nova-server-add-security-group-again-400.txt", map[string]any{"addSecurityGroup": map[string]any{"name": "sample-sg"}}),
		action("nova-server-remove-security-group-absent-404.txt", map[string]any{"removeSecurityGroup": map[string]any{"name": "default"}}),
	}
	for _, c := range cases {
		a.refusesAsLab(c)
	}
	// With no server left, the default group is refused for being the default.
	a.json("DELETE", "/compute/v2.1/servers/"+srv, nil, 204)
	a.json("DELETE", "/compute/v2.1/servers/"+pub, nil, 204)
	a.clock.Advance(time.Second)
	a.refusesAsLab(faultCase{"neutron-security-group-delete-default-409.txt", "DELETE", "/network/v2.0/security-groups/" + def, nil})
}
