package server

import (
	"fmt"
	"slices"
	"sync"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/mcpgofix"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// unservedMessage is what a tools/call of a tool the server does not serve
// is told, in place of mcp-go's bare 'not found' (mcpgofix.CleanErrors): a
// tool that exists is told the setting that hides it (the caller asked for
// the right tool, of a server set up without it), any other name the
// served tools close to it.
func unservedMessage(cfg config.Config, served []string) mcpgofix.ToolNotFound {
	all := sync.OnceValue(func() []mcptool.Tool { return tools.Toolsets.Tools() })
	return func(name string) string {
		if i := slices.IndexFunc(all(), func(t mcptool.Tool) bool { return t.Def.Name == name }); i >= 0 {
			if by := Unserved(cfg, all()[i].Def); by != "" {
				return fmt.Sprintf("tool %q is not served: %s", name, by)
			}
		}
		return fmt.Sprintf("tool %q not found%s", name, didYouMean(name, served))
	}
}
