package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/docs"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

const toolsUsage = `Usage: mcp-infomaniak tools [--json | --markdown] [filter flags]

Lists the tools the server offers, one per line: name, effect, description.
Needs no credentials and contacts no cloud.

  --json       the full definitions, as MCP's tools/list gives them
  --markdown   the tool reference (docs/tools.md), every tool whatever the filters

The server's filter flags apply (--read-only, --disable-destructive, --toolsets,
--tools, --exclude-tools), so 'tools --read-only' shows what a read-only server lists.

Flags:
`

// toolsCmd lists the tools. The cloud client it binds them to has no
// credentials: a Cloud connects lazily, on the first call, and no call is made.
func toolsCmd(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs, cf, err := newFlagSet("tools", stderr)
	if err != nil {
		fmt.Fprintln(stderr, "mcp-infomaniak:", err)
		return 2
	}
	asJSON := fs.Bool("json", false, "print the full tool definitions (tools/list) as JSON")
	asMarkdown := fs.Bool("markdown", false, "print the Markdown tool reference of every tool")
	fs.Usage = func() { fmt.Fprint(stderr, toolsUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "mcp-infomaniak tools: unexpected argument %q (to call a tool: mcp-infomaniak call %s)\n", fs.Arg(0), fs.Arg(0))
		return 2
	}
	cfg := cf.cfg
	if err := server.Validate(cfg); err != nil {
		fmt.Fprintln(stderr, "mcp-infomaniak:", err)
		return 2
	}
	all := server.AllTools(client.New(client.Options{}))
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
	for _, t := range all {
		if allow(t.Def, nil) {
			listed = append(listed, t)
		}
	}
	if *asJSON {
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
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, t := range listed {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", t.Def.Name, t.Def.Effect, strings.Join(strings.Fields(t.Def.Description), " "))
	}
	if err := tw.Flush(); err != nil {
		return 1
	}
	return 0
}
