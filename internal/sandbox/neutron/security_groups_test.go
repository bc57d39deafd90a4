package neutron_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

func TestDefaultSecurityGroup(t *testing.T) {
	a := newAPI(t)
	groups := a.JSON("GET", "/network/v2.0/security-groups", nil, 200)["security_groups"].([]any)
	if len(groups) != 1 {
		t.Fatalf("groups: %v", groups)
	}
	g := groups[0].(map[string]any)
	if g["name"] != "default" || g["description"] != "Default security group" {
		t.Fatalf("default group: %v", g)
	}
	var rules []string
	for _, x := range g["security_group_rules"].([]any) {
		r := x.(map[string]any)
		remote := "anywhere"
		if r["remote_group_id"] == g["id"] {
			remote = "same group"
		}
		rules = append(rules, fmt.Sprintf("%s %s %v %s", r["direction"], r["ethertype"], r["protocol"], remote))
	}
	want := "[egress IPv4 <nil> anywhere egress IPv6 <nil> anywhere ingress IPv4 <nil> same group ingress IPv6 <nil> same group]"
	if fmt.Sprint(rules) != want {
		t.Errorf("default rules: %v", rules)
	}
	a.neutronRefuses("DELETE", "/network/v2.0/security-groups/"+g["id"].(string), nil, 409,
		"SecurityGroupCannotRemoveDefault", "Insufficient rights for removing default security group.")
	a.neutronRefuses("POST", "/network/v2.0/security-groups", map[string]any{"security_group": map[string]any{"name": "default"}}, 409,
		"SecurityGroupDefaultAlreadyExists", "Default security group already exists.")
	a.neutronRefuses("GET", "/network/v2.0/security-groups?nope=1", nil, 400, "HTTPBadRequest", "['nope'] is invalid attribute for filtering")
}

