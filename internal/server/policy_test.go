package server

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/textdiff"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// snapshotModes are the safety settings the tools/list snapshots cover, by
// file name: one per registered toolset, and combinations of the filters.
func snapshotModes() map[string]func(*config.Config) {
	modes := map[string]func(*config.Config){
		"default":                     func(*config.Config) {},
		"read-only":                   func(c *config.Config) { c.ReadOnly = true },
		"disable-destructive":         func(c *config.Config) { c.DisableDestructive = true },
		"read-only-toolsets-volume":   func(c *config.Config) { c.ReadOnly = true; c.Toolsets = []string{"volume"} },
		"tools-list_flavors":          func(c *config.Config) { c.Tools = []string{"list_flavors"} },
		"exclude-tools-list_flavors":  func(c *config.Config) { c.ExcludeTools = []string{"list_flavors"} },
		"disable-destructive-compute": func(c *config.Config) { c.DisableDestructive = true; c.Toolsets = []string{"compute"} },
	}
	for _, name := range tools.Toolsets.Names() {
		modes["toolsets-"+name] = func(c *config.Config) { c.Toolsets = []string{name} }
	}
	return modes
}

const toolsListDir = "../../testdata/toolslist"

// listed is one tool as tools/list shows it, names and annotations only, so
// that a new tool or a changed description changes the snapshots predictably.
type listed struct {
	Name            string `json:"name"`
	ReadOnlyHint    bool   `json:"readOnlyHint"`
	DestructiveHint bool   `json:"destructiveHint"`
	IdempotentHint  bool   `json:"idempotentHint"`
	OpenWorldHint   bool   `json:"openWorldHint"`
}

