package network_test

import (
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/network"
)

func TestSecurityGroups(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	list := servertest.CallAs[network.SecurityGroupList](t, h, "list_security_groups", nil)
	if len(list.SecurityGroups) != 1 || list.SecurityGroups[0].Name != "default" || list.SecurityGroups[0].RuleCount != 4 {
		t.Fatalf("groups: %+v", list)
	}
	def := servertest.CallAs[network.SecurityGroup](t, h, "get_security_group", map[string]any{"security_group_id": "default"})
	var ingress []string
	for _, r := range def.Rules {
		if r.Direction == "ingress" {
			ingress = append(ingress, r.EtherType+" from "+r.RemoteGroupID)
		}
	}
	if len(def.Rules) != 4 || strings.Join(ingress, ",") != "IPv4 from "+def.ID+",IPv6 from "+def.ID {
		t.Errorf("default group's rules: %+v", def.Rules)
	}
	h.Call(t, "delete_security_group", map[string]any{"security_group_id": "default"}).WantError(t, "conflict", "default security group")

	web := servertest.CallAs[network.SecurityGroup](t, h, "create_security_group", map[string]any{"name": "web", "description": "http"})
	if web.Name != "web" || web.Description != "http" || len(web.Rules) != 2 || web.Rules[0].Direction != "egress" || web.Rules[0].Protocol != "any" {
		t.Fatalf("created: %+v", web)
	}
	id := server(t, h, "vm-1", "private", map[string]any{"security_groups": []string{"web"}})
	h.Call(t, "delete_security_group", map[string]any{"security_group_id": "web"}).WantError(t, "conflict",
		"security group web is in use by server vm-1 ("+id+")", "remove_instance_security_group")

	groups := servertest.CallAs[network.InstanceGroups](t, h, "add_instance_security_group", map[string]any{"instance_id": "vm-1", "security_group_id": "default"})
	if strings.Join(groups.SecurityGroups, ",") != "web,default" {
		t.Errorf("after add: %+v", groups)
	}
	// Again: no change, and Nova (which refuses a group the server has) is
	// not asked.
	actions := h.Sandbox.Stats().ByRoute["POST /compute/v2.1/servers/{id}/action"]
	again := servertest.CallAs[network.InstanceGroups](t, h, "add_instance_security_group", map[string]any{"instance_id": "vm-1", "security_group_id": "default"})
	if strings.Join(again.SecurityGroups, ",") != "web,default" || h.Sandbox.Stats().ByRoute["POST /compute/v2.1/servers/{id}/action"] != actions {
		t.Errorf("adding again: %+v", again)
	}
	h.Call(t, "remove_instance_security_group", map[string]any{"instance_id": "vm-1", "security_group_id": "web"}).MustSucceed(t).Decode(t, &groups)
	if strings.Join(groups.SecurityGroups, ",") != "default" {
		t.Errorf("after remove: %+v", groups)
	}
	h.Call(t, "remove_instance_security_group", map[string]any{"instance_id": "vm-1", "security_group_id": "web"}).WantError(t,
		"not_found", "not associated with the instance")
	del := servertest.CallAs[network.Deleted](t, h, "delete_security_group", map[string]any{"security_group_id": "web"})
	if !del.Success || del.ID != web.ID {
		t.Errorf("deleted: %+v", del)
	}
	h.Call(t, "get_security_group", map[string]any{"security_group_id": "web"}).WantError(t, "not_found")
}

