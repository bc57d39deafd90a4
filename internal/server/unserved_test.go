package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
)

// callUnserved calls name on a stdio server of cfg's tools, and returns the
// JSON-RPC error's message (the call must fail as a request, not run).
func callUnserved(t *testing.T, cfg config.Config, name string) string {
	t.Helper()
	s := New(cfg, "test", testLogger(t), WithCloud(client.New(client.Options{})))
	in := strings.NewReader(initBody + "\n" + `{"jsonrpc":"2.0","method":"notifications/initialized"}` + "\n" +
		fmt.Sprintf(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":%q,"arguments":{}}}`, name) + "\n")
	var out bytes.Buffer
	if err := s.ServeStdio(context.Background(), in, &out); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(out.String(), "\n") {
		var r rpcAnswer
		if json.Unmarshal([]byte(line), &r) == nil && r.ID == 2.0 {
			if r.Error == nil || r.Error.Code != -32602 {
				t.Fatalf("tools/call %s: %s", name, line)
			}
			return r.Error.Message
		}
	}
	t.Fatalf("tools/call %s: no answer in\n%s", name, out.String())
	return ""
}

// A tools/call of a tool the server does not serve says why, instead of
// mcp-go's bare "tool 'x' not found: tool not found": a tool that exists
// names the one setting that hides it, any other name the close served ones.
func TestUnservedToolSaysWhy(t *testing.T) {
	with := func(edit func(*config.Config)) config.Config {
		c := testConfig("stdio")
		edit(&c)
		return c
	}
	for _, tc := range []struct {
		cfg  config.Config
		tool string
		want string
	}{
		{testConfig("stdio"), "list_zones",
			`tool "list_zones" is not served: its toolset, dns, is off by default: --toolsets compute,volume,network,backup,dns (MCP_INFOMANIAK_TOOLSETS) serves it`},
		{testConfig("stdio"), "delete_server", `tool "delete_server" not found; did you mean delete_instance?`},
		{with(func(c *config.Config) { c.ReadOnly = true }), "delete_keypair",
			`tool "delete_keypair" is not served: --read-only (MCP_INFOMANIAK_READ_ONLY) serves only list_* and get_* tools`},
		{with(func(c *config.Config) { c.DisableDestructive = true }), "delete_keypair",
			`tool "delete_keypair" is not served: --disable-destructive (MCP_INFOMANIAK_DISABLE_DESTRUCTIVE) hides what deletes or overwrites`},
		{with(func(c *config.Config) { c.Toolsets = []string{"compute"} }), "list_volumes",
			`tool "list_volumes" is not served: its toolset, volume, is not in --toolsets (MCP_INFOMANIAK_TOOLSETS): --toolsets compute,volume serves it`},
		{with(func(c *config.Config) { c.Tools = []string{"list_flavors"} }), "list_images",
			`tool "list_images" is not served: --tools (MCP_INFOMANIAK_TOOLS) does not name it`},
		{with(func(c *config.Config) { c.ExcludeTools = []string{"delete_keypair"} }), "delete_keypair",
			`tool "delete_keypair" is not served: --exclude-tools (MCP_INFOMANIAK_EXCLUDE_TOOLS) names it`},
		{with(func(c *config.Config) { c.Tools = []string{"list_flavors"} }), "list_flavor", `tool "list_flavor" not found; did you mean list_flavors?`},
	} {
		if got := callUnserved(t, tc.cfg, tc.tool); got != tc.want {
			t.Errorf("%s: %q\nwant %q", tc.tool, got, tc.want)
		}
	}
}