func TestSecurityGroupRules(t *testing.T) {
	a := newAPI(t)
	id := a.NewGroup("ssh")
	g := a.JSON("GET", "/network/v2.0/security-groups/"+id, nil, 200)["security_group"].(map[string]any)
	if n := len(g["security_group_rules"].([]any)); n != 2 {
		t.Fatalf("a new group has Neutron's two egress rules, got %d", n)
	}
	ssh := map[string]any{"security_group_id": id, "direction": "ingress", "protocol": "tcp",
		"port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "203.0.113.0/24"}
	r := a.addRule(ssh)
	if r["ethertype"] != "IPv4" || r["port_range_min"] != float64(22) || r["normalized_cidr"] != "203.0.113.0/24" {
		t.Errorf("rule: %v", r)
	}
	a.neutronRefuses("POST", "/network/v2.0/security-group-rules", map[string]any{"security_group_rule": ssh}, 409,
		"SecurityGroupRuleExists", "Security group rule already exists. Rule id is "+r["id"].(string)+".")
	bad := func(change map[string]any, typ, msg string) {
		t.Helper()
		rule := map[string]any{}
		for k, v := range ssh {
			rule[k] = v
		}
		for k, v := range change {
			rule[k] = v
		}
		a.neutronRefuses("POST", "/network/v2.0/security-group-rules", map[string]any{"security_group_rule": rule}, 400, typ, msg)
	}
	bad(map[string]any{"remote_ip_prefix": "300.1.1.0/24"}, "InvalidCIDR", "Invalid CIDR 300.1.1.0/24 given as IP prefix.")
	bad(map[string]any{"port_range_max": 70000}, "SecurityGroupInvalidPortValue", "Invalid value for port 70000")
	bad(map[string]any{"port_range_min": 80, "port_range_max": 22}, "SecurityGroupInvalidPortRange", "For TCP/UDP protocols, port_range_min must be <= port_range_max")
	bad(map[string]any{"remote_ip_prefix": "::/0"}, "SecurityGroupRuleParameterConflict", "Conflicting value ethertype IPv4 for CIDR ::/0")
	bad(map[string]any{"protocol": nil}, "SecurityGroupProtocolRequiredWithPorts", "Must also specify protocol if port range is given.")
	bad(map[string]any{"direction": "inbound"}, "HTTPBadRequest", "Invalid input for direction. Reason: inbound is not in valid_values.")

	v6 := a.addRule(map[string]any{"security_group_id": id, "direction": "ingress", "ethertype": "IPv6", "protocol": "tcp",
		"port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "2001:db8::/32"})
	a.JSON("DELETE", "/network/v2.0/security-group-rules/"+v6["id"].(string), nil, 204)
	a.neutronRefuses("DELETE", "/network/v2.0/security-group-rules/"+v6["id"].(string), nil, 404,
		"SecurityGroupRuleNotFound", "Security group rule "+v6["id"].(string)+" does not exist")
	listed := a.JSON("GET", "/network/v2.0/security-group-rules?security_group_id="+id, nil, 200)["security_group_rules"].([]any)
	if len(listed) != 3 {
		t.Errorf("rules of the group: %v", listed)
	}
}

func TestSecurityGroupsOfServers(t *testing.T) {
	a := newAPI(t)
	web := a.NewGroup("web")
	srv := a.CreateServer("vm", "Debian 12 bookworm", "private", map[string]any{"security_groups": []map[string]string{{"name": "web"}}})
	a.neutronRefuses("DELETE", "/network/v2.0/security-groups/"+web, nil, 409, "SecurityGroupInUse", "Security Group "+web+" in use.")
	a.Clock.Advance(4 * time.Second)
	if g := fmt.Sprint(a.Server(srv)["security_groups"]); g != "[map[name:web]]" {
		t.Errorf("server's groups: %s", g)
	}
	a.JSON("POST", "/compute/v2.1/servers/"+srv+"/action", map[string]any{"addSecurityGroup": map[string]any{"name": "default"}}, 202)
	if g := a.serverPort(srv)["security_groups"].([]any); len(g) != 2 {
		t.Errorf("port's groups after add: %v", g)
	}
	a.JSON("POST", "/compute/v2.1/servers/"+srv+"/action", map[string]any{"removeSecurityGroup": map[string]any{"name": web}}, 202)
	if g := fmt.Sprint(a.Server(srv)["security_groups"]); g != "[map[name:default]]" {
		t.Errorf("server's groups after remove: %s", g)
	}
	status, b, _ := a.Do("POST", "/compute/v2.1/servers/"+srv+"/action", map[string]any{"removeSecurityGroup": map[string]any{"name": "web"}})
	if status != 404 {
		t.Errorf("removing a group the server does not have: %d %s", status, b)
	}
	sandboxtest.WantFault(t, b, "itemNotFound", 404, "Security group web not associated with the instance "+srv)
	a.JSON("DELETE", "/network/v2.0/security-groups/"+web, nil, 204)
	status, b, _ = a.Do("POST", "/compute/v2.1/servers/"+srv+"/action", map[string]any{"addSecurityGroup": map[string]any{"name": "web"}})
	if status != 404 {
		t.Errorf("adding a deleted group: %d %s", status, b)
	}
	// Two groups of one name: Nova wants an ID.
	a.NewGroup("twin")
	a.NewGroup("twin")
	status, b, _ = a.Do("POST", "/compute/v2.1/servers", map[string]any{"server": map[string]any{"name": "x",
		"flavorRef": a.FirstID("/compute/v2.1/flavors", "flavors", "a1-ram2-disk20-perf1"),
		"imageRef":  a.FirstID("/image/v2/images", "images", "Debian 12 bookworm"), "networks": "auto",
		"security_groups": []map[string]string{{"name": "twin"}}}})
	if status != 409 {
		t.Errorf("ambiguous group: %d %s", status, b)
	}
	// The server's deletion frees its port, and the group with it.
	a.JSON("DELETE", "/compute/v2.1/servers/"+srv, nil, 204)
	a.Clock.Advance(time.Second)
	if ports := a.JSON("GET", "/network/v2.0/ports?device_id="+srv, nil, 200)["ports"].([]any); len(ports) != 0 {
		t.Errorf("ports of a deleted server: %v", ports)
	}
}
