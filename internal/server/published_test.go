package server

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/schema"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/textdiff"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

const publishedFile = "../schema/published.json"

// TestPublishedSchemas keeps internal/schema/published.json, the lean
// schemas a server publishes without reflecting at start-up, equal to what
// reflection makes of every registered tool's argument and result types.
// `go generate ./...` rewrites it (generate.go).
func TestPublishedSchemas(t *testing.T) {
	want := map[string]json.RawMessage{}
	for _, tl := range tools.Toolsets.Tools() {
		args, result := tl.Types()
		for k, typ := range map[schema.Kind]reflect.Type{schema.Input: args, schema.Output: result} {
			if typ == nil {
				t.Fatalf("%s: no %v type (a tool made without mcptool.New)", tl.Def.Name, k)
			}
			key, s := schema.Key(typ, k), schema.Reflected(typ, k)
			if old, ok := want[key]; ok && !bytes.Equal(old, s) {
				t.Fatalf("two types are named %q: name them apart", key)
			}
			want[key] = s
		}
	}
	got := publishedText(want)
	if *update {
		if err := os.WriteFile(publishedFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(publishedFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(old, got) {
		t.Errorf("%s is stale (run go generate ./...): %s", publishedFile, textdiff.Lines(old, got))
	}
	// And what the server publishes is that file's: the tools' schemas are
	// the reflected ones, byte for byte.
	for _, tl := range tools.Toolsets.Tools() {
		args, result := tl.Types()
		if !bytes.Equal(tl.InputSchema, schema.Reflected(args, schema.Input)) ||
			!bytes.Equal(tl.OutputSchema, schema.Reflected(result, schema.Output)) {
			t.Errorf("%s: published schemas differ from the reflected ones", tl.Def.Name)
		}
	}
}

// publishedText is the file: a JSON object, one schema a line, sorted by
// key, so that a change shows in review as the lines of the types it touched.
func publishedText(m map[string]json.RawMessage) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, k := range keys {
		name, _ := json.Marshal(k)
		b.Write(name)
		b.WriteString(": ")
		b.Write(m[k])
		if i < len(keys)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	return b.Bytes()
}
