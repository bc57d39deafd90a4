package server

import (
	"fmt"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
)

// checkToolNames refuses a name in --tools or --exclude-tools that is no
// tool (a misspelt exclusion would leave the tool callable), or that the
// other settings hide already (the operator meant something else).
func checkToolNames(c config.Config) error {
	if len(c.Tools) == 0 && len(c.ExcludeTools) == 0 {
		return nil
	}
	all := AllTools(client.New(client.Options{}))
	byName := make(map[string]mcptool.Def, len(all))
	for _, t := range all {
		byName[t.Def.Name] = t.Def
	}
	hidden := hiddenBy(c)
	for _, list := range []struct {
		flag, env string
		names     []string
	}{
		{"--tools", "MCP_INFOMANIAK_TOOLS", c.Tools},
		{"--exclude-tools", "MCP_INFOMANIAK_EXCLUDE_TOOLS", c.ExcludeTools},
	} {
		for _, name := range list.names {
			def, ok := byName[name]
			if !ok {
				hint := DidYouMean(name, all)
				if hint == "" {
					hint = "; 'mcp-infomaniak tools' lists them"
				}
				return fmt.Errorf("%s (or %s): %q is not a tool%s", list.flag, list.env, name, hint)
			}
			if by := hidden(def, list.flag); by != "" {
				return fmt.Errorf("%s (or %s): %s is hidden by %s already; remove it from one of them", list.flag, list.env, name, by)
			}
		}
	}
	return nil
}

// DidYouMean suggests tool names close to a mistyped one: "; did you mean
// a, b?", or "" when none or too many are.
func DidYouMean(name string, tools []mcptool.Tool) string {
	var close []string
	for _, t := range tools {
		n := t.Def.Name
		if strings.Contains(n, name) || strings.Contains(name, n) || editDistance(n, name) <= 2 {
			close = append(close, n)
		}
	}
	if len(close) == 0 || len(close) > 5 {
		return ""
	}
	return "; did you mean " + strings.Join(close, ", ") + "?"
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
