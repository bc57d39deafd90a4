package scenarios

import (
	"context"
	"fmt"
	"net"
	"slices"
	"testing"
	"time"
)

// A service with a name, on every cloud: a zone, www's A record pointed at a
// server by name (its public address put in), listed, set again without a
// change; on the lab, the lab's BIND answers the address to a DNS query;
// then the record and the zone deleted, and nothing left.
func TestNamedServer(t *testing.T) {
	each(t, func(t *testing.T, c cloud) {
		name := unique("www-host")
		srv := call(t, c, "create_instance", map[string]any{"name": name, "flavor": c.flavor, "image": c.image,
			"network": c.network, "timeout_seconds": 300})
		id := srv["id"].(string)
		t.Cleanup(func() { c.h.Call(t, "delete_instance", map[string]any{"instance_id": id, "timeout_seconds": 300}) })
		addrs := serverIPv4(t, c, id)

		domain := unique("scenario") + ".test"
		zone := call(t, c, "create_zone", map[string]any{"name": domain, "ttl": 300})
		if zone["name"] != domain+"." || zone["status"] != "ACTIVE" {
			t.Fatalf("zone: %v", zone)
		}
		t.Cleanup(func() { c.h.Call(t, "delete_zone", map[string]any{"zone": zone["id"]}) })
		callErr(t, c, "create_zone", map[string]any{"name": domain}, "conflict")

		set := map[string]any{"zone": domain, "name": "www", "type": "A", "target": name}
		first := call(t, c, "set_record", set)
		sets, _ := first["record_sets"].([]any)
		if first["changed"] != true || len(sets) != 1 {
			t.Fatalf("set_record: %v", first)
		}
		rs := sets[0].(map[string]any)
		if rs["name"] != "www."+domain+"." || rs["status"] != "ACTIVE" || !sameStrings(rs["records"], addrs) {
			t.Errorf("www's A record set: %v; the server's public IPv4: %v", rs, addrs)
		}
		listed := call(t, c, "list_records", map[string]any{"zone": domain, "type": "A", "name": "www"})
		if got, _ := listed["record_sets"].([]any); len(got) != 1 || got[0].(map[string]any)["id"] != rs["id"] {
			t.Errorf("list_records: %v", listed)
		}
		if again := call(t, c, "set_record", set); again["changed"] != false {
			t.Errorf("the same call again: %v", again)
		}
		callErr(t, c, "set_record", map[string]any{"zone": domain, "name": "www", "type": "CNAME", "records": []string{"example.org."}},
			"invalid_argument")

		if c.lab {
			answered := resolveAt(t, "127.0.0.1:53", "www."+domain)
			if !sameStrings(toAny(answered), addrs) {
				t.Errorf("the lab's name server answers www.%s: %v, want %v", domain, answered, addrs)
			}
		}

		call(t, c, "delete_record", map[string]any{"zone": domain, "name": "www", "type": "A"})
		if left := call(t, c, "list_records", map[string]any{"zone": domain, "type": "A"}); len(left["record_sets"].([]any)) != 0 {
			t.Errorf("A records left: %v", left)
		}
		deleted := call(t, c, "delete_zone", map[string]any{"zone": domain})
		if deleted["success"] != true || deleted["id"] != zone["id"] {
			t.Errorf("delete_zone: %v", deleted)
		}
		if left := call(t, c, "list_zones", map[string]any{"name": domain}); len(left["zones"].([]any)) != 0 {
			t.Errorf("zone left: %v", left)
		}
		callErr(t, c, "list_records", map[string]any{"zone": domain}, "not_found")
	})
}

// serverIPv4 are the public IPv4 addresses get_instance shows for a server.
func serverIPv4(t *testing.T, c cloud, id string) []any {
	t.Helper()
	inst := call(t, c, "get_instance", map[string]any{"instance_id": id})
	connect, _ := inst["connect"].(map[string]any)
	var v4 []any
	for _, a := range toSlice(connect["addresses"]) {
		if ip := net.ParseIP(fmt.Sprint(a)); ip != nil && ip.To4() != nil {
			v4 = append(v4, a)
		}
	}
	if len(v4) == 0 {
		t.Fatalf("server %s has no public IPv4: %v", id, inst)
	}
	return v4
}

// resolveAt asks the name server at addr for host's addresses, until it
// answers or 30 s pass: BIND has the zone once Designate says ACTIVE, but a
// query may race its transfer of the last change.
func resolveAt(t *testing.T, addr, host string) []string {
	t.Helper()
	r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		got, err := r.LookupHost(ctx, host)
		if err == nil {
			return got
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s never answered %s: %v", addr, host, err)
		case <-tick.C:
		}
	}
}

func toSlice(v any) []any { s, _ := v.([]any); return s }

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

// sameStrings compares a JSON list with want, order aside.
func sameStrings(got any, want []any) bool {
	g := make([]string, 0)
	for _, x := range toSlice(got) {
		g = append(g, fmt.Sprint(x))
	}
	w := make([]string, 0, len(want))
	for _, x := range want {
		w = append(w, fmt.Sprint(x))
	}
	slices.Sort(g)
	slices.Sort(w)
	return slices.Equal(g, w)
}
