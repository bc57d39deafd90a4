package nova_test

import (
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

func TestKeypairs(t *testing.T) {
	a := newAPI(t)
	k := a.JSON("POST", "/compute/v2.1/os-keypairs", map[string]any{"keypair": map[string]any{"name": "sample-key", "public_key": sandboxtest.SamplePublicKey}}, 201)["keypair"].(map[string]any)
	// The fingerprint the lab's Nova computed for this key (nova-keypair-import.json).
	if k["fingerprint"] != "7c:1e:45:09:e8:17:a8:a9:30:0e:2c:ef:f0:27:f0:20" || k["type"] != "ssh" || k["private_key"] != nil {
		t.Fatalf("import: %v", k)
	}
	status, b, _ := a.Do("POST", "/compute/v2.1/os-keypairs", map[string]any{"keypair": map[string]any{"name": "sample-key", "public_key": sandboxtest.SamplePublicKey}})
	if status != 409 {
		t.Fatalf("duplicate: %d", status)
	}
	sandboxtest.WantFault(t, b, "conflictingRequest", 409, "Key pair 'sample-key' already exists.")

	status, b, _ = a.Do("POST", "/compute/v2.1/os-keypairs", map[string]any{"keypair": map[string]any{"name": "bad", "public_key": "ssh-ed25519 AAAA"}})
	if status != 400 {
		t.Fatalf("bad key: %d %s", status, b)
	}
	sandboxtest.WantFault(t, b, "badRequest", 400, "Keypair data is invalid")
	status, b, _ = a.Do("POST", "/compute/v2.1/os-keypairs", map[string]any{"keypair": map[string]any{"name": "a/b", "public_key": sandboxtest.SamplePublicKey}})
	if status != 400 {
		t.Fatalf("bad name: %d %s", status, b)
	}

	gen := a.JSON("POST", "/compute/v2.1/os-keypairs", map[string]any{"keypair": map[string]any{"name": "generated"}}, 201)["keypair"].(map[string]any)
	if !strings.HasPrefix(gen["public_key"].(string), "ssh-rsa ") || !strings.Contains(gen["private_key"].(string), "PRIVATE KEY") {
		t.Fatalf("generate: %v", gen)
	}

	list := a.JSON("GET", "/compute/v2.1/os-keypairs?limit=1", nil, 200)
	ks := list["keypairs"].([]any)
	if len(ks) != 1 || ks[0].(map[string]any)["keypair"].(map[string]any)["name"] != "generated" || list["keypairs_links"] == nil {
		t.Fatalf("first page: %v", list)
	}
	list = a.JSON("GET", "/compute/v2.1/os-keypairs?limit=1&marker=generated", nil, 200)
	if ks := list["keypairs"].([]any); len(ks) != 1 || ks[0].(map[string]any)["keypair"].(map[string]any)["name"] != "sample-key" {
		t.Fatalf("second page: %v", list)
	}
	if got := a.JSON("GET", "/compute/v2.1/os-keypairs/sample-key", nil, 200)["keypair"].(map[string]any); got["public_key"] != sandboxtest.SamplePublicKey {
		t.Fatalf("show: %v", got)
	}

	a.JSON("DELETE", "/compute/v2.1/os-keypairs/sample-key", nil, 204)
	status, b, _ = a.Do("DELETE", "/compute/v2.1/os-keypairs/sample-key", nil)
	if status != 404 {
		t.Fatalf("delete again: %d", status)
	}
	sandboxtest.WantFault(t, b, "itemNotFound", 404, "Keypair sample-key not found for user")
}

// TestKeypairNamesIgnoreCase: Nova's keypair names ignore case, as its
// MySQL collation does: a name in capitals finds the key and is taken, a
// marker in capitals pages on, and names sort as capitals.
func TestKeypairNamesIgnoreCase(t *testing.T) {
	a := newAPI(t)
	var labOrder []string
	for _, k := range sandboxtest.ReadSample(t, "nova-keypairs-case.json")["keypairs"].([]any) {
		if name := k.(map[string]any)["keypair"].(map[string]any)["name"].(string); strings.HasPrefix(name, "sample-key") {
			labOrder = append(labOrder, name)
		}
	}
	for i := len(labOrder) - 1; i >= 0; i-- {
		a.JSON("POST", "/compute/v2.1/os-keypairs", map[string]any{"keypair": map[string]any{"name": labOrder[i], "public_key": sandboxtest.SamplePublicKey}}, 201)
	}
	var got []string
	for _, k := range a.JSON("GET", "/compute/v2.1/os-keypairs", nil, 200)["keypairs"].([]any) {
		got = append(got, k.(map[string]any)["keypair"].(map[string]any)["name"].(string))
	}
	if strings.Join(got, " ") != strings.Join(labOrder, " ") {
		t.Errorf("order: the sandbox lists %v, the lab %v", got, labOrder)
	}

	shown := a.JSON("GET", "/compute/v2.1/os-keypairs/SAMPLE-KEY", nil, 200)
	sandboxtest.SampleKeys(t, "nova-keypair-show-case.json", shown["keypair"].(map[string]any), sandboxtest.Under("keypair"))
	if want := sandboxtest.Under("keypair")(sandboxtest.ReadSample(t, "nova-keypair-show-case.json"))["name"]; shown["keypair"].(map[string]any)["name"] != want {
		t.Errorf("show SAMPLE-KEY: %v, the lab shows %v", shown["keypair"].(map[string]any)["name"], want)
	}
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-keypair-duplicate-case-409.txt", Method: "POST", Path: "/compute/v2.1/os-keypairs",
		Body: map[string]any{"keypair": map[string]any{"name": "SAMPLE-KEY", "public_key": sandboxtest.SamplePublicKey}}})
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-keypairs-bad-marker-400.txt", Method: "GET", Path: "/compute/v2.1/os-keypairs?marker=no-such-key"})
	page := a.JSON("GET", "/compute/v2.1/os-keypairs?limit=1&marker="+strings.ToUpper(labOrder[0]), nil, 200)["keypairs"].([]any)
	if len(page) != 1 || page[0].(map[string]any)["keypair"].(map[string]any)["name"] != labOrder[1] {
		t.Errorf("after %s: %v", strings.ToUpper(labOrder[0]), page)
	}
	a.JSON("DELETE", "/compute/v2.1/os-keypairs/"+strings.ToUpper(labOrder[1]), nil, 204)
	if status, _, _ := a.Do("GET", "/compute/v2.1/os-keypairs/"+labOrder[1], nil); status != 404 {
		t.Errorf("%s after deleting it in capitals: %d", labOrder[1], status)
	}
}

func TestAvailabilityZones(t *testing.T) {
	a := newAPI(t)
	zs := a.JSON("GET", "/compute/v2.1/os-availability-zone", nil, 200)["availabilityZoneInfo"].([]any)
	z := zs[0].(map[string]any)
	if len(zs) != 3 || z["zoneName"] != "az-1" || z["zoneState"].(map[string]any)["available"] != true {
		t.Fatalf("zones: %v", zs)
	}
	if status, _, _ := a.Do("GET", "/compute/v2.1/os-availability-zone/detail", nil); status != 403 {
		t.Fatalf("detail is admin-only: %d", status)
	}
}
