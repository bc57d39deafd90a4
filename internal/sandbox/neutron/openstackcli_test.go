package neutron_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// TestOpenstackCLINetwork: the openstack CLI creates a security group and a
// rule, gives a server a floating IP from ext-floating1 and reads the
// quotas in the sandbox's Neutron, as it would in a real one.
func TestOpenstackCLINetwork(t *testing.T) {
	sb, clk, cli := sandboxtest.CLISandbox(t, sandbox.Options{BuildDelay: 100 * time.Millisecond, ActionDelay: 50 * time.Millisecond})
	var sg map[string]any
	cli(&sg, "security", "group", "create", "ssh")
	var rule map[string]any
	cli(&rule, "security", "group", "rule", "create", "--protocol", "tcp", "--dst-port", "22", "--remote-ip", "203.0.113.0/24", "ssh")
	if rule["port_range_min"] != float64(22) || rule["remote_ip_prefix"] != "203.0.113.0/24" || rule["ether_type"] != "IPv4" {
		t.Fatalf("rule create: %v", rule)
	}
	var srv map[string]any
	cli(&srv, "server", "create", "--flavor", "a1-ram2-disk20-perf1", "--image", "Debian 12 bookworm",
		"--network", "private", "--security-group", "ssh", "vm1")
	clk.Advance(150 * time.Millisecond)
	var fip map[string]any
	cli(&fip, "floating", "ip", "create", "ext-floating1")
	sandboxtest.OpenstackCLI(t, sb, "server", "add", "floating", "ip", "vm1", fip["floating_ip_address"].(string))
	var shown map[string]any
	cli(&shown, "server", "show", "vm1")
	if !strings.Contains(sandboxtest.Compact(shown["addresses"]), fip["floating_ip_address"].(string)) {
		t.Errorf("server show after add floating ip: %v", shown["addresses"])
	}
	var quota map[string]any
	cli(&quota, "quota", "show")
	if quota["floating-ips"] != float64(50) || quota["secgroup-rules"] != float64(100) || quota["instances"] != float64(50) {
		t.Errorf("quota show: %v", quota)
	}
}
