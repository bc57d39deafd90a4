package network_test

import (
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/network"
)

func TestFloatingIPs(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	vm := server(t, h, "vm-1", "private", nil)
	pub := server(t, h, "pub-1", "ext-net1", nil)

	h.Call(t, "create_floating_ip", map[string]any{"network": "private"}).WantError(t, "invalid_argument",
		"network private is not external", "ext-floating1")
	f := servertest.CallAs[network.FloatingIP](t, h, "create_floating_ip", map[string]any{"instance_id": "vm-1"})
	if f.Network != "ext-floating1" || f.InstanceID != vm || !strings.HasPrefix(f.FixedIP, "10.0.0.") || !strings.HasPrefix(f.Address, "198.51.100.") {
		t.Fatalf("created and associated: %+v", f)
	}
	// Associating again with the same server is no change; elsewhere is refused, naming the server.
	h.Call(t, "associate_floating_ip", map[string]any{"floating_ip": f.Address, "instance_id": vm}).MustSucceed(t)
	vm2 := server(t, h, "vm-2", "private", nil)
	h.Call(t, "associate_floating_ip", map[string]any{"floating_ip": f.Address, "instance_id": "vm-2"}).WantError(t, "conflict",
		"floating IP "+f.Address+" is associated with server vm-1 ("+vm+") at "+f.FixedIP, "disassociate_floating_ip")
	// A server on ext-net1 has no router to ext-floating1.
	spare := servertest.CallAs[network.FloatingIP](t, h, "create_floating_ip", nil)
	if spare.InstanceID != "" || spare.Status != "DOWN" {
		t.Errorf("spare: %+v", spare)
	}
	h.Call(t, "associate_floating_ip", map[string]any{"floating_ip": spare.ID, "instance_id": pub}).WantError(t, "invalid_argument",
		"server pub-1's network has no router to ext-floating1", "is not reachable from subnet")
	// The fixed IP already has one.
	h.Call(t, "associate_floating_ip", map[string]any{"floating_ip": spare.ID, "instance_id": "vm-1"}).WantError(t, "conflict",
		"already has a floating IP")
	moved := servertest.CallAs[network.FloatingIP](t, h, "associate_floating_ip", map[string]any{"floating_ip": spare.Address, "instance_id": vm2})
	if moved.InstanceID != vm2 {
		t.Errorf("associated with vm-2: %+v", moved)
	}

	mine := servertest.CallAs[network.FloatingIPList](t, h, "list_floating_ips", map[string]any{"instance_id": "vm-1"})
	if len(mine.FloatingIPs) != 1 || mine.FloatingIPs[0].ID != f.ID {
		t.Errorf("vm-1's: %+v", mine)
	}
	off := servertest.CallAs[network.FloatingIP](t, h, "disassociate_floating_ip", map[string]any{"floating_ip": f.Address})
	if off.InstanceID != "" || off.FixedIP != "" {
		t.Errorf("disassociated: %+v", off)
	}
	h.Call(t, "disassociate_floating_ip", map[string]any{"floating_ip": f.ID}).MustSucceed(t)
	rel := servertest.CallAs[network.Released](t, h, "delete_floating_ip", map[string]any{"floating_ip": f.Address})
	if !rel.Success || rel.Address != f.Address {
		t.Errorf("released: %+v", rel)
	}
	h.Call(t, "delete_floating_ip", map[string]any{"floating_ip": f.Address}).WantError(t, "not_found", f.Address)
	all := servertest.CallAs[network.FloatingIPList](t, h, "list_floating_ips", nil)
	if len(all.FloatingIPs) != 1 || all.FloatingIPs[0].ID != spare.ID {
		t.Errorf("left: %+v", all)
	}
}

func TestConsoleLogAndQuotas(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	server(t, h, "web-1", "private", nil)
	log := servertest.CallAs[network.ConsoleLog](t, h, "get_instance_console_log", map[string]any{"instance_id": "web-1", "lines": 3})
	if log.Lines != 3 || !strings.HasSuffix(log.Output, "web-1 login: ") {
		t.Errorf("console: %+v", log)
	}
	h.Call(t, "get_instance_console_log", map[string]any{"instance_id": "web-1"}).MustSucceed(t).Decode(t, &log)
	if log.Lines < 20 || !strings.Contains(log.Output, "SSH HOST KEY") {
		t.Errorf("default lines: %d", log.Lines)
	}
	h.Call(t, "get_instance_console_log", map[string]any{"instance_id": "web-1", "lines": 5000}).WantError(t, "invalid_argument", "lines")

	q := servertest.CallAs[network.Quotas](t, h, "get_quotas", nil)
	if q.Compute == nil || q.Compute.Instances.InUse != 1 || q.Compute.Cores.InUse != 1 || q.Compute.RAMMB.InUse != 2048 || q.Compute.Instances.Limit != 50 {
		t.Errorf("compute: %+v", q.Compute)
	}
	if q.Volume == nil || q.Volume.Volumes.Limit != 10 || q.Network == nil || q.Network.SecurityGroups.InUse != 1 ||
		q.Network.SecurityGroupRules.InUse != 4 || q.Network.FloatingIPs.Limit != 50 || len(q.Unavailable) != 0 {
		t.Errorf("quotas: %+v %+v %+v", q.Volume, q.Network, q.Unavailable)
	}
	if q.LoadBalancer == nil || q.LoadBalancer.LoadBalancers != (network.Quota{Limit: -1, InUse: 0}) {
		t.Errorf("load balancer quota: %+v", q.LoadBalancer)
	}
}
