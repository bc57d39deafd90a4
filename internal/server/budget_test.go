package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
)

// The default tools' budget. What costs an agent is bytes: a model reads
// every tool's name, description and input schema (clients that defer
// tools they do not need read fewer), so the default set is held to a
// number of bytes; the count is a ceiling for clients that cap it.
const (
	budgetTools        = 52        // tools in the default set
	budgetVisibleAvg   = 250       // model-visible bytes a tool, on average
	budgetVisibleAll   = 12500     // model-visible bytes of the whole set
	budgetToolsListLen = 32 * 1024 // the whole tools/list answer on the wire
)

const budgetFile = "../../testdata/budget.json"

// budget is the record kept in testdata/budget.json: the default set's
// sizes, tool by tool, so that a tool that grows is named.
type budget struct {
	Tools     int                   `json:"tools"`
	Visible   int                   `json:"visible_bytes"`    // summed over the tools
	ToolsList int                   `json:"tools_list_bytes"` // the JSON-RPC answer, newline excluded
	PerTool   map[string]toolWeight `json:"per_tool"`
}

type toolWeight struct {
	Visible int `json:"visible"` // compact JSON of name, description, inputSchema
	Wire    int `json:"wire"`    // the tool's whole entry in tools/list
}

// TestDefinitionsBudget weighs the default toolsets' tools/list as a stdio
// client receives it, and fails when the set passes the budget, naming the
// tools that grew since the record. The record itself is a snapshot: a size
// that changed fails until `go generate ./...` rewrites it (generate.go).
func TestDefinitionsBudget(t *testing.T) {
	line := defaultToolsList(t)
	got := weigh(t, line)

	var old budget
	raw, err := os.ReadFile(budgetFile)
	if err == nil {
		err = json.Unmarshal(raw, &old)
	}
	if err != nil && !*update {
		t.Errorf("no budget record (run go generate ./...): %v", err)
	}
	grew := growth(old, got)

	n := got.Tools
	if n > budgetTools {
		t.Errorf("%d default tools, budget %d (new: %s)", n, budgetTools, strings.Join(added(old, got), ", "))
	}
	if got.Visible > budgetVisibleAvg*n {
		t.Errorf("model-visible bytes %d for %d tools (%d a tool), budget %d a tool; grew: %s",
			got.Visible, n, got.Visible/n, budgetVisibleAvg, orNone(grew))
	}
	if got.Visible > budgetVisibleAll {
		t.Errorf("model-visible bytes %d, budget %d in all; grew: %s", got.Visible, budgetVisibleAll, orNone(grew))
	}
	if got.ToolsList > budgetToolsListLen {
		t.Errorf("tools/list is %d bytes on the wire, budget %d; grew: %s", got.ToolsList, budgetToolsListLen, orNone(grew))
	}
	t.Logf("%d tools, %d model-visible bytes (%d a tool), tools/list %d bytes", n, got.Visible, got.Visible/max(n, 1), got.ToolsList)

	out, _ := json.MarshalIndent(got, "", "  ")
	out = append(out, '\n')
	if *update {
		if err := os.WriteFile(budgetFile, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err == nil && !bytes.Equal(raw, out) {
		t.Errorf("%s is stale (run go generate ./... and review the diff); changed: %s",
			budgetFile, orNone(changes(old, got)))
	}
}

// defaultToolsList is the tools/list answer of the default configuration,
// the line a stdio client reads.
func defaultToolsList(t *testing.T) []byte {
	t.Helper()
	s := New(testConfig("stdio"), "test", testLogger(t), WithCloud(client.New(client.Options{})))
	w, lines := rawStdio(t, s)
	_, _ = io.WriteString(w, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"budget","version":"1"}}}`+"\n"+
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`+"\n"+
		`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`+"\n")
	for {
		l, err := lines.ReadBytes('\n')
		if err != nil {
			t.Fatalf("reading the tools/list answer: %v", err)
		}
		if bytes.Contains(l, []byte(`"id":2,`)) {
			return bytes.TrimSpace(l)
		}
	}
}

// weigh measures a tools/list answer as cmd/mcp-bench does.
func weigh(t *testing.T, line []byte) budget {
	t.Helper()
	var r struct {
		Result struct {
			Tools []json.RawMessage `json:"tools"`
		} `json:"result"`
	}
	if err := json.Unmarshal(line, &r); err != nil || len(r.Result.Tools) == 0 {
		t.Fatalf("tools/list answer: %v %.300s", err, line)
	}
	b := budget{Tools: len(r.Result.Tools), ToolsList: len(line), PerTool: map[string]toolWeight{}}
	for _, raw := range r.Result.Tools {
		var tl struct {
			Name        string          `json:"name"`
			Description string          `json:"description"`
			InputSchema json.RawMessage `json:"inputSchema"`
		}
		if err := json.Unmarshal(raw, &tl); err != nil {
			t.Fatal(err)
		}
		var in, all bytes.Buffer
		if err := json.Compact(&in, tl.InputSchema); err != nil {
			t.Fatal(err)
		}
		tl.InputSchema = in.Bytes()
		v, _ := json.Marshal(tl)
		_ = json.Compact(&all, raw)
		b.PerTool[tl.Name] = toolWeight{Visible: len(v), Wire: all.Len()}
		b.Visible += len(v)
	}
	return b
}

// growth names the tools bigger (model-visible or on the wire) than in
// the record, and the new ones, biggest growth first.
func growth(old, got budget) []string {
	type g struct {
		name string
		by   int
		s    string
	}
	var gs []g
	for name, w := range got.PerTool {
		o, ok := old.PerTool[name]
		switch {
		case !ok:
			gs = append(gs, g{name, w.Visible, fmt.Sprintf("%s (new, %d B)", name, w.Visible)})
		case w.Visible > o.Visible || w.Wire > o.Wire:
			gs = append(gs, g{name, w.Visible - o.Visible, fmt.Sprintf("%s (%d → %d B visible, %d → %d B on the wire)", name, o.Visible, w.Visible, o.Wire, w.Wire)})
		}
	}
	sort.Slice(gs, func(i, j int) bool { return gs[i].by > gs[j].by || gs[i].by == gs[j].by && gs[i].name < gs[j].name })
	out := make([]string, len(gs))
	for i, x := range gs {
		out[i] = x.s
	}
	return out
}

// changes is growth plus the tools that shrank or went.
func changes(old, got budget) []string {
	out := growth(old, got)
	var rest []string
	for name, o := range old.PerTool {
		w, ok := got.PerTool[name]
		switch {
		case !ok:
			rest = append(rest, name+" (gone)")
		case w.Visible < o.Visible || w.Wire < o.Wire:
			rest = append(rest, fmt.Sprintf("%s (%d → %d B visible, %d → %d B on the wire)", name, o.Visible, w.Visible, o.Wire, w.Wire))
		}
	}
	sort.Strings(rest)
	if len(out) == 0 && len(rest) == 0 && old.ToolsList != got.ToolsList {
		rest = append(rest, fmt.Sprintf("tools/list %d → %d B", old.ToolsList, got.ToolsList))
	}
	return append(out, rest...)
}

func added(old, got budget) []string {
	var out []string
	for name := range got.PerTool {
		if _, ok := old.PerTool[name]; !ok {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none since the record"
	}
	return strings.Join(s, ", ")
}
