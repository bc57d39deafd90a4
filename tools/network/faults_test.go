package network_test

import (
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/network"
)

// A gateway that gives up while Neutron deletes (the rule is gone, the
// answer is 502 or 504) does not fail the delete: the rule being gone
// settles it. A rule that never was is still not_found.
func TestDeleteAfterGatewayErrorStands(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{
		Faults: sandbox.Faults{GatewayAfterWorkRate: 1, Seed: 3, SparePaths: []string{"/identity"}}}))
	def := servertest.CallAs[network.SecurityGroup](t, h, "get_security_group", map[string]any{"security_group_id": "default"})
	rule := def.Rules[0].ID
	if del := servertest.CallAs[network.Deleted](t, h, "delete_security_group_rule", map[string]any{"rule_id": rule}); !del.Success || del.ID != rule {
		t.Errorf("deleted: %+v", del)
	}
	after := servertest.CallAs[network.SecurityGroup](t, h, "get_security_group", map[string]any{"security_group_id": "default"})
	if after.RuleCount != def.RuleCount-1 {
		t.Errorf("rules: %d, then %d", def.RuleCount, after.RuleCount)
	}
	h.Call(t, "delete_security_group_rule", map[string]any{"rule_id": rule}).WantError(t, "not_found")
}
