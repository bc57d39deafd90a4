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
	toolsets := tools.Toolsets.Enabled(c.Toolsets).Names()
	return func(def mcptool.Def, args json.RawMessage) bool {
		if c.ReadOnly && def.Effect != mcptool.Read {
			return false
		}
		if c.DisableDestructive {
			if def.Effect == mcptool.Destructive {
				return false
			}
			if args != nil && def.DestructiveWhen != nil && def.DestructiveWhen(args) {
				return false
			}
		}
		if !slices.Contains(toolsets, def.Toolset) {
			return false
		}
		if len(c.Tools) > 0 && !slices.Contains(c.Tools, def.Name) {
			return false
		}
		return !slices.Contains(c.ExcludeTools, def.Name)
	}
}
