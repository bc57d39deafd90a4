package fault

import (
	"slices"
	"testing"
)

var imageNames = []string{"Debian 12 bookworm", "Ubuntu 24.04 LTS Noble Numbat", "Ubuntu 22.04 LTS Jammy Jellyfish",
	"Rocky Linux 9", "Fedora CoreOS 40", "sandbox-error-image - its servers go to ERROR, for testing failures"}

func TestSuggest(t *testing.T) {
	for _, tc := range []struct {
		ref   string
		names []string
		want  []string
	}{
		{"Debian", imageNames, []string{"Debian 12 bookworm"}},
		{"ubuntu", imageNames, []string{"Ubuntu 24.04 LTS Noble Numbat", "Ubuntu 22.04 LTS Jammy Jellyfish"}},
		{"rocky linux 9", imageNames, []string{"Rocky Linux 9"}},           // only the case differs
		{"Debain 12 bookworm", imageNames, []string{"Debian 12 bookworm"}}, // two typos
		{"windows", imageNames, []string{}},                                // nothing close
		{"web-1", []string{"web-2", "web-10", "db-1", "web-1"}, []string{"web-10", "web-2"}},
		{"a1-ram2-disk20", []string{"a1-ram2-disk20-perf1", "a2-ram4-disk20-perf1", "a1-ram2-disk50-perf1"}, []string{"a1-ram2-disk20-perf1"}},
		{"my-web-server", []string{"web", "a", "db"}, []string{"web"}},           // a name inside the reference, from 3 characters
		{"x", []string{"y", "xa", "xb", "xc", "xd"}, []string{"xa", "xb", "xc"}}, // three at most
		{" ", imageNames, nil},
	} {
		got := Suggest(tc.ref, tc.names)
		if len(got) != len(tc.want) || (len(got) > 0 && !slices.Equal(got, tc.want)) {
			t.Errorf("Suggest(%q) = %q, want %q", tc.ref, got, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"zürich", "zurich", 1}, {"list_flavor", "list_flavors", 1},
		{"defualt", "default", 1}, {"ab", "ba", 1}, {"abc", "ca", 3}} {
		if d := editDistance(tc.a, tc.b); d != tc.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, d, tc.d)
		}
	}
}
