package octavia_test

import (
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/octavia"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

const lbaas = "/load-balancer/v2/lbaas"

// TestLoadBalancerLifecycle walks a load balancer made step by step as the
// lab's samples were (capture-samples.sh), comparing each answer's keys and
// each refusal's words with the lab's, on the sandbox's clock.
func TestLoadBalancerLifecycle(t *testing.T) {
	a := sandboxtest.New(t)
	sub := a.FirstID("/network/v2.0/subnets", "subnets", "private-v4")
	lbStatus := func(id string) string {
		return a.JSON("GET", lbaas+"/loadbalancers/"+id, nil, 200)["loadbalancer"].(map[string]any)["provisioning_status"].(string)
	}
	created := a.JSON("POST", lbaas+"/loadbalancers", map[string]any{"loadbalancer": map[string]any{"name": "sample-lb", "vip_subnet_id": sub}}, 201)["loadbalancer"].(map[string]any)
	sandboxtest.SampleKeys(t, "octavia-lb-create-201.json", created, sandboxtest.Under("loadbalancer"))
	lb := created["id"].(string)
	if got := lbStatus(lb); got != "PENDING_CREATE" {
		t.Fatalf("a new load balancer is %s", got)
	}
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "octavia-listener-create-pending-create-409.txt", Method: "POST", Path: lbaas + "/listeners",
		Body: map[string]any{"listener": map[string]any{"loadbalancer_id": lb, "protocol": "HTTP", "protocol_port": 80}}})
	a.Clock.Advance(4 * time.Second)
	if got := lbStatus(lb); got != "ACTIVE" {
		t.Fatalf("after its build time the load balancer is %s", got)
	}
	vip := a.JSON("GET", "/network/v2.0/ports/"+created["vip_port_id"].(string), nil, 200)["port"].(map[string]any)
	if vip["device_owner"] != "Octavia" || vip["device_id"] != "lb-"+lb {
		t.Errorf("the VIP port is not Octavia's: %v", vip)
	}

	step := func(path, key string, body map[string]any, sample string) map[string]any {
		t.Helper()
		got := a.JSON("POST", lbaas+path, map[string]any{key: body}, 201)[key].(map[string]any)
		sandboxtest.SampleKeys(t, sample, got, sandboxtest.Under(key))
		a.Clock.Advance(time.Second)
		return got
	}
	li := step("/listeners", "listener", map[string]any{"loadbalancer_id": lb, "name": "sample-lb-http-80", "protocol": "HTTP", "protocol_port": 80}, "octavia-listener-create-201.json")["id"].(string)
	pool := step("/pools", "pool", map[string]any{"listener_id": li, "name": "sample-lb-pool", "protocol": "HTTP", "lb_algorithm": "ROUND_ROBIN"}, "octavia-pool-create-201.json")["id"].(string)
	members := lbaas + "/pools/" + pool + "/members"
	a.JSON("POST", members, map[string]any{"member": map[string]any{"name": "sample-m1", "address": "10.0.0.10", "protocol_port": 8080, "subnet_id": sub}}, 201)
	if got := lbStatus(lb); got != "PENDING_UPDATE" {
		t.Fatalf("adding a member leaves the load balancer %s", got)
	}
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "octavia-member-create-pending-update-409.txt", Method: "POST", Path: members,
		Body: map[string]any{"member": map[string]any{"address": "10.0.0.12", "protocol_port": 8080}}})
	a.Clock.Advance(time.Second)
	m2 := step("/pools/"+pool+"/members", "member", map[string]any{"name": "sample-m2", "address": "10.0.0.11", "protocol_port": 8080, "subnet_id": sub}, "octavia-member-create-second-201.json")["id"].(string)
	step("/healthmonitors", "healthmonitor", map[string]any{"pool_id": pool, "type": "HTTP", "delay": 5, "timeout": 3, "max_retries": 3, "url_path": "/"}, "octavia-healthmonitor-create-201.json")

	sandboxtest.SampleKeys(t, "octavia-lb-active.json", a.JSON("GET", lbaas+"/loadbalancers/"+lb, nil, 200)["loadbalancer"].(map[string]any), sandboxtest.Under("loadbalancer"))
	sandboxtest.SampleKeys(t, "octavia-lbs.json", a.JSON("GET", lbaas+"/loadbalancers?name=sample-lb", nil, 200), func(m map[string]any) map[string]any { return m })
	sandboxtest.SampleKeys(t, "octavia-listener.json", a.JSON("GET", lbaas+"/listeners/"+li, nil, 200)["listener"].(map[string]any), sandboxtest.Under("listener"))
	sandboxtest.SampleKeys(t, "octavia-pool.json", a.JSON("GET", lbaas+"/pools/"+pool, nil, 200)["pool"].(map[string]any), sandboxtest.Under("pool"))
	sandboxtest.SampleKeys(t, "octavia-members.json", a.JSON("GET", members, nil, 200)["members"].([]any)[0].(map[string]any), sandboxtest.FirstOf("members"))
	sandboxtest.SampleKeys(t, "octavia-healthmonitors.json", a.JSON("GET", lbaas+"/healthmonitors", nil, 200)["healthmonitors"].([]any)[0].(map[string]any), sandboxtest.FirstOf("healthmonitors"))
	sandboxtest.SampleKeys(t, "octavia-quota.json", a.JSON("GET", lbaas+"/quotas/"+a.Sandbox.ProjectID(), nil, 200)["quota"].(map[string]any), sandboxtest.Under("quota"))
	sandboxtest.SampleKeys(t, "octavia-quota-short-path.json", a.JSON("GET", "/load-balancer/v2.0/quotas/"+a.Sandbox.ProjectID(), nil, 200)["quota"].(map[string]any), sandboxtest.Under("quota"))

	tree := a.JSON("GET", lbaas+"/loadbalancers/"+lb+"/status", nil, 200)
	lbTree := func(m map[string]any) map[string]any {
		return m["statuses"].(map[string]any)["loadbalancer"].(map[string]any)
	}
	poolTree := func(m map[string]any) map[string]any {
		return lbTree(m)["listeners"].([]any)[0].(map[string]any)["pools"].([]any)[0].(map[string]any)
	}
	sandboxtest.SampleKeys(t, "octavia-lb-status.json", lbTree(tree), lbTree)
	sandboxtest.SampleKeys(t, "octavia-lb-status.json", poolTree(tree), poolTree)
	sandboxtest.SampleKeys(t, "octavia-lb-status.json", poolTree(tree)["members"].([]any)[0].(map[string]any), func(m map[string]any) map[string]any {
		return poolTree(m)["members"].([]any)[0].(map[string]any)
	})
	sandboxtest.SampleKeys(t, "octavia-lb-status.json", poolTree(tree)["health_monitor"].(map[string]any), func(m map[string]any) map[string]any {
		return poolTree(m)["health_monitor"].(map[string]any)
	})
	if n := len(poolTree(tree)["members"].([]any)); n != 2 {
		t.Fatalf("the status tree shows %d members, want 2", n)
	}

	for _, c := range []sandboxtest.FaultCase{
		{Sample: "octavia-member-create-duplicate-409.txt", Method: "POST", Path: members, Body: map[string]any{"member": map[string]any{"address": "10.0.0.11", "protocol_port": 8080, "subnet_id": sub}}},
		{Sample: "octavia-member-create-bad-address-400.txt", Method: "POST", Path: members, Body: map[string]any{"member": map[string]any{"address": "not-an-address", "protocol_port": 8080}}},
		{Sample: "octavia-member-create-port-0-400.txt", Method: "POST", Path: members, Body: map[string]any{"member": map[string]any{"address": "10.0.0.12", "protocol_port": 0}}},
		{Sample: "octavia-listener-duplicate-port-409.txt", Method: "POST", Path: lbaas + "/listeners", Body: map[string]any{"listener": map[string]any{"loadbalancer_id": lb, "protocol": "HTTP", "protocol_port": 80}}},
		{Sample: "octavia-listener-bad-protocol-400.txt", Method: "POST", Path: lbaas + "/listeners", Body: map[string]any{"listener": map[string]any{"loadbalancer_id": lb, "protocol": "FTP", "protocol_port": 21}}},
		{Sample: "octavia-listener-port-70000-400.txt", Method: "POST", Path: lbaas + "/listeners", Body: map[string]any{"listener": map[string]any{"loadbalancer_id": lb, "protocol": "TCP", "protocol_port": 70000}}},
		{Sample: "octavia-lb-404.txt", Method: "GET", Path: lbaas + "/loadbalancers/7c1b5a1e-0000-4000-8000-000000000000"},
	} {
		a.RefusesAsLab(c)
	}

	a.JSON("DELETE", members+"/"+m2, nil, 204)
	sandboxtest.SampleKeys(t, "octavia-member-pending-delete.json", a.JSON("GET", members+"/"+m2, nil, 200)["member"].(map[string]any), sandboxtest.Under("member"))
	a.Clock.Advance(time.Second)
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "octavia-member-404.txt", Method: "GET", Path: members + "/" + m2})

	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "octavia-lb-delete-not-cascade-400.txt", Method: "DELETE", Path: lbaas + "/loadbalancers/" + lb})
	a.JSON("DELETE", lbaas+"/loadbalancers/"+lb+"?cascade=true", nil, 204)
	sandboxtest.SampleKeys(t, "octavia-lb-pending-delete.json", a.JSON("GET", lbaas+"/loadbalancers/"+lb, nil, 200)["loadbalancer"].(map[string]any), sandboxtest.Under("loadbalancer"))
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "octavia-lb-delete-pending-delete-409.txt", Method: "DELETE", Path: lbaas + "/loadbalancers/" + lb + "?cascade=true"})
	a.Clock.Advance(time.Second)
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "octavia-lb-deleted-404.txt", Method: "GET", Path: lbaas + "/loadbalancers/" + lb})
	if status, _, _ := a.Do("GET", "/network/v2.0/ports/"+created["vip_port_id"].(string), nil); status != 404 {
		t.Errorf("the VIP port outlived its load balancer: %d", status)
	}
}

