package server

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// Policy is the one predicate that decides which tools exist and which calls
// may run, from the tools' effects and the operator's settings. The same
// predicate serves tools/list and tools/call.
func Policy(c config.Config) mcptool.Allow {
	hidden := hiddenBy(c)
	return func(def mcptool.Def, args json.RawMessage) bool {
		if hidden(def, "") != "" {
			return false
		}
		return !(c.DisableDestructive && args != nil && def.DestructiveWhen != nil && def.DestructiveWhen(args))
	}
}

// hiddenBy returns what names the setting that hides a tool ("" when none
// does), ignoring the setting skip: the tool name checks ask whether the
// other settings hide a tool already.
func hiddenBy(c config.Config) func(def mcptool.Def, skip string) string {
	rules := hidingRules(c)
	return func(def mcptool.Def, skip string) string {
		for _, r := range rules {
			if r.flag != skip && r.hides(def) {
				return r.flag
			}
		}
		return ""
	}
}

// hidingRule is one setting that hides tools: its flag, which tools, and
// what it says of one it hides (what would serve it).
type hidingRule struct {
	flag  string
	hides func(def mcptool.Def) bool
	says  func(def mcptool.Def) string
}

// hidingRules are c's settings that hide tools, in the order hiddenBy
// reports them.
func hidingRules(c config.Config) []hidingRule {
	enabled := tools.Toolsets.Enabled(c.Toolsets).Names()
	says := func(s string) func(mcptool.Def) string { return func(mcptool.Def) string { return s } }
	return []hidingRule{
		{"--read-only", func(def mcptool.Def) bool { return c.ReadOnly && def.Effect != mcptool.Read },
			says("--read-only (MCP_INFOMANIAK_READ_ONLY) serves only list_* and get_* tools")},
		{"--disable-destructive", func(def mcptool.Def) bool { return c.DisableDestructive && def.Effect == mcptool.Destructive },
			says("--disable-destructive (MCP_INFOMANIAK_DISABLE_DESTRUCTIVE) hides what deletes or overwrites")},
		{"--toolsets", func(def mcptool.Def) bool { return !slices.Contains(enabled, def.Toolset) },
			func(def mcptool.Def) string {
				with := "--toolsets " + strings.Join(append(slices.Clone(enabled), def.Toolset), ",")
				if len(c.Toolsets) == 0 {
					return fmt.Sprintf("its toolset, %s, is off by default: %s (MCP_INFOMANIAK_TOOLSETS) serves it", def.Toolset, with)
				}
				return fmt.Sprintf("its toolset, %s, is not in --toolsets (MCP_INFOMANIAK_TOOLSETS): %s serves it", def.Toolset, with)
			}},
		{"--tools", func(def mcptool.Def) bool { return len(c.Tools) > 0 && !slices.Contains(c.Tools, def.Name) },
			says("--tools (MCP_INFOMANIAK_TOOLS) does not name it")},
		{"--exclude-tools", func(def mcptool.Def) bool { return slices.Contains(c.ExcludeTools, def.Name) },
			says("--exclude-tools (MCP_INFOMANIAK_EXCLUDE_TOOLS) names it")},
	}
}

// Unserved says, of a tool that exists, each setting that hides it, in the
// words of its flag and environment variable and what would serve it ("" when
// none does): a call of it, over MCP or from the shell, is told the setting
// that applies rather than every filter there is.
func Unserved(c config.Config, def mcptool.Def) string {
	var by []string
	for _, r := range hidingRules(c) {
		if r.hides(def) {
			by = append(by, r.says(def))
		}
	}
	return strings.Join(by, "; ")
}
