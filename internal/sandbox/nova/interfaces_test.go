package nova_test

import (
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// A server's interfaces, Nova's extension list and Keystone's project list
// answer as the lab's do.
func TestInterfacesAndDiscoveryAsLab(t *testing.T) {
	a := newAPI(t)
	id := a.CreateServer("truth-vm", "Debian 12 bookworm", "private", nil)
	a.Clock.Advance(5 * time.Second)
	list := a.JSON("GET", "/compute/v2.1/servers/"+id+"/os-interface", nil, 200)["interfaceAttachments"].([]any)
	first := func(m map[string]any) map[string]any { return m["interfaceAttachments"].([]any)[0].(map[string]any) }
	sandboxtest.SampleKeys(t, "nova-server-interfaces.json", list[0].(map[string]any), first)
	net := a.FirstID("/network/v2.0/networks", "networks", "private")
	added := a.JSON("POST", "/compute/v2.1/servers/"+id+"/os-interface", map[string]any{"interfaceAttachment": map[string]any{"net_id": net}}, 200)["interfaceAttachment"].(map[string]any)
	ip := added["fixed_ips"].([]any)[0].(map[string]any)["ip_address"]
	found := false
	for _, addr := range a.Server(id)["addresses"].(map[string]any)["private"].([]any) {
		found = found || addr.(map[string]any)["addr"] == ip
	}
	if !found {
		t.Errorf("the attached interface's address %v is not among the server's", ip)
	}
	ext := a.FirstID("/network/v2.0/networks", "networks", "ext-floating1")
	fip := a.JSON("POST", "/network/v2.0/floatingips", map[string]any{"floatingip": map[string]any{"floating_network_id": ext,
		"port_id": added["port_id"]}}, 201)["floatingip"].(map[string]any)
	a.JSON("DELETE", "/compute/v2.1/servers/"+id+"/os-interface/"+added["port_id"].(string), nil, 202)
	if n := len(a.JSON("GET", "/compute/v2.1/servers/"+id+"/os-interface", nil, 200)["interfaceAttachments"].([]any)); n != 1 {
		t.Errorf("after the detach: %d interfaces", n)
	}
	// The detached interface's port is gone, and its floating IP with it, as
	// Neutron's port delete disassociates it.
	a.JSON("GET", "/network/v2.0/ports/"+added["port_id"].(string), nil, 404)
	if got := a.JSON("GET", "/network/v2.0/floatingips/"+fip["id"].(string), nil, 200)["floatingip"].(map[string]any); got["port_id"] != nil || got["fixed_ip_address"] != nil {
		t.Errorf("the floating IP of a detached interface's port still points at it: %v", got)
	}

	lab := map[string]bool{}
	for _, e := range sandboxtest.ReadSample(t, "nova-extensions.json")["extensions"].([]any) {
		lab[e.(map[string]any)["alias"].(string)] = true
	}
	got := a.JSON("GET", "/compute/v2.1/extensions", nil, 200)["extensions"].([]any)
	if len(got) != len(lab) {
		t.Errorf("%d extensions, the lab %d", len(got), len(lab))
	}
	sandboxtest.SameAsSample(t, "nova-extension.json", a.JSON("GET", "/compute/v2.1/extensions/os-admin-actions", nil, 200))

	projects := a.JSON("GET", "/identity/v3/auth/projects", nil, 200)
	if p := projects["projects"].([]any); len(p) != 1 || p[0].(map[string]any)["id"] != a.Sandbox.ProjectID() {
		t.Errorf("auth/projects: %s", sandboxtest.Compact(projects))
	}
	sandboxtest.SampleKeys(t, "keystone-auth-projects.json", projects["projects"].([]any)[0].(map[string]any),
		func(m map[string]any) map[string]any { return m["projects"].([]any)[0].(map[string]any) })
	a.Microversion = "2.1"
	sandboxtest.SampleKeys(t, "nova-quota-set-2.1.json", a.JSON("GET", "/compute/v2.1/os-quota-sets/"+a.Sandbox.ProjectID(), nil, 200)["quota_set"].(map[string]any),
		func(m map[string]any) map[string]any { return m["quota_set"].(map[string]any) })
	nets := a.JSON("GET", "/compute/v2.1/os-networks", nil, 200)["networks"].([]any)
	sandboxtest.SampleKeys(t, "nova-os-networks.json", nets[0].(map[string]any), func(m map[string]any) map[string]any { return m["networks"].([]any)[0].(map[string]any) })
}
