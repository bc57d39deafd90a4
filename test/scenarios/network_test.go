package scenarios

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The reachable server on every cloud: a security group with
// tcp/22 from 203.0.113.0/24, a server on a routed private network with that
// group and a keypair, a floating IP allocated and associated, get_instance
// showing the address and how to connect, the console log; then every
// piece removed, and the list tools show nothing left. The refusals of bad
// inputs are checked on the way.
func TestReachableServer(t *testing.T) {
	each(t, func(t *testing.T, c cloud) {
		for _, tool := range []string{"list_networks", "list_subnets", "list_security_groups", "list_floating_ips", "get_quotas"} {
			call(t, c, tool, nil)
		}
		call(t, c, "list_subnets", map[string]any{"network_id": c.routed})
		callErr(t, c, "delete_security_group", map[string]any{"security_group_id": "default"}, "conflict")

		group := unique("ssh")
		sg := call(t, c, "create_security_group", map[string]any{"name": group, "description": "ssh from the documentation range"})
		t.Cleanup(func() { c.h.Call(t, "delete_security_group", map[string]any{"security_group_id": sg["id"]}) })
		rule := call(t, c, "add_security_group_rule", map[string]any{"security_group_id": group, "port_min": 22,
			"remote_ip_prefix": "203.0.113.0/24"})
		if rule["ethertype"] != "IPv4" || rule["warning"] != nil {
			t.Errorf("rule: %v", rule)
		}
		for _, bad := range []struct {
			args map[string]any
			code string
		}{
			{map[string]any{"remote_ip_prefix": "300.1.1.0/24", "port_min": 22}, "invalid_argument"},
			{map[string]any{"remote_ip_prefix": "203.0.113.0/24", "port_min": 70000}, "invalid_argument"},
			{map[string]any{"remote_ip_prefix": "203.0.113.0/24", "port_min": 443, "port_max": 80}, "invalid_argument"},
			{map[string]any{"remote_ip_prefix": "203.0.113.0/24", "port_min": 22}, "conflict"}, // a duplicate
		} {
			bad.args["security_group_id"] = group
			callErr(t, c, "add_security_group_rule", bad.args, bad.code)
		}
		// A warned rule, then gone again.
		open := call(t, c, "add_security_group_rule", map[string]any{"security_group_id": group, "port_min": 3389,
			"remote_ip_prefix": "::/0"})
		if open["ethertype"] != "IPv6" || !strings.Contains(fmt.Sprint(open["warning"]), "rdp (3389)") {
			t.Errorf("rdp from ::/0: %v", open)
		}
		call(t, c, "delete_security_group_rule", map[string]any{"rule_id": open["id"]})
		got := call(t, c, "get_security_group", map[string]any{"security_group_id": group})
		if got["rule_count"] != float64(3) {
			t.Errorf("group's rules: %v", got["rules"])
		}

		key := unique("key")
		call(t, c, "create_keypair", map[string]any{"name": key})
		t.Cleanup(func() { c.h.Call(t, "delete_keypair", map[string]any{"name": key}) })
		name := unique("web")
		srv := call(t, c, "create_instance", map[string]any{"name": name, "flavor": c.flavor, "image": c.image,
			"network": c.routed, "key_name": key, "security_groups": []string{group}, "timeout_seconds": 300})
		id := srv["id"].(string)
		t.Cleanup(func() { c.h.Call(t, "delete_instance", map[string]any{"instance_id": id, "timeout_seconds": 300}) })
		callErr(t, c, "delete_security_group", map[string]any{"security_group_id": group}, "conflict")
		call(t, c, "add_instance_security_group", map[string]any{"instance_id": id, "security_group_id": "default"})
		call(t, c, "remove_instance_security_group", map[string]any{"instance_id": id, "security_group_id": "default"})

		callErr(t, c, "create_floating_ip", map[string]any{"network": c.routed}, "invalid_argument")
		fip := call(t, c, "create_floating_ip", nil)
		fid, addr := fip["id"].(string), fip["address"].(string)
		t.Cleanup(func() { c.h.Call(t, "delete_floating_ip", map[string]any{"floating_ip": fid}) })
		assoc := call(t, c, "associate_floating_ip", map[string]any{"floating_ip": addr, "instance_id": name})
		if assoc["instance_id"] != id {
			t.Fatalf("associated: %v", assoc)
		}
		// Listed while associated, so that both clouds show a floating IP's
		// whole shape to the sandbox/lab check, whatever else the project holds.
		call(t, c, "list_floating_ips", nil)
		inst := call(t, c, "get_instance", map[string]any{"instance_id": id})
		connect, _ := inst["connect"].(map[string]any)
		if connect == nil || !slices.Contains(connect["addresses"].([]any), any(addr)) ||
			!slices.Contains(connect["ssh_from"].([]any), any("203.0.113.0/24")) {
			t.Errorf("get_instance's connect: %v (addresses %v)", connect, inst["addresses"])
		}
		log := call(t, c, "get_instance_console_log", map[string]any{"instance_id": id, "lines": 10})
		if log["output"] == "" {
			t.Errorf("empty console log")
		}

		other := call(t, c, "create_instance", map[string]any{"name": unique("web2"), "flavor": c.flavor, "image": c.image,
			"network": c.routed, "timeout_seconds": 300})
		t.Cleanup(func() {
			c.h.Call(t, "delete_instance", map[string]any{"instance_id": other["id"], "timeout_seconds": 300})
		})
		msg := callErr(t, c, "associate_floating_ip", map[string]any{"floating_ip": fid, "instance_id": other["id"]}, "conflict")
		if !strings.Contains(msg, name) {
			t.Errorf("the conflict does not name the server: %s", msg)
		}
		call(t, c, "delete_instance", map[string]any{"instance_id": other["id"], "timeout_seconds": 300})

		call(t, c, "disassociate_floating_ip", map[string]any{"floating_ip": fid})
		call(t, c, "delete_floating_ip", map[string]any{"floating_ip": fid})
		call(t, c, "delete_instance", map[string]any{"instance_id": id, "timeout_seconds": 300})
		call(t, c, "delete_security_group", map[string]any{"security_group_id": group})
		call(t, c, "delete_keypair", map[string]any{"name": key})

		for _, f := range call(t, c, "list_floating_ips", nil)["floating_ips"].([]any) {
			if f.(map[string]any)["id"] == fid {
				t.Errorf("floating IP %s left", addr)
			}
		}
		for _, g := range call(t, c, "list_security_groups", nil)["security_groups"].([]any) {
			if g.(map[string]any)["name"] == group {
				t.Errorf("security group %s left", group)
			}
		}
		if l := call(t, c, "list_instances", map[string]any{"name": name})["instances"].([]any); len(l) != 0 {
			t.Errorf("server %s left", name)
		}
	})
}
