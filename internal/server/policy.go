package server

import (
	"encoding/json"
	"slices"

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
	toolsets := tools.Toolsets.Enabled(c.Toolsets).Names()
	return func(def mcptool.Def, skip string) string {
		switch {
		case c.ReadOnly && def.Effect != mcptool.Read:
			return "--read-only"
		case c.DisableDestructive && def.Effect == mcptool.Destructive:
			return "--disable-destructive"
		case !slices.Contains(toolsets, def.Toolset):
			return "--toolsets"
		case skip != "--tools" && len(c.Tools) > 0 && !slices.Contains(c.Tools, def.Name):
			return "--tools"
		case skip != "--exclude-tools" && slices.Contains(c.ExcludeTools, def.Name):
			return "--exclude-tools"
		}
		return ""
	}
}
