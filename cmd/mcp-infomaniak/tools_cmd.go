package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/docs"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

const toolsHelp = `mcp-infomaniak tools: lists the tools the server offers; needs no credentials and contacts no cloud.

Usage: mcp-infomaniak tools [--json | --markdown] [filter flags]
       mcp-infomaniak tools [--json] TOOL ...

One tool per line: name, effect (read, write, destructive), description.
The server's filter flags apply, so 'tools --read-only' shows what a read-only
server lists; --markdown prints the reference of every tool (docs/tools.md).
Given tool names, it prints each one's arguments, one per line: name, type,
required or optional, default, description (--json: their definitions).
`

// toolsCmd lists the tools. The cloud client it binds them to has no
// credentials: a Cloud connects lazily, on the first call, and no call is made.
func toolsCmd(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	f, err := newCmdFlags("tools", toolsHelp, stderr)
	if err != nil {
		return usageError(stderr, "tools", "%v", err)
	}
	f.filterFlags()
	asJSON := f.Bool("json", false, "print the full tool definitions, as MCP's tools/list gives them")
	asMarkdown := f.Bool("markdown", false, "print the Markdown reference of every tool, whatever the filters")
	if code, ok := f.parse(args, stdout); !ok {
		return code
	}
	cfg := f.cfg
	if err := server.Validate(cfg); err != nil {
		fmt.Fprintln(stderr, "mcp-infomaniak:", err)
		return 2
	}
	all := allTools()
	if names := f.Args(); len(names) > 0 {
		if *asMarkdown {
			return usageError(stderr, "tools", "--markdown is the reference of every tool; without --markdown, tools %s prints its arguments", names[0])
		}
		if !*asJSON {
			return printToolHelp(stdout, stderr, "tools", cfg, names)
		}
		var named []mcptool.Tool
		for _, name := range names {
			t, ok := findTool(all, name)
			if !ok {
				return noSuchTool(stderr, "tools", name, all)
			}
			named = append(named, t)
		}
		return printDefinitions(stdout, stderr, named)
	}
	if *asMarkdown {
		md, err := docs.Markdown(tools.Toolsets, all)
		if err != nil {
			fmt.Fprintln(stderr, "mcp-infomaniak tools:", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", md)
		return 0
	}
	allow := server.Policy(cfg)
	var listed []mcptool.Tool
	var hidden []string
	for _, t := range all {
		if allow(t.Def, nil) {
			listed = append(listed, t)
		} else {
			hidden = append(hidden, t.Def.Name)
		}
	}
	if *asJSON {
		return printDefinitions(stdout, stderr, listed)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, t := range listed {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", t.Def.Name, t.Def.Effect, strings.Join(strings.Fields(t.Def.Description), " "))
	}
	if err := tw.Flush(); err != nil {
		return 1
	}
	if len(hidden) > 0 { // on stderr: stdout stays one tool a line
		fmt.Fprintf(stderr, "not served with these settings ('mcp-infomaniak tools NAME' says why): %s\n", strings.Join(hidden, ", "))
	}
	return 0
}

// printDefinitions prints the tools' definitions as tools/list gives them.
func printDefinitions(stdout, stderr io.Writer, listed []mcptool.Tool) int {
	list := make([]mcp.Tool, 0, len(listed))
	for _, t := range listed {
		list = append(list, t.MCPTool())
	}
	b, err := json.MarshalIndent(map[string]any{"tools": list}, "", "  ")
	if err != nil {
		fmt.Fprintln(stderr, "mcp-infomaniak tools:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s\n", b)
	return 0
}
