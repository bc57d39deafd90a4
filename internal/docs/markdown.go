// Package docs renders the tool reference, docs/tools.md, from the tools'
// own definitions: names, effects, annotations, input and output schemas.
// Nothing in it is written by hand, so it cannot drift from the code; a test
// fails when the committed file is stale.
package docs

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/toolset"
)

// regenerateCommand is how docs/tools.md is rebuilt, from the module root
// (with the other generated files; generate.go).
const regenerateCommand = "go generate ./..."

// Markdown renders the reference of tools, toolset by toolset in the order of
// sets (tools of other toolsets follow, by toolset name). The output depends
// only on the definitions, never on the order the tools are given in.
func Markdown(sets toolset.Registry, tools []mcptool.Tool) ([]byte, error) {
	tools = sorted(sets.Names(), tools)
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	p("# Tool reference\n\n")
	p("<!-- Generated from the tools' definitions by `%s`. Do not edit: a test fails when this file is stale. -->\n\n", regenerateCommand)
	p("mcp-infomaniak has %d %s. Each takes one JSON object of arguments and returns one JSON object, "+
		"as structured content with the output schema shown. A failure is a result with `isError: true` and "+
		"`{\"error\": {\"code\", \"message\", \"hint\", \"request_id\"}}`.\n\n", len(tools), plural(len(tools), "tool"))
	p("**Effects.** *read* tools (`list_*`, `get_*`) change nothing and are the only ones `--read-only` keeps. " +
		"*write* tools create or change and destroy nothing. *destructive* tools delete or overwrite; " +
		"`--disable-destructive` hides them, and refuses the calls of a *write* tool that would destroy data.\n\n")
	p("**Waiting.** Every tool that changes something and may wait takes `wait` (default true; false returns once " +
		"the cloud has the request) and `timeout_seconds` (default 600). They are listed here but left out of the " +
		"schemas the server publishes (`tools --json`, tools/list): the server's instructions say them once for all tools.\n\n")
	p("Call any tool from a shell: `mcp-infomaniak call TOOL key=value ...` (see the README).\n\n")

	for _, set := range toolsets(tools) {
		p("## %s\n\n", titleCase(set))
		for _, ts := range sets {
			if ts.Name == set {
				p("%s\n\n", ts.Description)
			}
		}
		p("| tool | effect | description |\n|---|---|---|\n")
		for _, t := range tools {
			if t.Def.Toolset == set {
				p("| [`%s`](#%s) | %s | %s |\n", t.Def.Name, t.Def.Name, effect(t.Def), cell(firstSentence(t.Def.Description)))
			}
		}
		p("\n")
	}

	for _, t := range tools {
		if err := writeTool(&b, t); err != nil {
			return nil, fmt.Errorf("%s: %w", t.Def.Name, err)
		}
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

func writeTool(b *bytes.Buffer, t mcptool.Tool) error {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	in, err := parseSchema(t.FullInputSchema())
	if err != nil {
		return fmt.Errorf("input schema: %w", err)
	}
	out, err := parseSchema(t.FullOutputSchema())
	if err != nil {
		return fmt.Errorf("output schema: %w", err)
	}
	d := t.Def
	p("### %s\n\n", d.Name)
	if d.Title != "" {
		p("**%s.** ", strings.TrimSuffix(d.Title, "."))
	}
	p("%s\n\n", oneLine(d.Description))
	p("- **Effect:** %s", effect(d))
	if d.DestructiveWhen != nil {
		p(" (destroys data with some arguments; `--disable-destructive` refuses those calls)")
	}
	if d.Toolset != "" {
		p("; toolset `%s`", d.Toolset)
	}
	p("\n")
	p("- **Annotations:** %s\n", annotations(t))
	p("\n")

	if len(in.Properties) == 0 {
		p("**Arguments:** none.\n\n")
	} else {
		p("**Arguments:**\n\n| argument | type | required | default | description |\n|---|---|---|---|---|\n")
		for _, a := range in.Properties {
			req := ""
			if in.required(a.Name) {
				req = "yes"
			}
			def := ""
			if len(a.Schema.Default) > 0 {
				def = "`" + string(bytes.TrimSpace(a.Schema.Default)) + "`"
			}
			p("| `%s` | %s | %s | %s | %s |\n", a.Name, cell(a.Schema.typeString()), req, cell(def), cell(a.Schema.Description))
		}
		p("\n")
	}

	if len(out.Properties) == 0 {
		p("**Result:** %s.\n\n", out.typeString())
	} else {
		p("**Result keys:**\n\n")
		writeKeys(b, out, 0)
		p("\n")
	}
	return nil
}

// writeKeys lists an object's keys, and the keys of the objects inside it,
// as a nested list.
func writeKeys(b *bytes.Buffer, n node, depth int) {
	for _, k := range n.Properties {
		s := k.Schema
		line := fmt.Sprintf("%s- `%s` (%s)", strings.Repeat("  ", depth), k.Name, s.typeString())
		if n.required(k.Name) {
			line += ", always present"
		}
		if s.Description != "" {
			line += ": " + oneLine(s.Description)
		}
		fmt.Fprintln(b, line)
		inner := s // through arrays and maps to the objects inside
		for range 4 {
			if inner.Items != nil {
				inner = *inner.Items
			} else if v := inner.mapValues(); v != nil && len(inner.Properties) == 0 {
				inner = *v
			} else {
				break
			}
		}
		if len(inner.Properties) > 0 && depth < 3 {
			writeKeys(b, inner, depth+1)
		}
	}
}

func effect(d mcptool.Def) string { return d.Effect.String() }

// annotations are the MCP hints the tool declares, as tools/list shows them.
func annotations(t mcptool.Tool) string {
	a := t.MCPTool().Annotations
	var on []string
	hint := func(name string, v *bool) {
		if v != nil && *v {
			on = append(on, "`"+name+"`")
		}
	}
	hint("readOnlyHint", a.ReadOnlyHint)
	hint("destructiveHint", a.DestructiveHint)
	hint("idempotentHint", a.IdempotentHint)
	hint("openWorldHint", a.OpenWorldHint)
	if len(on) == 0 {
		return "none"
	}
	return strings.Join(on, ", ")
}

func sorted(order []string, tools []mcptool.Tool) []mcptool.Tool {
	out := append([]mcptool.Tool(nil), tools...)
	rank := func(set string) int {
		if i := slices.Index(order, set); i >= 0 {
			return i
		}
		return len(order)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Def, out[j].Def
		if ra, rb := rank(a.Toolset), rank(b.Toolset); ra != rb {
			return ra < rb
		}
		if a.Toolset != b.Toolset {
			return a.Toolset < b.Toolset
		}
		return a.Name < b.Name
	})
	return out
}

func toolsets(tools []mcptool.Tool) []string {
	var sets []string
	for _, t := range tools {
		if len(sets) == 0 || sets[len(sets)-1] != t.Def.Toolset {
			sets = append(sets, t.Def.Toolset)
		}
	}
	return sets
}

func titleCase(s string) string {
	if s == "" {
		return "Other tools"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cell makes s safe inside a Markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(oneLine(s), "|", `\|`)
}

// firstSentence is the description up to its first full stop: the one line
// an index needs.
func firstSentence(s string) string {
	s = oneLine(s)
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '.' && s[i+1] == ' ' {
			return s[:i+1]
		}
	}
	return s
}

func plural(n int, w string) string {
	if n == 1 {
		return w
	}
	return w + "s"
}
