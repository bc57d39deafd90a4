package designate_test

import (
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// TestOpenstackCLIDesignate: Debian's openstack CLI (its designate plugin,
// which the lab's designate packages bring) makes a zone and a record set
// in the sandbox, sees them go ACTIVE on the sandbox's clock, and deletes
// them.
func TestOpenstackCLIDesignate(t *testing.T) {
	_, clk, cli := sandboxtest.CLISandbox(t, sandbox.Options{ActionDelay: time.Second})
	var zone map[string]any
	cli(&zone, "zone", "create", "--email", "hostmaster@cli.test", "--ttl", "600", "cli.test.")
	if zone["name"] != "cli.test." || zone["status"] != "PENDING" || zone["ttl"] != float64(600) {
		t.Fatalf("zone create: %v", zone)
	}
	var rs map[string]any
	cli(&rs, "recordset", "create", "--type", "A", "--record", "203.0.113.7", "--record", "203.0.113.8", "cli.test.", "www")
	if rs["name"] != "www.cli.test." || rs["type"] != "A" || rs["status"] != "PENDING" {
		t.Fatalf("recordset create: %v", rs)
	}
	clk.Advance(2 * time.Second)
	var zones []map[string]any
	cli(&zones, "zone", "list")
	if len(zones) != 1 || zones[0]["status"] != "ACTIVE" {
		t.Fatalf("zone list: %v", zones)
	}
	var sets []map[string]any
	cli(&sets, "recordset", "list", "--type", "A", "cli.test.")
	if len(sets) != 1 || sets[0]["status"] != "ACTIVE" || sets[0]["name"] != "www.cli.test." {
		t.Fatalf("recordset list: %v", sets)
	}
	var shown map[string]any
	cli(&shown, "recordset", "show", "cli.test.", "www.cli.test.")
	if shown["records"] != "203.0.113.7\n203.0.113.8" && shown["records"] != "203.0.113.8\n203.0.113.7" {
		t.Errorf("recordset show: %v", shown)
	}
	cli(&rs, "recordset", "delete", "cli.test.", "www.cli.test.")
	cli(&zone, "zone", "delete", "cli.test.")
	if zone["action"] != "DELETE" {
		t.Errorf("zone delete: %v", zone)
	}
	clk.Advance(2 * time.Second)
	cli(&zones, "zone", "list")
	if len(zones) != 0 {
		t.Errorf("zones left: %v", zones)
	}
}
