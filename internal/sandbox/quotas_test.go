package sandbox_test

import (
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/nova"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

func TestQuotasWithUsage(t *testing.T) {
	a := sandboxtest.New(t)
	a.CreateServer("vm", "Debian 12 bookworm", "private", nil)
	a.Clock.Advance(4 * time.Second)
	a.NewVolume(map[string]any{"size": 3})
	p := a.Sandbox.ProjectID()

	abs := a.JSON("GET", "/compute/v2.1/limits", nil, 200)["limits"].(map[string]any)["absolute"].(map[string]any)
	if abs["totalInstancesUsed"] != float64(1) || abs["totalCoresUsed"] != float64(1) || abs["totalRAMUsed"] != float64(2048) {
		t.Errorf("nova limits: %v", abs)
	}
	qs := a.JSON("GET", "/compute/v2.1/os-quota-sets/"+p+"/detail", nil, 200)["quota_set"].(map[string]any)
	if c := qs["cores"].(map[string]any); c["in_use"] != float64(1) || c["limit"] != float64(100) {
		t.Errorf("nova quota detail: %v", qs)
	}
	sandboxtest.SampleKeys(t, "nova-quota-sets-detail.json", qs, sandboxtest.Under("quota_set"))
	sandboxtest.SampleKeys(t, "nova-limits.json", abs, func(m map[string]any) map[string]any {
		return m["limits"].(map[string]any)["absolute"].(map[string]any)
	})

	cq := a.CinderJSON("GET", "/os-quota-sets/"+p+"?usage=true", nil, 200)["quota_set"].(map[string]any)
	if v := cq["gigabytes"].(map[string]any); v["in_use"] != float64(3) {
		t.Errorf("cinder usage: %v", cq)
	}
	nq := a.JSON("GET", "/network/v2.0/quotas/"+p+"/details", nil, 200)["quota"].(map[string]any)
	if sg := nq["security_group_rule"].(map[string]any); sg["used"] != float64(4) || sg["limit"] != float64(100) {
		t.Errorf("neutron quota details: %v", nq)
	}
	if port := nq["port"].(map[string]any); port["used"] != float64(2) {
		t.Errorf("ports used (the router's and the server's): %v", port)
	}
	sandboxtest.SampleKeys(t, "neutron-quotas-details.json", nq, sandboxtest.Under("quota"))

	nova.SetQuota(a.Sandbox.Cloud, nova.Quota{Instances: 1, Cores: 1, RAM: 4096, KeyPairs: 10})
	status, b, _ := a.Do("POST", "/compute/v2.1/servers", map[string]any{"server": map[string]any{"name": "x",
		"flavorRef": a.FirstID("/compute/v2.1/flavors", "flavors", "a1-ram2-disk20-perf1"),
		"imageRef":  a.FirstID("/image/v2/images", "images", "Debian 12 bookworm"), "networks": "auto"}})
	if status != 403 {
		t.Fatalf("over quota: %d %s", status, b)
	}
	sandboxtest.WantFault(t, b, "forbidden", 403, "Quota exceeded for cores, instances: Requested 1, 1, but already used 1, 1 of 1, 1 cores, instances")
}