// TestLoadBalancerFullyPopulated: one request makes the load balancer and
// what is inside it; all of it goes ACTIVE together (the lab's Octavia
// leaves the children PENDING_CREATE, octavia-lb-create-full-status.json:
// its worker reads the load balancer before the API commits them).
func TestLoadBalancerFullyPopulated(t *testing.T) {
	a := sandboxtest.New(t)
	sub := a.FirstID("/network/v2.0/subnets", "subnets", "private-v4")
	body := map[string]any{"loadbalancer": map[string]any{"name": "sample-full-lb", "vip_subnet_id": sub,
		"listeners": []any{map[string]any{"name": "sample-lb-http-80", "protocol": "HTTP", "protocol_port": 80,
			"default_pool": map[string]any{"name": "sample-lb-pool", "protocol": "HTTP", "lb_algorithm": "ROUND_ROBIN",
				"members":       []any{map[string]any{"name": "sample-m1", "address": "10.0.0.10", "protocol_port": 8080, "subnet_id": sub}},
				"healthmonitor": map[string]any{"type": "HTTP", "delay": 5, "timeout": 3, "max_retries": 3, "url_path": "/"}}}}}}
	created := a.JSON("POST", lbaas+"/loadbalancers", body, 201)["loadbalancer"].(map[string]any)
	sandboxtest.SampleKeys(t, "octavia-lb-create-full-201.json", created, sandboxtest.Under("loadbalancer"))
	sandboxtest.SampleKeys(t, "octavia-lb-create-full-201.json", created["listeners"].([]any)[0].(map[string]any), func(m map[string]any) map[string]any {
		return m["loadbalancer"].(map[string]any)["listeners"].([]any)[0].(map[string]any)
	})
	a.Clock.Advance(4 * time.Second)
	tree := a.JSON("GET", lbaas+"/loadbalancers/"+created["id"].(string)+"/status", nil, 200)["statuses"].(map[string]any)["loadbalancer"].(map[string]any)
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
	status, b, _ := a.Do("POST", lbaas+"/loadbalancers", dup)
	if status != 409 || sandboxtest.NormalizeFault(string(b)) != sandboxtest.NormalizeFault(`{"faultcode": "Client", "faultstring": "Another Listener on this Load Balancer is already using protocol HTTP and protocol_port 80", "debuginfo": null}`) {
		t.Errorf("two listeners on one port: %d %s", status, b)
	}
	if n := len(a.JSON("GET", lbaas+"/loadbalancers", nil, 200)["loadbalancers"].([]any)); n != 1 {
		t.Errorf("a refused create left something: %d load balancers", n)
	}
}

// TestLoadBalancerQuota: past the quota, Octavia's 403.
func TestLoadBalancerQuota(t *testing.T) {
	a := sandboxtest.New(t)
	octavia.SetQuota(a.Sandbox.Cloud, sandboxQuota(0))
	sub := a.FirstID("/network/v2.0/subnets", "subnets", "private-v4")
	status, b, _ := a.Do("POST", lbaas+"/loadbalancers", map[string]any{"loadbalancer": map[string]any{"vip_subnet_id": sub}})
	if status != 403 || sandboxtest.NormalizeFault(string(b)) != sandboxtest.NormalizeFault(`{"faultcode":"Client","faultstring":"Quota has been met for resources: Load Balancer","debuginfo":null}`) {
		t.Errorf("over quota: %d %s", status, b)
	}
}

func sandboxQuota(n int) octavia.Quota {
	return octavia.Quota{LoadBalancers: n, Listeners: -1, Pools: -1, Members: -1, HealthMonitors: -1}
}
