package server

import (
	"strings"
	"testing"
)

// TestToolNamesAreChecked: a name in --tools or --exclude-tools that is no
// tool, or that the other settings hide already, refuses the start, with a
// did-you-mean or the setting that hides it.
func TestToolNamesAreChecked(t *testing.T) {
	for _, tc := range []struct {
		name          string
		tools, hidden []string
		readOnly      bool
		noDestructive bool
		toolsets      []string
		want          []string // in the error; none: valid
	}{
		{name: "valid", tools: []string{"list_volumes", "get_volume"}},
		{name: "valid exclusion", hidden: []string{"delete_keypair"}},
		{name: "misspelt exclusion", hidden: []string{"delete_keypairs"}, want: []string{"--exclude-tools", `"delete_keypairs"`, "did you mean delete_keypair"}},
		{name: "misspelt allow", tools: []string{"list_volume"}, want: []string{"--tools", `"list_volume"`, "did you mean", "list_volumes"}},
		{name: "nothing close", tools: []string{"zzz"}, want: []string{"--tools", `"zzz"`, "mcp-infomaniak tools"}},
		{name: "allowed but read-only", tools: []string{"delete_volume"}, readOnly: true, want: []string{"--tools", "delete_volume", "--read-only"}},
		{name: "allowed but not destructive", tools: []string{"delete_volume"}, noDestructive: true, want: []string{"--tools", "delete_volume", "--disable-destructive"}},
		{name: "allowed but another toolset", tools: []string{"delete_volume"}, toolsets: []string{"compute"}, want: []string{"--tools", "delete_volume", "--toolsets"}},
		{name: "allowed and excluded", tools: []string{"get_volume", "list_volumes"}, hidden: []string{"get_volume"}, want: []string{"--tools", "get_volume", "--exclude-tools"}},
		{name: "excluded but read-only", hidden: []string{"delete_volume"}, readOnly: true, want: []string{"--exclude-tools", "delete_volume", "--read-only"}},
		{name: "excluded but not allowed", tools: []string{"list_volumes"}, hidden: []string{"get_volume"}, want: []string{"--exclude-tools", "get_volume", "--tools"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig("stdio")
			cfg.Tools, cfg.ExcludeTools, cfg.ReadOnly, cfg.DisableDestructive, cfg.Toolsets = tc.tools, tc.hidden, tc.readOnly, tc.noDestructive, tc.toolsets
			err := Validate(cfg)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted; want an error with %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}
