package mcptool_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/textdiff"
)

var update = flag.Bool("update", false, "rewrite the fuzz seed corpus in testdata/fuzz")

const seedDir = "testdata/fuzz/FuzzToolArguments"

// TestFuzzSeeds keeps two seeds a tool in FuzzToolArguments' corpus, keyed
// by the tool's name: its required arguments, and all of them. `go
// generate ./...` rewrites them (generate.go).
func TestFuzzSeeds(t *testing.T) {
	want := map[string][]byte{}
	for _, tl := range fuzzTools {
		all, required := seedArguments(t, tl)
		want[tl.Def.Name+"-all"] = seedFile(tl.Def.Name, all)
		want[tl.Def.Name+"-required"] = seedFile(tl.Def.Name, required)
	}
	if *update {
		if err := os.MkdirAll(seedDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	names := make([]string, 0, len(want))
	for name := range want {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(seedDir, name)
		if *update {
			if err := os.WriteFile(path, want[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: no seed (run go generate ./...): %v", name, err)
		} else if !bytes.Equal(got, want[name]) {
			t.Errorf("%s is stale (run go generate ./...), %s", path, textdiff.Lines(got, want[name]))
		}
	}
	files, _ := filepath.Glob(filepath.Join(seedDir, "*"))
	for _, f := range files {
		if _, ok := want[filepath.Base(f)]; !ok {
			if *update {
				_ = os.Remove(f)
			} else {
				t.Errorf("%s: a seed of no tool (run go generate ./...)", f)
			}
		}
	}
}

// seedFile is a corpus entry in the fuzzing engine's format.
func seedFile(name string, args []byte) []byte {
	return fmt.Appendf(nil, "go test fuzz v1\nstring(%s)\n[]byte(%s)\n", strconv.Quote(name), strconv.Quote(string(args)))
}

// seedArguments are arguments for every property of t's full input
// schema, and for its required ones only: an enum's first value, a
// number's minimum (or 1), false, a list of one string, "x-<property>".
func seedArguments(t *testing.T, tl mcptool.Tool) (all, required []byte) {
	t.Helper()
	var s struct {
		Properties map[string]struct {
			Type    string   `json:"type"`
			Enum    []any    `json:"enum"`
			Minimum *float64 `json:"minimum"`
		} `json:"properties"`
		Required []string `json:"required"`
	}
	if err := json.Unmarshal(tl.FullInputSchema(), &s); err != nil {
		t.Fatalf("%s: %v", tl.Def.Name, err)
	}
	a, r := map[string]any{}, map[string]any{}
	for name, p := range s.Properties {
		var v any
		switch {
		case len(p.Enum) > 0:
			v = p.Enum[0]
		case p.Type == "integer" || p.Type == "number":
			v = 1.0
			if p.Minimum != nil && *p.Minimum > 1 {
				v = *p.Minimum
			}
		case p.Type == "boolean":
			v = false
		case p.Type == "array":
			v = []string{"x"}
		default:
			v = "x-" + name
		}
		a[name] = v
	}
	for _, name := range s.Required {
		r[name] = a[name]
	}
	all, _ = json.Marshal(a)
	required, _ = json.Marshal(r)
	return all, required
}
