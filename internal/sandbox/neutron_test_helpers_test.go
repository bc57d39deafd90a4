package sandbox_test

import (
	"encoding/json"
	"testing"
)

// neutronFaultIs checks a Neutron error body: its type and message.
func neutronFaultIs(t *testing.T, b []byte, typ, msg string) {
	t.Helper()
	var m struct {
		E struct{ Type, Message string } `json:"NeutronError"`
	}
	if err := json.Unmarshal(b, &m); err != nil || m.E.Type != typ || m.E.Message != msg {
		t.Errorf("Neutron fault %s\nwant %s: %s", b, typ, msg)
	}
}

// neutronRefuses sends a request that Neutron refuses with status, typ and msg.
func (a *api) neutronRefuses(method, path string, body any, status int, typ, msg string) {
	a.t.Helper()
	got, b, _ := a.do(method, path, body)
	if got != status {
		a.t.Errorf("%s %s: %d, want %d: %s", method, path, got, status, b)
		return
	}
	neutronFaultIs(a.t, b, typ, msg)
}

func (a *api) newGroup(name string) string {
	a.t.Helper()
	g := a.json("POST", "/network/v2.0/security-groups", map[string]any{"security_group": map[string]any{"name": name}}, 201)
	return g["security_group"].(map[string]any)["id"].(string)
}

func (a *api) addRule(rule map[string]any) map[string]any {
	a.t.Helper()
	return a.json("POST", "/network/v2.0/security-group-rules", map[string]any{"security_group_rule": rule}, 201)["security_group_rule"].(map[string]any)
}

// serverPort is the one port of a server.
func (a *api) serverPort(serverID string) map[string]any {
	a.t.Helper()
	ports := a.json("GET", "/network/v2.0/ports?device_id="+serverID, nil, 200)["ports"].([]any)
	if len(ports) != 1 {
		a.t.Fatalf("ports of %s: %v", serverID, ports)
	}
	return ports[0].(map[string]any)
}
