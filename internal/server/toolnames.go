package server

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// checkToolNames refuses a name in --tools or --exclude-tools that is no
// tool (a misspelt exclusion would leave the tool callable), or that the
// other settings hide already (the operator meant something else).
func checkToolNames(c config.Config) error {
	if len(c.Tools) == 0 && len(c.ExcludeTools) == 0 {
		return nil
	}
	all := tools.Toolsets.Tools()
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

// DidYouMean suggests up to three tool names for a mistyped or misnamed one,
// as a not_found suggests resource names: the name said in OpenStack's other
// words first (list_servers is list_instances), then close names. It is
// "; did you mean a, b?", or "" when none is close.
func DidYouMean(name string, tools []mcptool.Tool) string {
	names := make([]string, len(tools))
	for i, t := range tools {
		names[i] = t.Def.Name
	}
	return didYouMean(name, names)
}

// didYouMean is DidYouMean among names.
func didYouMean(name string, names []string) string {
	var close []string
	if n := inOurWords(name); n != name && slices.Contains(names, n) {
		close = append(close, n)
	}
	for _, n := range slices.Concat(fault.Suggest(inOurWords(name), names), fault.Suggest(name, names)) {
		if len(close) < 3 && !slices.Contains(close, n) {
			close = append(close, n)
		}
	}
	if len(close) == 0 {
		return ""
	}
	return "; did you mean " + strings.Join(close, ", ") + "?"
}

// synonyms are the words people and other tools use for ours.
var synonyms = map[string]string{
	"server": "instance", "servers": "instances", "vm": "instance", "vms": "instances",
	"disk": "volume", "disks": "volumes", "key": "keypair", "keys": "keypairs",
	"zone": "availability_zone", "zones": "availability_zones", "flavour": "flavor", "flavours": "flavors",
	"show": "get", "describe": "get", "add": "create", "new": "create", "remove": "delete", "destroy": "delete",
	"rm": "delete", "ls": "list", "restart": "reboot", "boot": "start", "halt": "stop", "shutdown": "stop",
	"resize": "extend", "grow": "extend",
}

// inOurWords rewrites each word of a tool name (split at "_") to ours.
func inOurWords(name string) string {
	words := strings.Split(strings.ToLower(name), "_")
	for i, w := range words {
		if s, ok := synonyms[w]; ok {
			words[i] = s
		}
	}
	return strings.Join(words, "_")
}
