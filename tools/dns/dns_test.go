package dns_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/designate"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/dns"
)

// server makes an ACTIVE server on network and returns its ID.
func server(t *testing.T, h *servertest.Harness, name, network string) string {
	t.Helper()
	var s struct {
		ID string `json:"id"`
	}
	h.Call(t, "create_instance", map[string]any{"name": name, "flavor": "a1-ram2-disk20-perf1", "image": "Debian 12 bookworm",
		"network": network}).MustSucceed(t).Decode(t, &s)
	return s.ID
}

// writes counts the requests that change Designate's zones and record sets.
func writes(h *servertest.Harness) int {
	n := 0
	for route, c := range h.Sandbox.Stats().ByRoute {
		if strings.Contains(route, " /dns/") && !strings.HasPrefix(route, "GET ") {
			n += c
		}
	}
	return n
}

func TestZones(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	z := servertest.CallAs[dns.Zone](t, h, "create_zone", map[string]any{"name": "Example.com", "ttl": 600})
	if z.Name != "example.com." || z.Status != "ACTIVE" || z.Email != "hostmaster@example.com" || z.TTL != 600 {
		t.Fatalf("created: %+v", z)
	}
	h.Call(t, "create_zone", map[string]any{"name": "example.com."}).WantError(t, "conflict", "example.com.", z.ID)
	h.Call(t, "create_zone", map[string]any{"name": strings.TrimSuffix(designate.TakenZoneName, ".")}).WantError(t, "conflict",
		"zone "+designate.TakenZoneName+" belongs to another project", "a subdomain such as app.")
	h.Call(t, "create_zone", map[string]any{"name": "localhost"}).WantError(t, "invalid_argument", "not a domain name", "two labels")
	h.Call(t, "create_zone", map[string]any{"name": "example.net", "email": "nobody"}).WantError(t, "invalid_argument", "not an address")
	h.Call(t, "create_zone", map[string]any{"name": "example.net", "ttl": 5}).WantError(t, "invalid_argument", "ttl")

	// A zone the name servers do not take: ERROR, said, and kept.
	h.Call(t, "create_zone", map[string]any{"name": designate.ErrorZoneName}).WantError(t, "conflict", "went to ERROR",
		"the name servers did not take its create", "is kept")
	h.Call(t, "delete_zone", map[string]any{"zone": designate.ErrorZoneName}).MustSucceed(t)

	list := servertest.CallAs[dns.ZoneList](t, h, "list_zones", nil)
	if len(list.Zones) != 1 || list.Zones[0].ID != z.ID {
		t.Fatalf("listed (another project's zone must not show): %+v", list)
	}
	if named := servertest.CallAs[dns.ZoneList](t, h, "list_zones", map[string]any{"name": "example.com"}); len(named.Zones) != 1 {
		t.Errorf("by name: %+v", named)
	}
	h.Call(t, "delete_zone", map[string]any{"zone": "exmaple.com"}).WantError(t, "not_found", "example.com.")
	del := servertest.CallAs[dns.Deleted](t, h, "delete_zone", map[string]any{"zone": "example.com"})
	if !del.Success || del.ID != z.ID {
		t.Errorf("deleted: %+v", del)
	}
	if left := servertest.CallAs[dns.ZoneList](t, h, "list_zones", nil); len(left.Zones) != 0 {
		t.Errorf("after the delete: %+v", left)
	}
}

