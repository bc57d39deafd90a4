package reliability

import (
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
)

// TestGatewayErrorAfterWorkMakesNoDuplicate: every change the cloud makes
// is answered 502 or 504 by a gateway that gave up waiting. A create is
// then looked for, as a lost reply is, before anything is reported: each
// create returns the one resource it made, and the cloud holds one of each
// name.
func TestGatewayErrorAfterWorkMakesNoDuplicate(t *testing.T) {
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{BuildDelay: 20 * time.Millisecond, ActionDelay: 10 * time.Millisecond,
		Faults: sandbox.Faults{GatewayAfterWorkRate: 1, Seed: 2, SparePaths: []string{"/identity"}}}))
	for _, c := range []struct {
		tool string
		args map[string]any
		list string
	}{
		{"create_volume", map[string]any{"size": 1, "name": "gw-volume"}, "list_volumes"},
		{"create_snapshot", map[string]any{"volume_id": "gw-volume", "name": "gw-snapshot"}, "list_snapshots"},
		{"create_backup", map[string]any{"volume_id": "gw-volume", "name": "gw-backup"}, "list_backups"},
		{"create_instance", map[string]any{"name": "gw-server", "flavor": "a1-ram2-disk20-perf1", "image": "Debian 12 bookworm", "network": "private"}, "list_instances"},
	} {
		r := h.Call(t, c.tool, c.args)
		if r.IsError {
			t.Errorf("%s after a gateway error: %s", c.tool, r.Text)
			continue
		}
		name := c.args["name"].(string)
		if n := strings.Count(h.Call(t, c.list, nil).MustSucceed(t).Text, `"name":"`+name+`"`); n != 1 {
			t.Errorf("%s: %d of %s in %s", c.tool, n, name, c.list)
		}
	}
}

// TestRetriedCreateIsRefused: an agent that retries a create whose answer
// it never saw (its process killed, its call timed out) meets the first
// resource, named by ID in a conflict, instead of making a second; a
// second of a name is made only when asked; unnamed creates are not
// checked, since nothing tells them apart.
func TestRetriedCreateIsRefused(t *testing.T) {
	h := servertest.New(t, servertest.WithSandbox(sandbox.Options{BuildDelay: 20 * time.Millisecond, ActionDelay: 10 * time.Millisecond}))
	h.Call(t, "create_volume", map[string]any{"size": 1, "name": "source"}).MustSucceed(t)
	for _, c := range []struct {
		tool string
		args map[string]any
		list string
	}{
		{"create_volume", map[string]any{"size": 1, "name": "once-volume"}, "list_volumes"},
		{"create_snapshot", map[string]any{"volume_id": "source", "name": "once-snapshot"}, "list_snapshots"},
		{"create_backup", map[string]any{"volume_id": "source", "name": "once-backup"}, "list_backups"},
		{"create_security_group", map[string]any{"name": "once-group"}, "list_security_groups"},
		{"create_instance", map[string]any{"name": "once-server", "flavor": "a1-ram2-disk20-perf1", "image": "Debian 12 bookworm", "network": "private"}, "list_instances"},
	} {
		name := c.args["name"].(string)
		count := func() int { return strings.Count(h.Call(t, c.list, nil).MustSucceed(t).Text, `"name":"`+name+`"`) }
		var first struct {
			ID string `json:"id"`
		}
		h.Call(t, c.tool, c.args).MustSucceed(t).Decode(t, &first)
		retry := h.Call(t, c.tool, c.args)
		retry.WantError(t, "conflict", first.ID, "allow_duplicate_name")
		if n := count(); n != 1 {
			t.Errorf("%s retried: %d named %s", c.tool, n, name)
		}
		again := map[string]any{"allow_duplicate_name": true}
		for k, v := range c.args {
			again[k] = v
		}
		h.Call(t, c.tool, again).MustSucceed(t)
		if n := count(); n != 2 {
			t.Errorf("%s with allow_duplicate_name: %d named %s", c.tool, n, name)
		}
	}
	for range 2 {
		h.Call(t, "create_volume", map[string]any{"size": 1}).MustSucceed(t)
	}
}
