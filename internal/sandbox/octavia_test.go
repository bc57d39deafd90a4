package sandbox_test

import (
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/octavia"
)

const lbaas = "/load-balancer/v2/lbaas"

// TestLoadBalancerLifecycle walks a load balancer made step by step as the
// lab's samples were (capture-samples.sh), comparing each answer's keys and
// each refusal's words with the lab's, on the sandbox's clock.
func TestLoadBalancerLifecycle(t *testing.T) {
	a := newAPI(t)
	sub := a.firstID("/network/v2.0/subnets", "subnets", "private-v4")
	lbStatus := func(id string) string {
		return a.json("GET", lbaas+"/loadbalancers/"+id, nil, 200)["loadbalancer"].(map[string]any)["provisioning_status"].(string)
	}
	created := a.json("POST", lbaas+"/loadbalancers", map[string]any{"loadbalancer": map[string]any{"name": "sample-lb", "vip_subnet_id": sub}}, 201)["loadbalancer"].(map[string]any)
	sampleKeys(t, "octavia-lb-create-201.json", created, under("loadbalancer"))
	lb := created["id"].(string)
	if got := lbStatus(lb); got != "PENDING_CREATE" {
		t.Fatalf("a new load balancer is %s", got)
	}
	a.refusesAsLab(faultCase{"octavia-listener-create-pending-create-409.txt", "POST", lbaas + "/listeners",
		map[string]any{"listener": map[string]any{"loadbalancer_id": lb, "protocol": "HTTP", "protocol_port": 80}}})
	a.clock.Advance(4 * time.Second)
	if got := lbStatus(lb); got != "ACTIVE" {
		t.Fatalf("after its build time the load balancer is %s", got)
	}
	vip := a.json("GET", "/network/v2.0/ports/"+created["vip_port_id"].(string), nil, 200)["port"].(map[string]any)
	if vip["device_owner"] != "Octavia" || vip["device_id"] != "lb-"+lb {
		t.Errorf("the VIP port is not Octavia's: %v", vip)
	}

	step := func(path, key string, body map[string]any, sample string) map[string]any {
		t.Helper()
		got := a.json("POST", lbaas+path, map[string]any{key: body}, 201)[key].(map[string]any)
		sampleKeys(t, sample, got, under(key))
		a.clock.Advance(time.Second)
		return got
	}
	li := step("/listeners", "listener", map[string]any{"loadbalancer_id": lb, "name": "sample-lb-http-80", "protocol": "HTTP", "protocol_port": 80}, "octavia-listener-create-201.json")["id"].(string)
	pool := step("/pools", "pool", map[string]any{"listener_id": li, "name": "sample-lb-pool", "protocol": "HTTP", "lb_algorithm": "ROUND_ROBIN"}, "octavia-pool-create-201.json")["id"].(string)
	members := lbaas + "/pools/" + pool + "/members"
	a.json("POST", members, map[string]any{"member": map[string]any{"name": "sample-m1", "address": "10.0.0.10", "protocol_port": 8080, "subnet_id": sub}}, 201)
	if got := lbStatus(lb); got != "PENDING_UPDATE" {
		t.Fatalf("adding a member leaves the load balancer %s", got)
	}
	a.refusesAsLab(faultCase{"octavia-member-create-pending-update-409.txt", "POST", members,
		map[string]any{"member": map[string]any{"address": "10.0.0.12", "protocol_port": 8080}}})
	a.clock.Advance(time.Second)
	m2 := step("/pools/"+pool+"/members", "member", map[string]any{"name": "sample-m2", "address": "10.0.0.11", "protocol_port": 8080, "subnet_id": sub}, "octavia-member-create-second-201.json")["id"].(string)
	step("/healthmonitors", "healthmonitor", map[string]any{"pool_id": pool, "type": "HTTP", "delay": 5, "timeout": 3, "max_retries": 3, "url_path": "/"}, "octavia-healthmonitor-create-201.json")

	sampleKeys(t, "octavia-lb-active.json", a.json("GET", lbaas+"/loadbalancers/"+lb, nil, 200)["loadbalancer"].(map[string]any), under("loadbalancer"))
	sampleKeys(t, "octavia-lbs.json", a.json("GET", lbaas+"/loadbalancers?name=sample-lb", nil, 200), func(m map[string]any) map[string]any { return m })
	sampleKeys(t, "octavia-listener.json", a.json("GET", lbaas+"/listeners/"+li, nil, 200)["listener"].(map[string]any), under("listener"))
	sampleKeys(t, "octavia-pool.json", a.json("GET", lbaas+"/pools/"+pool, nil, 200)["pool"].(map[string]any), under("pool"))
	sampleKeys(t, "octavia-members.json", a.json("GET", members, nil, 200)["members"].([]any)[0].(map[string]any), firstOf("members"))
	sampleKeys(t, "octavia-healthmonitors.json", a.json("GET", lbaas+"/healthmonitors", nil, 200)["healthmonitors"].([]any)[0].(map[string]any), firstOf("healthmonitors"))
	sampleKeys(t, "octavia-quota.json", a.json("GET", lbaas+"/quotas/"+a.sb.ProjectID(), nil, 200)["quota"].(map[string]any), under("quota"))
	sampleKeys(t, "octavia-quota-short-path.json", a.json("GET", "/load-balancer/v2.0/quotas/"+a.sb.ProjectID(), nil, 200)["quota"].(map[string]any), under("quota"))

	tree := a.json("GET", lbaas+"/loadbalancers/"+lb+"/status", nil, 200)
	lbTree := func(m map[string]any) map[string]any {
		return m["statuses"].(map[string]any)["loadbalancer"].(map[string]any)
	}
	poolTree := func(m map[string]any) map[string]any {
		return lbTree(m)["listeners"].([]any)[0].(map[string]any)["pools"].([]any)[0].(map[string]any)
	}
	sampleKeys(t, "octavia-lb-status.json", lbTree(tree), lbTree)
	sampleKeys(t, "octavia-lb-status.json", poolTree(tree), poolTree)
	sampleKeys(t, "octavia-lb-status.json", poolTree(tree)["members"].([]any)[0].(map[string]any), func(m map[string]any) map[string]any {
		return poolTree(m)["members"].([]any)[0].(map[string]any)
	})
	sampleKeys(t, "octavia-lb-status.json", poolTree(tree)["health_monitor"].(map[string]any), func(m map[string]any) map[string]any {
		return poolTree(m)["health_monitor"].(map[string]any)
	})
	if n := len(poolTree(tree)["members"].([]any)); n != 2 {
		t.Fatalf("the status tree shows %d members, want 2", n)
	}

	for _, c := range []faultCase{
		{"octavia-member-create-duplicate-409.txt", "POST", members, map[string]any{"member": map[string]any{"address": "10.0.0.11", "protocol_port": 8080, "subnet_id": sub}}},
		{"octavia-member-create-bad-address-400.txt", "POST", members, map[string]any{"member": map[string]any{"address": "not-an-address", "protocol_port": 8080}}},
		{"octavia-member-create-port-0-400.txt", "POST", members, map[string]any{"member": map[string]any{"address": "10.0.0.12", "protocol_port": 0}}},
		{"octavia-listener-duplicate-port-409.txt", "POST", lbaas + "/listeners", map[string]any{"listener": map[string]any{"loadbalancer_id": lb, "protocol": "HTTP", "protocol_port": 80}}},
		{"octavia-listener-bad-protocol-400.txt", "POST", lbaas + "/listeners", map[string]any{"listener": map[string]any{"loadbalancer_id": lb, "protocol": "FTP", "protocol_port": 21}}},
		{"octavia-listener-port-70000-400.txt", "POST", lbaas + "/listeners", map[string]any{"listener": map[string]any{"loadbalancer_id": lb, "protocol": "TCP", "protocol_port": 70000}}},
		{"octavia-lb-404.txt", "GET", lbaas + "/loadbalancers/7c1b5a1e-0000-4000-8000-000000000000", nil},
	} {
		a.refusesAsLab(c)
	}

	a.json("DELETE", members+"/"+m2, nil, 204)
	sampleKeys(t, "octavia-member-pending-delete.json", a.json("GET", members+"/"+m2, nil, 200)["member"].(map[string]any), under("member"))
	a.clock.Advance(time.Second)
	a.refusesAsLab(faultCase{"octavia-member-404.txt", "GET", members + "/" + m2, nil})

	a.refusesAsLab(faultCase{"octavia-lb-delete-not-cascade-400.txt", "DELETE", lbaas + "/loadbalancers/" + lb, nil})
	a.json("DELETE", lbaas+"/loadbalancers/"+lb+"?cascade=true", nil, 204)
	sampleKeys(t, "octavia-lb-pending-delete.json", a.json("GET", lbaas+"/loadbalancers/"+lb, nil, 200)["loadbalancer"].(map[string]any), under("loadbalancer"))
	a.refusesAsLab(faultCase{"octavia-lb-delete-pending-delete-409.txt", "DELETE", lbaas + "/loadbalancers/" + lb + "?cascade=true", nil})
	a.clock.Advance(time.Second)
	a.refusesAsLab(faultCase{"octavia-lb-deleted-404.txt", "GET", lbaas + "/loadbalancers/" + lb, nil})
	if status, _, _ := a.do("GET", "/network/v2.0/ports/"+created["vip_port_id"].(string), nil); status != 404 {
		t.Errorf("the VIP port outlived its load balancer: %d", status)
	}
}

