package main

import (
	"fmt"
	"io"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/docs"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// allTools are the tools' definitions, bound to a cloud without credentials:
// a Cloud connects lazily, on a call, and none is made to read them.
func allTools() []mcptool.Tool { return tools.Toolsets.Tools() }

// printToolHelp prints each named tool's arguments ('tools NAME ...',
// 'call NAME --help', 'help NAME'), the published schema in one line per
// argument: what someone at a shell needs, who may have no docs/tools.md.
// A tool cfg does not serve says which setting hides it. A name that is no
// tool ends it with a did-you-mean (exit 2).
func printToolHelp(stdout, stderr io.Writer, cmd string, cfg config.Config, names []string) int {
	all := allTools()
	for i, name := range names {
		t, ok := findTool(all, name)
		if !ok {
			return noSuchTool(stderr, cmd, name, all)
		}
		help, err := docs.ToolHelp(t)
		if err != nil {
			fmt.Fprintf(stderr, "mcp-infomaniak %s: %v\n", cmd, err)
			return 1
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprint(stdout, help)
		if by := server.Unserved(cfg, t.Def); by != "" {
			fmt.Fprintf(stdout, "Not served as set: %s\n", by)
		}
	}
	return 0
}

// noSuchTool is the usage error of a tool name that is no tool: the close
// names, else where they are listed.
func noSuchTool(stderr io.Writer, cmd, name string, all []mcptool.Tool) int {
	return usageError(stderr, cmd, "no tool named %q%s ('mcp-infomaniak tools' lists them)", name, server.DidYouMean(name, all))
}
