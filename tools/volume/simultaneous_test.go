package volume_test

import (
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
)

// Ten simultaneous create_volume of one name make one volume; the others
// are refused as conflicts naming it.
func TestSimultaneousCreatesMakeOneVolume(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	h.CreateAtOnce(t, "create_volume", "list_volumes", "volumes", 10, map[string]any{"name": "once", "size": 1, "wait": false})
}