func TestSecurityGroupRules(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	h.Call(t, "create_security_group", map[string]any{"name": "ssh"}).MustSucceed(t)
	add := func(args map[string]any) servertest.Result {
		args["security_group_id"] = "ssh"
		return h.Call(t, "add_security_group_rule", args)
	}
	var r network.AddedRule
	add(map[string]any{"port_min": 22, "remote_ip_prefix": "203.0.113.0/24"}).MustSucceed(t).Decode(t, &r)
	if r.Direction != "ingress" || r.Protocol != "tcp" || *r.PortMin != 22 || *r.PortMax != 22 || r.EtherType != "IPv4" || r.Warning != "" {
		t.Errorf("tcp/22 from 203.0.113.0/24: %+v", r)
	}
	var v6 network.AddedRule
	add(map[string]any{"port_min": 22, "remote_ip_prefix": "::/0"}).MustSucceed(t).Decode(t, &v6)
	if v6.EtherType != "IPv6" || !strings.Contains(v6.Warning, "ssh (22) to the whole internet (::/0)") {
		t.Errorf("ssh from ::/0: %+v", v6)
	}
	var all network.AddedRule
	add(map[string]any{"protocol": "any", "remote_ip_prefix": "0.0.0.0/0"}).MustSucceed(t).Decode(t, &all)
	if all.Protocol != "any" || !strings.Contains(all.Warning, "every protocol and port") {
		t.Errorf("everything from 0.0.0.0/0: %+v", all)
	}
	var ping network.AddedRule
	add(map[string]any{"protocol": "icmp", "port_min": 0, "remote_ip_prefix": "0.0.0.0/0"}).MustSucceed(t).Decode(t, &ping)
	if ping.PortMin == nil || *ping.PortMin != 0 || ping.Warning != "" {
		t.Errorf("icmp type 0: %+v", ping)
	}
	var egress network.AddedRule
	add(map[string]any{"direction": "egress", "protocol": "udp", "port_min": 53, "port_max": 53}).MustSucceed(t).Decode(t, &egress)
	if egress.Direction != "egress" || egress.RemoteIPPrefix != "" {
		t.Errorf("egress udp/53: %+v", egress)
	}

	for name, c := range map[string]struct {
		args  map[string]any
		code  string
		words []string
	}{
		"bad cidr":       {map[string]any{"port_min": 22, "remote_ip_prefix": "300.1.1.0/24"}, "invalid_argument", []string{"300.1.1.0/24", "not a CIDR"}},
		"no prefix":      {map[string]any{"port_min": 22}, "invalid_argument", []string{"remote_ip_prefix is required"}},
		"port 70000":     {map[string]any{"port_min": 70000, "remote_ip_prefix": "10.0.0.0/8"}, "invalid_argument", []string{"port_min", "65535"}},
		"min > max":      {map[string]any{"port_min": 443, "port_max": 80, "remote_ip_prefix": "10.0.0.0/8"}, "invalid_argument", []string{"port_min 443 is greater than port_max 80"}},
		"max alone":      {map[string]any{"port_max": 80, "remote_ip_prefix": "10.0.0.0/8"}, "invalid_argument", []string{"port_max needs port_min"}},
		"ports for any":  {map[string]any{"protocol": "any", "port_min": 80, "remote_ip_prefix": "10.0.0.0/8"}, "invalid_argument", []string{"takes no ports"}},
		"icmp type 300":  {map[string]any{"protocol": "icmp", "port_min": 300, "remote_ip_prefix": "10.0.0.0/8"}, "invalid_argument", []string{"0 to 255"}},
		"duplicate":      {map[string]any{"port_min": 22, "remote_ip_prefix": "203.0.113.0/24"}, "conflict", []string{"Security group rule already exists. Rule id is " + r.ID}},
		"bad direction":  {map[string]any{"direction": "inbound", "remote_ip_prefix": "10.0.0.0/8"}, "invalid_argument", []string{"direction"}},
		"unknown group":  {map[string]any{"security_group_id": "nope", "remote_ip_prefix": "10.0.0.0/8"}, "not_found", []string{"nope"}},
		"bad protocol":   {map[string]any{"protocol": "sctp", "remote_ip_prefix": "10.0.0.0/8"}, "invalid_argument", []string{"protocol"}},
		"negative ports": {map[string]any{"port_min": -1, "remote_ip_prefix": "10.0.0.0/8"}, "invalid_argument", []string{"port_min"}},
	} {
		args := c.args
		if _, ok := args["security_group_id"]; !ok {
			args = map[string]any{}
			for k, v := range c.args {
				args[k] = v
			}
			args["security_group_id"] = "ssh"
		}
		t.Run(name, func(t *testing.T) {
			h.Call(t, "add_security_group_rule", args).WantError(t, c.code, c.words...)
		})
	}

	if del := servertest.CallAs[network.Deleted](t, h, "delete_security_group_rule", map[string]any{"rule_id": v6.ID}); !del.Success || del.ID != v6.ID {
		t.Errorf("deleted rule: %+v", del)
	}
	h.Call(t, "delete_security_group_rule", map[string]any{"rule_id": v6.ID}).WantError(t, "not_found")
	g := servertest.CallAs[network.SecurityGroup](t, h, "get_security_group", map[string]any{"security_group_id": "ssh"})
	if g.RuleCount != 6 {
		t.Errorf("rules left: %+v", g.Rules)
	}
}