// inProcess connects a client to s in this process.
func inProcess(t testing.TB, s *Server) *mcpclient.Client {
	t.Helper()
	c, err := mcpclient.NewInProcessClient(s.MCP())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	startClient(t, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	return c
}

func listTools(t testing.TB, c *mcpclient.Client) []listed {
	t.Helper()
	res, err := c.ListTools(context.Background(), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	out := []listed{}
	for _, tl := range res.Tools {
		a := tl.Annotations
		out = append(out, listed{tl.Name, deref(a.ReadOnlyHint), deref(a.DestructiveHint), deref(a.IdempotentHint), deref(a.OpenWorldHint)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func deref(b *bool) bool { return b != nil && *b }

// TestToolsListSnapshots keeps what tools/list shows in each safety mode in
// testdata/toolslist/<mode>.json. `go generate ./...` rewrites them
// (generate.go); review the diff.
func TestToolsListSnapshots(t *testing.T) {
	all := tools.Toolsets.Tools()
	for mode, set := range snapshotModes() {
		cfg := testConfig("stdio")
		set(&cfg)
		got := listTools(t, inProcess(t, New(cfg, "test", testLogger(t), withTools(all))))

		// tools/list shows exactly what the policy allows.
		allow := Policy(cfg)
		var want []string
		for _, tl := range all {
			if allow(tl.Def, nil) {
				want = append(want, tl.Def.Name)
			}
		}
		sort.Strings(want)
		var names []string
		for _, l := range got {
			names = append(names, l.Name)
		}
		if strings.Join(names, ",") != strings.Join(want, ",") {
			t.Errorf("%s: tools/list %v, policy allows %v", mode, names, want)
		}

		b, _ := json.MarshalIndent(got, "", "  ")
		b = append(b, '\n')
		path := filepath.Join(toolsListDir, mode+".json")
		if *update {
			if err := os.MkdirAll(toolsListDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: no snapshot (run go generate ./...): %v", mode, err)
			continue
		}
		if !bytes.Equal(old, b) {
			t.Errorf("%s: tools/list differs from %s (run go generate ./... and review the diff), %s", mode, path, textdiff.Lines(old, b))
		}
	}
}

// fakeTools has one tool of each kind the policy tells apart.
func fakeTools() []mcptool.Tool {
	type idArgs struct {
		VolumeID string `json:"volume_id,omitempty"`
		Name     string `json:"name,omitempty"`
		UserData string `json:"user_data,omitempty"`
	}
	type out struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	mk := func(name, toolset string, e mcptool.Effect, when func(json.RawMessage) bool) mcptool.Tool {
		return mcptool.New(mcptool.Def{Name: name, Title: name, Description: name, Effect: e, Toolset: toolset, DestructiveWhen: when},
			func(_ context.Context, a idArgs) (out, error) {
				return out{ID: "11111111-2222-3333-4444-555555555555", Status: "available"}, nil
			})
	}
	ontoExisting := func(args json.RawMessage) bool {
		var a struct {
			VolumeID string `json:"volume_id"`
		}
		_ = json.Unmarshal(args, &a)
		return a.VolumeID != ""
	}
	return []mcptool.Tool{
		mk("list_things", "compute", mcptool.Read, nil),
		mk("create_thing", "compute", mcptool.Write, nil),
		mk("delete_thing", "compute", mcptool.Destructive, nil),
		mk("restore_thing", "volume", mcptool.Write, ontoExisting),
		mk("get_volume_thing", "volume", mcptool.Read, nil),
	}
}

// TestHiddenToolsCannotBeCalled: what a mode hides is not callable, and
// --disable-destructive refuses a DestructiveWhen call it lists.
func TestHiddenToolsCannotBeCalled(t *testing.T) {
	type call struct {
		tool string
		args map[string]any
	}
	var (
		list       = call{"list_things", nil}
		create     = call{"create_thing", nil}
		del        = call{"delete_thing", nil}
		restoreTo  = call{"restore_thing", map[string]any{"volume_id": "v1"}} // onto an existing volume: destroys its data
		restoreNew = call{"restore_thing", map[string]any{"name": "copy"}}    // to a new volume
		getVolume  = call{"get_volume_thing", nil}
	)
	// ok: runs; hidden: JSON-RPC error (no such tool); refused: isError forbidden.
	for _, tc := range []struct {
		name    string
		set     func(*config.Config)
		ok      []call
		hidden  []call
		refused []call
	}{
		{"default", func(*config.Config) {}, []call{list, create, del, restoreTo, restoreNew, getVolume}, nil, nil},
		{"read-only", func(c *config.Config) { c.ReadOnly = true }, []call{list, getVolume}, []call{create, del, restoreTo, restoreNew}, nil},
		{"disable-destructive", func(c *config.Config) { c.DisableDestructive = true },
			[]call{list, create, restoreNew, getVolume}, []call{del}, []call{restoreTo}},
		{"toolsets=volume", func(c *config.Config) { c.Toolsets = []string{"volume"} },
			[]call{restoreTo, restoreNew, getVolume}, []call{list, create, del}, nil},
		{"tools=list_things,delete_thing", func(c *config.Config) { c.Tools = []string{"list_things", "delete_thing"} },
			[]call{list, del}, []call{create, restoreTo, getVolume}, nil},
		{"exclude-tools=delete_thing", func(c *config.Config) { c.ExcludeTools = []string{"delete_thing"} },
			[]call{list, create, restoreTo}, []call{del}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig("stdio")
			tc.set(&cfg)
			c := inProcess(t, New(cfg, "test", testLogger(t), withTools(fakeTools())))
			do := func(cl call) (*mcp.CallToolResult, error) {
				req := mcp.CallToolRequest{}
				req.Params.Name, req.Params.Arguments = cl.tool, cl.args
				return c.CallTool(context.Background(), req)
			}
			for _, cl := range tc.ok {
				if res, err := do(cl); err != nil || res.IsError {
					t.Errorf("%s %v: %v %v, want it to run", cl.tool, cl.args, err, res)
				}
			}
			for _, cl := range tc.hidden {
				if res, err := do(cl); err == nil {
					t.Errorf("%s: hidden, yet the call answered %+v", cl.tool, res)
				}
			}
			for _, cl := range tc.refused {
				res, err := do(cl)
				if err != nil || !res.IsError || resultCode(res) != "forbidden" {
					t.Errorf("%s %v: %v %+v, want a forbidden result", cl.tool, cl.args, err, res)
				}
			}
		})
	}
}

// TestHiddenToolsOverHTTP: the same filter holds on a real transport.
func TestHiddenToolsOverHTTP(t *testing.T) {
	cfg := testConfig("http")
	cfg.ReadOnly = true
	s := New(cfg, "test", testLogger(t), withTools(fakeTools()))
	c := httpClient(t, "http", serveHTTP(t, s, Token{Value: testToken}), testToken, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	names := []string{}
	for _, l := range listTools(t, c) {
		names = append(names, l.Name)
	}
	if strings.Join(names, ",") != "get_volume_thing,list_things" {
		t.Errorf("read-only lists %v", names)
	}
	req := mcp.CallToolRequest{}
	req.Params.Name = "delete_thing"
	if res, err := c.CallTool(context.Background(), req); err == nil {
		t.Errorf("delete_thing called on a read-only server: %+v", res)
	}
}

// TestAuditLog: a mutating call is logged at info with its tool, arguments
// (secrets redacted), the id it acted on, outcome and duration; a refusal
// too; a read only at debug.
func TestAuditLog(t *testing.T) {
	cfg := testConfig("stdio")
	cfg.DisableDestructive = true
	lb := &calltest.Buffer{}
	s := New(cfg, "test", newLogger(lb, "info"), withTools(fakeTools()))
	c := inProcess(t, s)
	call := func(tool string, args map[string]any) {
		req := mcp.CallToolRequest{}
		req.Params.Name, req.Params.Arguments = tool, args
		if _, err := c.CallTool(context.Background(), req); err != nil {
			t.Fatal(err)
		}
	}
	secret := "#cloud-config\npassword: hunter2-very-secret"
	call("create_thing", map[string]any{"name": "web-1", "user_data": secret})
	call("restore_thing", map[string]any{"volume_id": "vol-42"})
	call("list_things", nil)
	logs := lb.String()
	for _, want := range []string{
		`tool=create_thing`, `effect=write`, `name:web-1`, `user_data:[redacted]`, `outcome=ok`,
		`id=11111111-2222-3333-4444-555555555555`, `status=available`, `duration_ms=`,
		`tool=restore_thing`, `outcome=refused`, `code=forbidden`, `volume_id:vol-42`,
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("audit log lacks %s:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, "hunter2") {
		t.Errorf("user_data leaked into the log:\n%s", logs)
	}
	if strings.Contains(logs, "tool=list_things") {
		t.Errorf("a read is logged at info:\n%s", logs)
	}
}

// TestRestoreOntoExistingVolumeRefused: with --disable-destructive, the
// real restore_backup is listed (restoring to a new volume stays) but a
// restore onto an existing volume is refused before anything reaches the
// cloud (this client has no credentials: a call that got through would
// fail otherwise, not with forbidden).
func TestRestoreOntoExistingVolumeRefused(t *testing.T) {
	all := tools.Toolsets.Tools()
	var restore *mcptool.Tool
	for i := range all {
		if all[i].Def.Name == "restore_backup" {
			restore = &all[i]
		}
	}
	if restore == nil {
		t.Skip("restore_backup does not exist yet")
	}
	cfg := testConfig("stdio")
	cfg.DisableDestructive = true
	cfg.Toolsets = tools.Toolsets.Names() // restore_backup's toolset is off by default
	c := inProcess(t, New(cfg, "test", testLogger(t), withTools(all)))
	req := mcp.CallToolRequest{}
	req.Params.Name = "restore_backup"
	req.Params.Arguments = map[string]any{"backup_id": "b1", "volume_id": "v1"}
	res, err := c.CallTool(context.Background(), req)
	if err != nil {
		t.Fatalf("restore_backup is hidden by --disable-destructive: %v", err)
	}
	if resultCode(res) != "forbidden" {
		t.Errorf("restore onto an existing volume: %+v, want forbidden", res)
	}
	// To a new volume, the same predicate lets it run (not called here: it
	// would go to the cloud).
	args, err := restore.Arguments(json.RawMessage(`{"backup_id": "b1", "name": "restored"}`))
	if err != nil {
		t.Fatal(err)
	}
	if !Policy(cfg)(restore.Def, args) {
		t.Error("restore to a new volume is refused")
	}
}
