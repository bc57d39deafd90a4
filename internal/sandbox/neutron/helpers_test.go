package neutron_test

import "github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"

// neutronRefuses sends a request that Neutron refuses with status, typ and msg.
func (a *api) neutronRefuses(method, path string, body any, status int, typ, msg string) {
	a.T.Helper()
	got, b, _ := a.Do(method, path, body)
	if got != status {
		a.T.Errorf("%s %s: %d, want %d: %s", method, path, got, status, b)
		return
	}
	sandboxtest.NeutronFaultIs(a.T, b, typ, msg)
}

func (a *api) addRule(rule map[string]any) map[string]any {
	a.T.Helper()
	return a.JSON("POST", "/network/v2.0/security-group-rules", map[string]any{"security_group_rule": rule}, 201)["security_group_rule"].(map[string]any)
}

// serverPort is the one port of a server.
func (a *api) serverPort(serverID string) map[string]any {
	a.T.Helper()
	ports := a.JSON("GET", "/network/v2.0/ports?device_id="+serverID, nil, 200)["ports"].([]any)
	if len(ports) != 1 {
		a.T.Fatalf("ports of %s: %v", serverID, ports)
	}
	return ports[0].(map[string]any)
}
