package nova_test

import (
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// Nova's os-security-groups proxy, made as capture-neutron-change-samples.sh
// made it on the lab: Neutron's groups in Nova's words, Neutron's refusals
// as Nova relays them, nothing from 2.36.
func TestNovaSecurityGroupsProxyAsLab(t *testing.T) {
	a := newAPI(t)
	a.Microversion = "2.1"
	const groups, rules = "/compute/v2.1/os-security-groups", "/compute/v2.1/os-security-group-rules"
	created := a.JSON("POST", groups, map[string]any{"security_group": map[string]any{"name": "proxy-sg", "description": "something"}}, 200)
	sameShape(t, "nova-os-security-group-create.json", created, "security_group")
	sg := created["security_group"].(map[string]any)["id"].(string)
	upd := a.JSON("PUT", groups+"/"+sg, map[string]any{"security_group": map[string]any{"name": "proxy-sg2", "description": ""}}, 200)
	a.SameFields("nova-os-security-group-update.json", upd, "security_group", "name", "description", "rules")
	rule := func(extra map[string]any) map[string]any {
		r := map[string]any{"parent_group_id": sg}
		for k, v := range extra {
			r[k] = v
		}
		return map[string]any{"security_group_rule": r}
	}
	tcp := rule(map[string]any{"from_port": 80, "to_port": 95, "ip_protocol": "TCP", "cidr": "0.0.0.0/0"})
	made := a.JSON("POST", rules, tcp, 200)
	sandboxtest.SampleKeys(t, "nova-os-security-group-rule-create.json", made["security_group_rule"].(map[string]any), sandboxtest.Under("security_group_rule"))
	a.SameFields("nova-os-security-group-rule-create.json", made, "security_group_rule", "ip_protocol", "from_port", "to_port", "group", "ip_range")
	for _, c := range []sandboxtest.FaultCase{
		{Sample: "nova-os-security-group-rule-duplicate-403.txt", Method: "POST", Path: rules, Body: tcp},
		{Sample: "nova-os-security-group-rule-protocol-400.txt", Method: "POST", Path: rules, Body: rule(map[string]any{"from_port": 80, "to_port": 95, "ip_protocol": "bogus", "cidr": "0.0.0.0/0"})},
		{Sample: "nova-os-security-group-rule-range-400.txt", Method: "POST", Path: rules, Body: rule(map[string]any{"from_port": 95, "to_port": 80, "ip_protocol": "tcp", "cidr": "0.0.0.0/0"})},
	} {
		a.RefusesAsLab(c)
	}
	a.SameFields("nova-os-security-group-rule-icmp.json", a.JSON("POST", rules, rule(map[string]any{"ip_protocol": "icmp", "from_port": -1, "to_port": -1}), 200),
		"security_group_rule", "ip_protocol", "from_port", "to_port", "group", "ip_range")
	remote := a.JSON("POST", rules, rule(map[string]any{"ip_protocol": "tcp", "from_port": 22, "to_port": 22, "group_id": sg}), 200)
	a.SameFields("nova-os-security-group-rule-remote-group.json", remote, "security_group_rule", "ip_protocol", "from_port", "to_port", "ip_range")
	if g := remote["security_group_rule"].(map[string]any)["group"].(map[string]any); g["name"] != "proxy-sg2" || g["tenant_id"] != a.Sandbox.ProjectID() {
		t.Errorf("a rule's remote group: %v", g)
	}
	shown := a.JSON("GET", groups+"/"+sg, nil, 200)
	sameShape(t, "nova-os-security-group.json", shown, "security_group")
	if n := len(shown["security_group"].(map[string]any)["rules"].([]any)); n != 3 {
		t.Errorf("the group shows %d rules, want its 3 ingress ones (not Neutron's egress ones)", n)
	}
	listed := a.JSON("GET", groups, nil, 200)
	sandboxtest.SampleKeys(t, "nova-os-security-groups.json", listed["security_groups"].([]any)[0].(map[string]any), sandboxtest.FirstOf("security_groups"))
	def := a.FirstID("/network/v2.0/security-groups", "security_groups", "default")
	for _, c := range []sandboxtest.FaultCase{
		{Sample: "nova-os-security-group-404.txt", Method: "GET", Path: groups + "/" + a.FirstID("/network/v2.0/networks", "networks", "private")},
		{Sample: "nova-os-security-group-default-403.txt", Method: "POST", Path: groups, Body: map[string]any{"security_group": map[string]any{"name": "default", "description": "x"}}},
		{Sample: "nova-os-security-group-no-description-400.txt", Method: "POST", Path: groups, Body: map[string]any{"security_group": map[string]any{"name": "x"}}},
		{Sample: "nova-os-security-group-delete-default-400.txt", Method: "DELETE", Path: groups + "/" + def},
	} {
		a.RefusesAsLab(c)
	}
	a.JSON("DELETE", groups+"/"+sg, nil, 202)
	a.Microversion = "2.36"
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-os-security-groups-2.36-404.txt", Method: "GET", Path: groups})
}

// sameShape compares the keys of the sandbox's {"<key>": {...}} answer
// with the lab's sample.
func sameShape(t *testing.T, sample string, got map[string]any, key string) {
	t.Helper()
	sandboxtest.SampleKeys(t, sample, got[key].(map[string]any), sandboxtest.Under(key))
}
