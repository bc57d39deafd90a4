package client

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

var imageNames = []string{"Debian 12 bookworm", "Ubuntu 24.04 LTS Noble Numbat", "Ubuntu 22.04 LTS Jammy Jellyfish",
	"Rocky Linux 9", "Fedora CoreOS 40", "sandbox-error-image - its servers go to ERROR, for testing failures"}

// A name that matches nothing is not_found with the close names, which
// Resolve finds by listing them all (search with an empty name).
func TestResolveNotFoundSuggests(t *testing.T) {
	var asked []string
	search := func(_ context.Context, name string) ([]Candidate, error) {
		asked = append(asked, name)
		var out []Candidate
		for i, n := range imageNames {
			if name == "" || n == name {
				out = append(out, Candidate{ID: string(rune('a' + i)), Name: n})
			}
		}
		return out, nil
	}
	_, err := Resolve(context.Background(), "image", "Debian", nil, search)
	e := fault.Classify(err)
	if e.Code != fault.CodeNotFound || e.Hint != `close names: "Debian 12 bookworm"; list_images shows them all` ||
		!slices.Equal(e.Details["close_names"].([]string), []string{"Debian 12 bookworm"}) {
		t.Errorf("not_found: %+v", e)
	}
	if !slices.Equal(asked, []string{"Debian", ""}) {
		t.Errorf("searches: %q", asked)
	}
	_, err = Resolve(context.Background(), "server", "windows", nil, search)
	if e := fault.Classify(err); e.Hint != "list_instances shows them all" || e.Details != nil || strings.Contains(e.Message, "(") {
		t.Errorf("nothing close: %+v", e)
	}
}