// TestSetRecordToServer: a server's public addresses go into A and AAAA
// record sets; the same call again sends nothing that changes.
func TestSetRecordToServer(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	server(t, h, "web-1", "ext-net1")
	h.CallContext(context.Background(), t, "create_zone", map[string]any{"name": "example.com"}, "zone-1").MustSucceed(t)
	if p := h.ProgressFor("zone-1"); len(p) == 0 || p[len(p)-1].Message == "" || p[len(p)-1].Progress != p[len(p)-1].Total {
		t.Errorf("create_zone's progress: %+v", p)
	} else if p[0].Total != 2 || p[0].Progress != 1 || !strings.Contains(p[0].Message, "PENDING") {
		t.Errorf("create_zone's first step: %+v", p[0])
	}
	set := map[string]any{"zone": "example.com", "name": "www", "target": "web-1"}
	first := servertest.CallAs[dns.SetResult](t, h, "set_record", set)
	if !first.Changed || len(first.RecordSets) != 2 {
		t.Fatalf("first set: %+v", first)
	}
	for i, typ := range []string{"A", "AAAA"} {
		r := first.RecordSets[i]
		if r.Type != typ || r.Name != "www.example.com." || r.Status != "ACTIVE" || len(r.Records) != 1 {
			t.Errorf("%s: %+v", typ, r)
		}
	}
	before := writes(h)
	again := servertest.CallAs[dns.SetResult](t, h, "set_record", set)
	if again.Changed || writes(h) != before {
		t.Errorf("the same call again changed something: %+v, %d writes", again, writes(h)-before)
	}
	listed := servertest.CallAs[dns.RecordSetList](t, h, "list_records", map[string]any{"zone": "example.com", "name": "www"})
	if len(listed.RecordSets) != 2 || listed.Zone != "example.com." {
		t.Errorf("listed: %+v", listed)
	}
	if all := servertest.CallAs[dns.RecordSetList](t, h, "list_records", map[string]any{"zone": "example.com"}); len(all.RecordSets) != 4 {
		t.Errorf("all (SOA, NS, A, AAAA): %+v", all)
	}
	only := servertest.CallAs[dns.SetResult](t, h, "set_record", map[string]any{"zone": "example.com", "name": "www.example.com",
		"type": "A", "records": []string{"203.0.113.9"}, "ttl": 300})
	if !only.Changed || len(only.RecordSets) != 1 || only.RecordSets[0].Records[0] != "203.0.113.9" || only.RecordSets[0].TTL != 300 {
		t.Errorf("replaced: %+v", only)
	}
	h.Call(t, "delete_record", map[string]any{"zone": "example.com", "name": "www", "type": "A"}).MustSucceed(t)
	h.Call(t, "delete_record", map[string]any{"zone": "example.com", "name": "www", "type": "A"}).WantError(t, "not_found",
		"no A record set named www.example.com.")
	if left := servertest.CallAs[dns.RecordSetList](t, h, "list_records", map[string]any{"zone": "example.com", "type": "A"}); len(left.RecordSets) != 0 {
		t.Errorf("A left: %+v", left)
	}
}

// TestSetRecordRefusals: what a record set cannot be is refused before
// anything is sent, with what to do.
func TestSetRecordRefusals(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	server(t, h, "db-1", "private") // no public address
	servertest.CallAs[dns.Zone](t, h, "create_zone", map[string]any{"name": "example.com"})
	h.Call(t, "set_record", map[string]any{"zone": "example.com", "name": "www", "type": "A", "records": []string{"203.0.113.7"}}).MustSucceed(t)
	h.Call(t, "set_record", map[string]any{"zone": "example.com", "name": "mail", "type": "CNAME", "records": []string{"www.example.com"}}).MustSucceed(t)
	before := writes(h)
	for _, c := range []struct {
		args   map[string]any
		code   string
		phrase []string
	}{
		{map[string]any{"name": "www", "type": "CNAME", "records": []string{"web.example.org"}}, "invalid_argument",
			[]string{"www.example.com. has A records, and a name with a CNAME can have no other records", "delete_record"}},
		{map[string]any{"name": "mail", "type": "TXT", "records": []string{"hello"}}, "invalid_argument",
			[]string{"mail.example.com. is a CNAME (an alias of www.example.com.)"}},
		{map[string]any{"name": "v6", "type": "A", "records": []string{"2001:db8::7"}}, "invalid_argument",
			[]string{`"2001:db8::7" is not a A record`, "use AAAA"}},
		{map[string]any{"name": "v4", "type": "AAAA", "records": []string{"203.0.113.7"}}, "invalid_argument", []string{"use A for IPv4"}},
		{map[string]any{"name": "x", "type": "A", "records": []string{"web-1"}}, "invalid_argument", []string{"IPv4 address is expected"}},
		{map[string]any{"name": "www.example.org.", "type": "A", "records": []string{"203.0.113.7"}}, "invalid_argument",
			[]string{"www.example.org. is outside zone example.com.", "relative to the zone"}},
		{map[string]any{"name": "www", "type": "A", "records": []string{"203.0.113.7"}, "ttl": 10}, "invalid_argument", []string{"ttl"}},
		{map[string]any{"name": "www", "type": "A", "records": []string{"203.0.113.7"}, "ttl": 10000000}, "invalid_argument", []string{"ttl"}},
		{map[string]any{"name": "mx", "type": "MX", "records": []string{"mail.example.com."}}, "invalid_argument", []string{"<priority> <mail server>"}},
		{map[string]any{"name": "www", "target": "db-1", "records": []string{"203.0.113.7"}}, "invalid_argument", []string{"not both"}},
		{map[string]any{"name": "www", "target": "db-1", "type": "TXT"}, "invalid_argument", []string{"for A and AAAA records, not TXT"}},
		{map[string]any{"name": "db", "target": "db-1"}, "invalid_argument", []string{"server db-1 has no public address", "create_floating_ip"}},
		{map[string]any{"name": "lb", "target": "web-lb"}, "not_found", []string{"web-lb"}},
		{map[string]any{"name": "www"}, "invalid_argument", []string{"no records and no target"}},
		{map[string]any{"zone": "nowhere.example", "name": "www", "type": "A", "records": []string{"203.0.113.7"}}, "not_found", []string{"nowhere.example."}},
	} {
		args := map[string]any{"zone": "example.com"}
		for k, v := range c.args {
			args[k] = v
		}
		h.Call(t, "set_record", args).WantError(t, c.code, c.phrase...)
	}
	if writes(h) != before {
		t.Errorf("refused calls sent %d changes", writes(h)-before)
	}
	mx := servertest.CallAs[dns.SetResult](t, h, "set_record", map[string]any{"zone": "example.com", "name": "@", "type": "MX",
		"records": []string{"10 mail.example.com"}})
	if r := mx.RecordSets[0]; r.Name != "example.com." || r.Records[0] != "10 mail.example.com." {
		t.Errorf("MX at the apex, host name qualified: %+v", r)
	}
}