// A rule is judged on the addresses it admits: 1.2.3.4/0 is all of IPv4
// (stored and shown as 0.0.0.0/0, with the warning), two halves of the
// internet together warn as the whole would, and an address alone is that
// one address, said in the result.
func TestSecurityGroupRuleOpensWhatItAdmits(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	h.Call(t, "create_security_group", map[string]any{"name": "spelt"}).MustSucceed(t)
	add := func(args map[string]any) network.AddedRule {
		args["security_group_id"] = "spelt"
		return servertest.CallAs[network.AddedRule](t, h, "add_security_group_rule", args)
	}
	masked := add(map[string]any{"port_min": 22, "remote_ip_prefix": "1.2.3.4/0"})
	if masked.RemoteIPPrefix != "0.0.0.0/0" || !strings.Contains(masked.Warning, "ssh (22) to the whole internet") ||
		!strings.Contains(masked.Note, "1.2.3.4/0 was taken as 0.0.0.0/0") {
		t.Errorf("tcp/22 from 1.2.3.4/0: %+v", masked)
	}
	g := servertest.CallAs[network.SecurityGroup](t, h, "get_security_group", map[string]any{"security_group_id": "spelt"})
	if !slicesContainsPrefix(g.Rules, "0.0.0.0/0") || slicesContainsPrefix(g.Rules, "1.2.3.4/0") {
		t.Errorf("stored: %+v", g.Rules)
	}

	h.Call(t, "create_security_group", map[string]any{"name": "halves"}).MustSucceed(t)
	half := func(prefix string) network.AddedRule {
		return servertest.CallAs[network.AddedRule](t, h, "add_security_group_rule",
			map[string]any{"security_group_id": "halves", "port_min": 20, "port_max": 25, "remote_ip_prefix": prefix})
	}
	if low := half("0.0.0.0/1"); low.Warning != "" {
		t.Errorf("half the internet alone: %+v", low)
	}
	if high := half("128.0.0.0/1"); !strings.Contains(high.Warning, "this group's rules together open ssh (22, IPv4), telnet (23, IPv4) to the whole internet") {
		t.Errorf("the other half: %+v", high)
	}
	if v6 := half("::/1"); v6.Warning != "" {
		t.Errorf("half of IPv6 alone: %+v", v6)
	}
	// A port no administrator's service uses: no warning, though the
	// halves cover the internet.
	web := servertest.CallAs[network.AddedRule](t, h, "add_security_group_rule",
		map[string]any{"security_group_id": "halves", "port_min": 443, "remote_ip_prefix": "128.0.0.0/1"})
	if web.Warning != "" {
		t.Errorf("https: %+v", web)
	}

	one := add(map[string]any{"port_min": 2222, "remote_ip_prefix": "203.0.113.7"})
	if one.RemoteIPPrefix != "203.0.113.7/32" || one.Warning != "" || !strings.Contains(one.Note, "taken as 203.0.113.7/32") {
		t.Errorf("tcp/22 from 203.0.113.7: %+v", one)
	}
	if v6 := add(map[string]any{"port_min": 22, "remote_ip_prefix": "2001:db8::7"}); v6.RemoteIPPrefix != "2001:db8::7/128" || v6.EtherType != "IPv6" {
		t.Errorf("tcp/22 from 2001:db8::7: %+v", v6)
	}
}

func slicesContainsPrefix(rules []network.Rule, prefix string) bool {
	for _, r := range rules {
		if r.RemoteIPPrefix == prefix {
			return true
		}
	}
	return false
}