// TestLoadBalancerFullyPopulated: one request makes the load balancer and
// what is inside it; all of it goes ACTIVE together (the lab's Octavia
// leaves the children PENDING_CREATE, octavia-lb-create-full-status.json:
// its worker reads the load balancer before the API commits them).
func TestLoadBalancerFullyPopulated(t *testing.T) {
	a := newAPI(t)
	sub := a.firstID("/network/v2.0/subnets", "subnets", "private-v4")
	body := map[string]any{"loadbalancer": map[string]any{"name": "sample-full-lb", "vip_subnet_id": sub,
		"listeners": []any{map[string]any{"name": "sample-lb-http-80", "protocol": "HTTP", "protocol_port": 80,
			"default_pool": map[string]any{"name": "sample-lb-pool", "protocol": "HTTP", "lb_algorithm": "ROUND_ROBIN",
				"members":       []any{map[string]any{"name": "sample-m1", "address": "10.0.0.10", "protocol_port": 8080, "subnet_id": sub}},
				"healthmonitor": map[string]any{"type": "HTTP", "delay": 5, "timeout": 3, "max_retries": 3, "url_path": "/"}}}}}}
	created := a.json("POST", lbaas+"/loadbalancers", body, 201)["loadbalancer"].(map[string]any)
	sampleKeys(t, "octavia-lb-create-full-201.json", created, under("loadbalancer"))
	sampleKeys(t, "octavia-lb-create-full-201.json", created["listeners"].([]any)[0].(map[string]any), func(m map[string]any) map[string]any {
		return m["loadbalancer"].(map[string]any)["listeners"].([]any)[0].(map[string]any)
	})
	a.clock.Advance(4 * time.Second)
	tree := a.json("GET", lbaas+"/loadbalancers/"+created["id"].(string)+"/status", nil, 200)["statuses"].(map[string]any)["loadbalancer"].(map[string]any)
	li := tree["listeners"].([]any)[0].(map[string]any)
	p := li["pools"].([]any)[0].(map[string]any)
	for what, status := range map[string]any{"load balancer": tree["provisioning_status"], "listener": li["provisioning_status"],
		"pool": p["provisioning_status"], "member": p["members"].([]any)[0].(map[string]any)["provisioning_status"],
		"health monitor": p["health_monitor"].(map[string]any)["provisioning_status"]} {
		if status != "ACTIVE" {
			t.Errorf("the %s is %v", what, status)
		}
	}
	dup := map[string]any{"loadbalancer": map[string]any{"vip_subnet_id": sub, "listeners": []any{
		map[string]any{"protocol": "HTTP", "protocol_port": 80}, map[string]any{"protocol": "HTTP", "protocol_port": 80}}}}
	status, b, _ := a.do("POST", lbaas+"/loadbalancers", dup)
	if status != 409 || normalizeFault(string(b)) != normalizeFault(`{"faultcode": "Client", "faultstring": "Another Listener on this Load Balancer is already using protocol HTTP and protocol_port 80", "debuginfo": null}`) {
		t.Errorf("two listeners on one port: %d %s", status, b)
	}
	if n := len(a.json("GET", lbaas+"/loadbalancers", nil, 200)["loadbalancers"].([]any)); n != 1 {
		t.Errorf("a refused create left something: %d load balancers", n)
	}
}

// TestLoadBalancerQuota: past the quota, Octavia's 403.
func TestLoadBalancerQuota(t *testing.T) {
	a := newAPI(t)
	octavia.SetQuota(a.sb.Cloud, sandboxQuota(0))
	sub := a.firstID("/network/v2.0/subnets", "subnets", "private-v4")
	status, b, _ := a.do("POST", lbaas+"/loadbalancers", map[string]any{"loadbalancer": map[string]any{"vip_subnet_id": sub}})
	if status != 403 || normalizeFault(string(b)) != normalizeFault(`{"faultcode":"Client","faultstring":"Quota has been met for resources: Load Balancer","debuginfo":null}`) {
		t.Errorf("over quota: %d %s", status, b)
	}
}

func sandboxQuota(n int) octavia.Quota {
	return octavia.Quota{LoadBalancers: n, Listeners: -1, Pools: -1, Members: -1, HealthMonitors: -1}
}
