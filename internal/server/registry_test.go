package server

import (
	"context"
	"slices"
	"strings"
	"testing"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/docs"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/toolset"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// fakeToolset is a toolset as a new package under tools/ declares it.
var fakeToolset = toolset.Toolset{
	Name:         "gadgets",
	Description:  "Gadgets, for the registry's test.",
	Instructions: "Gadgets: list them with list_gadgets.",
	Default:      true,
	Tools: func() []mcptool.Tool {
		return []mcptool.Tool{mcptool.New(mcptool.Def{Name: "list_gadgets", Title: "List gadgets", Description: "List gadgets.", Effect: mcptool.Read},
			func(context.Context, struct{}) (struct {
				Gadgets []string `json:"gadgets"`
			}, error) {
				return struct {
					Gadgets []string `json:"gadgets"`
				}{Gadgets: []string{"g1"}}, nil
			})}
	},
}

// TestOneLineRegistersAToolset: a toolset added to the registry with one line
// is in --toolsets (validation and help), the server's instructions and
// tools, the docs and the tools/list snapshot modes.
func TestOneLineRegistersAToolset(t *testing.T) {
	t.Cleanup(tools.Toolsets.Add(fakeToolset))

	cfg := testConfig("stdio")
	cfg.Toolsets = []string{"gadgets"}
	if err := Validate(cfg); err != nil {
		t.Errorf("--toolsets gadgets: %v", err)
	}
	cfg.Toolsets = []string{"gizmos"}
	if err := Validate(cfg); err == nil || !strings.Contains(err.Error(), strings.Join(tools.Toolsets.Names(), ", ")) {
		t.Errorf("--toolsets gizmos: %v, want the toolsets listed", err)
	}
	if help := tools.Toolsets.FlagHelp(); !strings.Contains(help, "gadgets*\tGadgets, for the registry's test.") {
		t.Errorf("--toolsets help does not name it:\n%s", help)
	}

	for _, tc := range []struct {
		toolsets []string
		on       bool
	}{{nil, true}, {[]string{"gadgets"}, true}, {[]string{"compute"}, false}} {
		cfg := testConfig("stdio")
		cfg.Toolsets = tc.toolsets
		c, err := mcpclient.NewInProcessClient(New(cfg, "test", testLogger(t), WithCloud(client.New(client.Options{}))).MCP())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		if err := c.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		init, err := calltest.Initialize(context.Background(), c, mcp.LATEST_PROTOCOL_VERSION, "test")
		if err != nil {
			t.Fatal(err)
		}
		names := []string{}
		for _, l := range listTools(t, c) {
			names = append(names, l.Name)
		}
		if got := strings.Contains(init.Instructions, fakeToolset.Instructions); got != tc.on {
			t.Errorf("--toolsets %v: instructions %q, want gadgets' words %v", tc.toolsets, init.Instructions, tc.on)
		}
		if got := slices.Contains(names, "list_gadgets"); got != tc.on {
			t.Errorf("--toolsets %v: tools/list %v, want list_gadgets %v", tc.toolsets, names, tc.on)
		}
	}

	md, err := docs.Markdown(tools.Toolsets, tools.Toolsets.Tools())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "## Gadgets\n\nGadgets, for the registry's test.") || !strings.Contains(string(md), "### list_gadgets") {
		t.Error("docs/tools.md has no Gadgets section")
	}
	if !strings.Contains(string(docs.ToolsetTable(tools.Toolsets)), "| `gadgets` | yes |") {
		t.Error("the README's toolset table has no gadgets row")
	}

	set, ok := snapshotModes()["toolsets-gadgets"]
	if !ok {
		t.Fatal("no tools/list snapshot mode toolsets-gadgets")
	}
	cfg = testConfig("stdio")
	set(&cfg)
	listed := listTools(t, inProcess(t, New(cfg, "test", testLogger(t), WithCloud(client.New(client.Options{})))))
	if len(listed) != 1 || listed[0].Name != "list_gadgets" {
		t.Errorf("snapshot mode toolsets-gadgets lists %v, want list_gadgets alone", listed)
	}
}
