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
	var f network.FloatingIP
	h.Call(t, "create_floating_ip", map[string]any{"instance_id": "vm-1"}).MustSucceed(t).Decode(t, &f)
	if f.Network != "ext-floating1" || f.InstanceID != vm || !strings.HasPrefix(f.FixedIP, "10.0.0.") || !strings.HasPrefix(f.Address, "198.51.100.") {
		t.Fatalf("created and associated: %+v", f)
	}
	// Associating again with the same server is no change; elsewhere is refused, naming the server.
	h.Call(t, "associate_floating_ip", map[string]any{"floating_ip": f.Address, "instance_id": vm}).MustSucceed(t)
	vm2 := server(t, h, "vm-2", "private", nil)
	h.Call(t, "associate_floating_ip", map[string]any{"floating_ip": f.Address, "instance_id": "vm-2"}).WantError(t, "conflict",
		"floating IP "+f.Address+" is associated with server vm-1 ("+vm+") at "+f.FixedIP, "disassociate_floating_ip")
	// A server on ext-net1 has no router to ext-floating1.
	var spare network.FloatingIP
	h.Call(t, "create_floating_ip", nil).MustSucceed(t).Decode(t, &spare)
	if spare.InstanceID != "" || spare.Status != "DOWN" {
		t.Errorf("spare: %+v", spare)
	}
	h.Call(t, "associate_floating_ip", map[string]any{"floating_ip": spare.ID, "instance_id": pub}).WantError(t, "invalid_argument",
		"server pub-1's network has no router to ext-floating1", "is not reachable from subnet")
	// The fixed IP already has one.
	h.Call(t, "associate_floating_ip", map[string]any{"floating_ip": spare.ID, "instance_id": "vm-1"}).WantError(t, "conflict",
		"already has a floating IP")
	var moved network.FloatingIP
	h.Call(t, "associate_floating_ip", map[string]any{"floating_ip": spare.Address, "instance_id": vm2}).MustSucceed(t).Decode(t, &moved)
	if moved.InstanceID != vm2 {
		t.Errorf("associated with vm-2: %+v", moved)
	}

	var mine network.FloatingIPList
	h.Call(t, "list_floating_ips", map[string]any{"instance_id": "vm-1"}).MustSucceed(t).Decode(t, &mine)
	if len(mine.FloatingIPs) != 1 || mine.FloatingIPs[0].ID != f.ID {
		t.Errorf("vm-1's: %+v", mine)
	}
	var off network.FloatingIP
	h.Call(t, "disassociate_floating_ip", map[string]any{"floating_ip": f.Address}).MustSucceed(t).Decode(t, &off)
	if off.InstanceID != "" || off.FixedIP != "" {
		t.Errorf("disassociated: %+v", off)
	}
	h.Call(t, "disassociate_floating_ip", map[string]any{"floating_ip": f.ID}).MustSucceed(t)
	var rel network.Released
	h.Call(t, "delete_floating_ip", map[string]any{"floating_ip": f.Address}).MustSucceed(t).Decode(t, &rel)
	if !rel.Success || rel.Address != f.Address {
		t.Errorf("released: %+v", rel)
	}
	h.Call(t, "delete_floating_ip", map[string]any{"floating_ip": f.Address}).WantError(t, "not_found", f.Address)
	var all network.FloatingIPList
	h.Call(t, "list_floating_ips", nil).MustSucceed(t).Decode(t, &all)
	if len(all.FloatingIPs) != 1 || all.FloatingIPs[0].ID != spare.ID {
		t.Errorf("left: %+v", all)
	}
}

func TestConsoleLogAndQuotas(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	server(t, h, "web-1", "private", nil)
	var log network.ConsoleLog
	h.Call(t, "get_instance_console_log", map[string]any{"instance_id": "web-1", "lines": 3}).MustSucceed(t).Decode(t, &log)
	if log.Lines != 3 || !strings.HasSuffix(log.Output, "web-1 login: ") {
		t.Errorf("console: %+v", log)
	}
	h.Call(t, "get_instance_console_log", map[string]any{"instance_id": "web-1"}).MustSucceed(t).Decode(t, &log)
	if log.Lines < 20 || !strings.Contains(log.Output, "SSH HOST KEY") {
		t.Errorf("default lines: %d", log.Lines)
	}
	h.Call(t, "get_instance_console_log", map[string]any{"instance_id": "web-1", "lines": 5000}).WantError(t, "invalid_argument", "lines")

	var q network.Quotas
	h.Call(t, "get_quotas", nil).MustSucceed(t).Decode(t, &q)
	if q.Compute == nil || q.Compute.Instances.InUse != 1 || q.Compute.Cores.InUse != 1 || q.Compute.RAMMB.InUse != 2048 || q.Compute.Instances.Limit != 50 {
		t.Errorf("compute: %+v", q.Compute)
	}
	if q.Volume == nil || q.Volume.Volumes.Limit != 10 || q.Network == nil || q.Network.SecurityGroups.InUse != 1 ||
		q.Network.SecurityGroupRules.InUse != 4 || q.Network.FloatingIPs.Limit != 50 || len(q.Unavailable) != 0 {
		t.Errorf("quotas: %+v %+v %+v", q.Volume, q.Network, q.Unavailable)
	}
}
