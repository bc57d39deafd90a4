package docs

import (
	"bytes"
	"fmt"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/toolset"
)

// Markers around the README's toolset table, which ToolsetTable fills.
const (
	TableStart = "<!-- toolsets: generated from tools/registry.go, do not edit -->"
	TableEnd   = "<!-- end of toolsets -->"
)

// ToolsetTable is the README's table of toolsets, between its markers.
func ToolsetTable(sets toolset.Registry) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n| toolset | on by default | what it manages |\n|---|---|---|\n", TableStart)
	for _, ts := range sets {
		on := "no"
		if ts.Default {
			on = "yes"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", ts.Name, on, cell(ts.Description))
	}
	b.WriteString(TableEnd)
	return b.Bytes()
}

// withToolsetTable returns readme with the table between its markers
// replaced by ToolsetTable(sets).
func withToolsetTable(readme []byte, sets toolset.Registry) ([]byte, error) {
	start := bytes.Index(readme, []byte(TableStart))
	end := bytes.Index(readme, []byte(TableEnd))
	if start < 0 || end < start {
		return nil, fmt.Errorf("the README has no toolset table between %q and %q", TableStart, TableEnd)
	}
	out := append([]byte(nil), readme[:start]...)
	out = append(out, ToolsetTable(sets)...)
	return append(out, readme[end+len(TableEnd):]...), nil
}
