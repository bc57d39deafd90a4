package server

import (
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// TestConfirmationQuestions: the real destructive tools, on the sandbox,
// ask a question that says what will be lost; declined, nothing is done.
func TestConfirmationQuestions(t *testing.T) {
	sb, err := sandbox.Start("127.0.0.1:0", sandbox.Options{BuildDelay: 50 * time.Millisecond, ActionDelay: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	creds, err := config.ResolveCredentials("", "", sb.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	cloud := client.New(client.Options{Credentials: creds, RequestTimeout: 10 * time.Second,
		Poll: client.PollInterval{Min: 10 * time.Millisecond, Max: 50 * time.Millisecond}})
	cfg := testConfig("http")
	cfg.Toolsets = tools.Toolsets.Names() // the backup toolset too
	s := New(cfg, "test", testLogger(t), WithCloud(cloud))
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	user := &answering{action: mcp.ElicitationResponseActionDecline}
	c := askedClient(t, url, mcp.ProtocolVersion20260728, user)

	call := func(name string, args map[string]any) map[string]any {
		t.Helper()
		return calltest.Structured(t, c, name, args)
	}
	mustID := func(out map[string]any) string {
		t.Helper()
		id, _ := out["id"].(string)
		if id == "" {
			t.Fatalf("no id in %v", out)
		}
		return id
	}
	vol := mustID(call("create_volume", map[string]any{"name": "data-1", "size": 20}))
	call("create_snapshot", map[string]any{"volume_id": vol, "name": "snap-a"})
	call("create_snapshot", map[string]any{"volume_id": vol, "name": "snap-b"})
	backup := mustID(call("create_backup", map[string]any{"volume_id": vol, "name": "nightly"}))
	srv := mustID(call("create_instance", map[string]any{"name": "web-1", "flavor": "a1-ram2-disk20-perf1",
		"image": "Fedora CoreOS 40", "network": "private"}))
	call("create_keypair", map[string]any{"name": "deploy"})
	group := mustID(call("create_security_group", map[string]any{"name": "web"}))
	rule := mustID(call("add_security_group_rule", map[string]any{"security_group_id": "web", "port_min": 22, "remote_ip_prefix": "203.0.113.0/24"}))
	fip := call("create_floating_ip", map[string]any{"instance_id": srv})
	zone := mustID(call("create_zone", map[string]any{"name": "example.org"}))
	call("set_record", map[string]any{"zone": "example.org", "name": "www", "target": "web-1"})

	for _, tc := range []struct {
		tool string
		args map[string]any
		want []string // in the question
	}{
		{"delete_volume", map[string]any{"volume_id": "data-1"}, []string{"Delete volume data-1 (" + vol + "): 20 GB, available, 2 snapshot(s), 1 backup(s), which are kept? Its data is lost."}},
		{"delete_snapshot", map[string]any{"snapshot_id": "snap-a"}, []string{"Delete snapshot snap-a (", "of volume " + vol + ": 20 GB, taken "}},
		{"delete_backup", map[string]any{"backup_id": "nightly"}, []string{"Delete backup nightly (" + backup + ") of volume " + vol + ": 20 GB, made "}},
		{"restore_backup", map[string]any{"backup_id": "nightly", "volume_id": "data-1"}, []string{"Restore backup nightly (" + backup, "onto volume data-1 (" + vol + ", 20 GB)? The volume's current data is overwritten."}},
		{"delete_instance", map[string]any{"instance_id": "web-1"}, []string{"Delete server web-1 (" + srv + "): a1-ram2-disk20-perf1, ACTIVE? Its local disk"}},
		{"terminate_instance", map[string]any{"instance_id": srv}, []string{"Terminate (force-delete) server web-1 ("}},
		{"delete_keypair", map[string]any{"name": "deploy"}, []string{"Delete keypair deploy?"}},
		{"delete_security_group", map[string]any{"security_group_id": "web"}, []string{"Delete security group web (" + group + ") and its 3 rule(s)?"}},
		{"delete_security_group_rule", map[string]any{"rule_id": rule}, []string{"Delete the ingress rule " + rule + " (IPv4 tcp/22, 203.0.113.0/24) of security group " + group + "?"}},
		{"delete_floating_ip", map[string]any{"floating_ip": fip["address"]}, []string{"Release floating IP " + fip["address"].(string) + ", which points at server web-1 (" + srv + ")"}},
		{"delete_zone", map[string]any{"zone": "example.org"}, []string{"Delete DNS zone example.org. (" + zone + ") and the 1 record set(s), 1 record(s) it holds?"}},
		{"delete_record", map[string]any{"zone": "example.org", "name": "www", "type": "A"}, []string{"Delete the A record set www.example.org. (" + fip["address"].(string) + ")?"}},
	} {
		user.asked = nil
		out := call(tc.tool, tc.args)
		e, _ := out["error"].(map[string]any)
		if e["code"] != "cancelled" {
			t.Errorf("%s declined: %v", tc.tool, out)
		}
		if len(user.asked) != 1 {
			t.Errorf("%s: asked %q", tc.tool, user.asked)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(user.asked[0], w) {
				t.Errorf("%s asked %q, want it to contain %q", tc.tool, user.asked[0], w)
			}
		}
	}
	// Declined, all is still there; a restore to a new volume asks nothing.
	if out := call("get_volume", map[string]any{"volume_id": vol}); out["status"] != "available" {
		t.Errorf("after the declines, the volume: %v", out)
	}
	if out := call("get_instance", map[string]any{"instance_id": srv}); out["status"] != "ACTIVE" {
		t.Errorf("after the declines, the server: %v", out)
	}
	user.asked = nil
	if out := call("restore_backup", map[string]any{"backup_id": "nightly", "name": "copy"}); out["error"] != nil || len(user.asked) != 0 {
		t.Errorf("a restore to a new volume: %v, asked %q", out, user.asked)
	}
}
