package network_test

import (
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
)

// Ten simultaneous create_security_group of one name make one group; the
// others are refused as conflicts naming it.
func TestSimultaneousCreatesMakeOneSecurityGroup(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	h.CreateAtOnce(t, "create_security_group", "list_security_groups", "security_groups", 10, map[string]any{"name": "once"})
}