// TestSetRecordToLoadBalancer: a load balancer named as a target gives the
// floating IP that points at its VIP (the VIP itself is private).
func TestSetRecordToLoadBalancer(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	h.Call(t, "create_network", map[string]any{"name": "web"}).MustSucceed(t)
	server(t, h, "web-1", "web")
	var lb struct {
		FloatingIP string `json:"floating_ip"`
	}
	h.Call(t, "create_load_balancer", map[string]any{"name": "web-lb", "network": "web",
		"listeners": []any{map[string]any{"protocol": "HTTP", "port": 80}},
		"members":   []any{map[string]any{"server": "web-1", "port": 8080}}, "floating_ip": true}).MustSucceed(t).Decode(t, &lb)
	if lb.FloatingIP == "" {
		t.Fatal("the load balancer has no floating IP")
	}
	servertest.CallAs[dns.Zone](t, h, "create_zone", map[string]any{"name": "example.com"})
	got := servertest.CallAs[dns.SetResult](t, h, "set_record", map[string]any{"zone": "example.com", "name": "www", "target": "web-lb"})
	if len(got.RecordSets) != 1 || got.RecordSets[0].Type != "A" || len(got.RecordSets[0].Records) != 1 || got.RecordSets[0].Records[0] != lb.FloatingIP {
		t.Errorf("www to web-lb (floating IP %s): %+v", lb.FloatingIP, got)
	}
	h.Call(t, "set_record", map[string]any{"zone": "example.com", "name": "www", "target": "no-such-lb"}).WantError(t, "not_found",
		"no server and no load balancer no-such-lb")
}

// TestTargetWithoutOctavia: where the cloud has no load-balancer service,
// a target that is no server says a load balancer cannot be one here.
func TestTargetWithoutOctavia(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{Without: []string{"load-balancer"}}))
	servertest.CallAs[dns.Zone](t, h, "create_zone", map[string]any{"name": "example.com"})
	h.Call(t, "set_record", map[string]any{"zone": "example.com", "name": "www", "target": "web-lb"}).WantError(t, "not_found",
		"no server web-lb, and this cloud has no load-balancer service", "list_instances")
}

// TestNoDesignate: on a cloud without Designate the dns tools say so, and
// the other toolsets still work.
func TestNoDesignate(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{Without: []string{"dns"}}))
	h.Call(t, "list_zones", nil).WantError(t, "unavailable", "dns")
	h.Call(t, "list_flavors", nil).MustSucceed(t)
}
