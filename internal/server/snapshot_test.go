package server

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/textdiff"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

var update = flag.Bool("update", false, "rewrite the snapshots in testdata/")

const snapshotDir = "../../testdata/tools"

// TestToolSnapshots keeps one JSON file per tool definition (name,
// description, schemas, annotations), so that any change to what an agent
// sees shows in review. `go generate ./...` rewrites them (generate.go).
func TestToolSnapshots(t *testing.T) {
	tools := tools.Toolsets.Tools()
	want := map[string]bool{}
	for _, tl := range tools {
		name := tl.Def.Name + ".json"
		want[name] = true
		got, err := json.MarshalIndent(tl.MCPTool(), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		path := filepath.Join(snapshotDir, name)
		if *update {
			if err := os.MkdirAll(snapshotDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: no snapshot (run go generate ./...): %v", tl.Def.Name, err)
			continue
		}
		if !bytes.Equal(old, got) {
			t.Errorf("%s: definition differs from %s (run go generate ./... and review the diff), %s", tl.Def.Name, path, textdiff.Lines(old, got))
		}
	}
	files, _ := filepath.Glob(filepath.Join(snapshotDir, "*.json"))
	var stale []string
	for _, f := range files {
		if !want[filepath.Base(f)] {
			stale = append(stale, f)
			if *update {
				_ = os.Remove(f)
			}
		}
	}
	sort.Strings(stale)
	if len(stale) > 0 && !*update {
		t.Errorf("snapshots of tools that no longer exist: %v", stale)
	}
}

// TestToolDefinitionsKeepTheContract checks what every tool must declare.
func TestToolDefinitionsKeepTheContract(t *testing.T) {
	tools := tools.Toolsets.Tools()
	seen := map[string]bool{}
	for _, tl := range tools {
		d := tl.Def
		if seen[d.Name] {
			t.Errorf("%s: registered twice", d.Name)
		}
		seen[d.Name] = true
		if d.Title == "" || d.Description == "" {
			t.Errorf("%s: title and description are required", d.Name)
		}
		if d.Toolset == "" {
			t.Errorf("%s: no toolset", d.Name)
		}
		mt := tl.MCPTool()
		ro := *mt.Annotations.ReadOnlyHint
		isRead := len(d.Name) > 4 && (d.Name[:5] == "list_" || d.Name[:4] == "get_")
		if ro != isRead {
			t.Errorf("%s: readOnlyHint=%v, want %v (true exactly for list_*/get_*)", d.Name, ro, isRead)
		}
		destructive := *mt.Annotations.DestructiveHint
		wantDestructive := len(d.Name) > 7 && d.Name[:7] == "delete_" || d.Name == "terminate_instance" || d.DestructiveWhen != nil
		if destructive != wantDestructive {
			t.Errorf("%s: destructiveHint=%v, want %v", d.Name, destructive, wantDestructive)
		}
		var out map[string]any
		if err := json.Unmarshal(tl.OutputSchema, &out); err != nil || out["type"] != "object" {
			t.Errorf("%s: output schema must be an object: %s", d.Name, tl.OutputSchema)
		}
		// The validator is compiled on a tool's first call: compile each
		// here, so that a bad rule fails a test and not a user's call.
		if _, err := tl.Arguments(json.RawMessage(`{}`)); err != nil && fault.Classify(err).Code != fault.CodeInvalidArgument {
			t.Errorf("%s: the full input schema does not compile: %v", d.Name, err)
		}
	}
}
