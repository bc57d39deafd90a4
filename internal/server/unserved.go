package server

import (
	"fmt"
	"regexp"
	"slices"
	"sync"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// mcpToolNotFound is mcp-go's answer to a tools/call of a tool it does not
// serve. Compiled on first use: package-level work is paid by every start.
var mcpToolNotFound = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^tool '(.*)' not found: tool not found$`)
})

// unservedMessage rewrites mcp-go's bare 'not found' of a tools/call: a
// tool that exists is told the setting that hides it (the caller asked for
// the right tool, of a server set up without it), any other name the served
// tools close to it. Other messages come back as they are.
func unservedMessage(cfg config.Config, served []string) func(string) string {
	all := sync.OnceValue(func() []mcptool.Tool { return tools.Toolsets.Tools() })
	return func(m string) string {
		g := mcpToolNotFound().FindStringSubmatch(m)
		if g == nil {
			return m
		}
		name := g[1]
		if i := slices.IndexFunc(all(), func(t mcptool.Tool) bool { return t.Def.Name == name }); i >= 0 {
			if by := Unserved(cfg, all()[i].Def); by != "" {
				return fmt.Sprintf("tool %q is not served: %s", name, by)
			}
		}
		return fmt.Sprintf("tool %q not found%s", name, didYouMean(name, served))
	}
}
