// Package textdiff says in a few lines how two texts differ, for a test
// that compares a file with what it should be (a stale snapshot shows its
// changed lines, not the whole new file).
package textdiff

import (
	"fmt"
	"strings"
)

// maxLines bounds each side of the difference shown.
const maxLines = 12

// Lines is the differing middle of old and new, common first and last
// lines left out: the old lines with "-", the new with "+", each side cut
// at a dozen lines. Empty when they are equal.
func Lines(old, new []byte) string {
	a, b := strings.Split(string(old), "\n"), strings.Split(string(new), "\n")
	start := 0
	for start < len(a) && start < len(b) && a[start] == b[start] {
		start++
	}
	if start == len(a) && start == len(b) {
		return ""
	}
	endA, endB := len(a), len(b)
	for endA > start && endB > start && a[endA-1] == b[endB-1] {
		endA--
		endB--
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "at line %d:\n", start+1)
	side(&sb, "-", a[start:endA])
	side(&sb, "+", b[start:endB])
	return sb.String()
}

func side(sb *strings.Builder, mark string, lines []string) {
	for i, l := range lines {
		if i == maxLines {
			fmt.Fprintf(sb, "%s ... %d more lines\n", mark, len(lines)-maxLines)
			return
		}
		fmt.Fprintf(sb, "%s %s\n", mark, l)
	}
}
