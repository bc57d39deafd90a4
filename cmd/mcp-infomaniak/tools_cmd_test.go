package main

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// runCmd runs the command line in-process and returns its exit code and output.
func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// noCredentials empties the environment the commands read, for the test.
func noCredentials(t *testing.T) {
	t.Helper()
	old := getenv
	getenv = func(string) string { return "" }
	t.Cleanup(func() { getenv = old })
}

func TestToolsListsEveryToolOnePerLine(t *testing.T) {
	noCredentials(t)
	code, out, errOut := runCmd(t, "", "tools")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	found := false
	for _, l := range lines {
		name := strings.Fields(l)[0]
		if strings.ContainsAny(name, " \t") || !strings.Contains(l, "  ") {
			t.Errorf("line does not start with a name and a description: %q", l)
		}
		if name == "list_flavors" {
			found = true
			if !strings.Contains(l, "List flavors") || !strings.Contains(l, "read") {
				t.Errorf("list_flavors line: %q", l)
			}
		}
	}
	if !found {
		t.Fatalf("list_flavors not listed:\n%s", out)
	}
	// The tools left out are named on stderr, with how to learn why.
	if !strings.Contains(errOut, "not served with these settings ('mcp-infomaniak tools NAME' says why): list_containers,") {
		t.Errorf("stderr: %q", errOut)
	}
}

// A tool the settings leave out says so, and which setting serves it.
func TestToolHelpSaysWhatServesIt(t *testing.T) {
	noCredentials(t)
	want := "Not served as set: its toolset, dns, is off by default: --toolsets compute,volume,network,backup,dns (MCP_INFOMANIAK_TOOLSETS) serves it\n"
	for _, args := range [][]string{{"tools", "list_zones"}, {"help", "list_zones"}, {"call", "list_zones", "--help"}} {
		if code, out, _ := runCmd(t, "", args...); code != 0 || !strings.HasSuffix(out, want) {
			t.Errorf("%v: exit %d\n%s", args, code, out)
		}
	}
	if _, out, _ := runCmd(t, "", "tools", "--toolsets", "dns", "list_zones"); strings.Contains(out, "Not served") {
		t.Errorf("served, yet:\n%s", out)
	}
}

func TestToolsJSONIsToolsList(t *testing.T) {
	noCredentials(t)
	code, out, errOut := runCmd(t, "", "tools", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var list struct {
		Tools []struct {
			Name         string          `json:"name"`
			Description  string          `json:"description"`
			InputSchema  json.RawMessage `json:"inputSchema"`
			OutputSchema json.RawMessage `json:"outputSchema"`
			Annotations  map[string]any  `json:"annotations"`
		} `json:"tools"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, tl := range list.Tools {
		if tl.Name == "list_flavors" {
			if len(tl.InputSchema) == 0 || len(tl.OutputSchema) == 0 || tl.Annotations["readOnlyHint"] != true {
				t.Fatalf("incomplete definition: %+v", tl)
			}
			return
		}
	}
	t.Fatalf("list_flavors missing:\n%s", out)
}

func TestToolsHonoursFilters(t *testing.T) {
	noCredentials(t)
	_, out, _ := runCmd(t, "", "tools", "--exclude-tools", "list_flavors")
	if strings.Contains(out, "list_flavors") {
		t.Fatalf("an excluded tool is listed:\n%s", out)
	}
	_, out, _ = runCmd(t, "", "tools", "--read-only")
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if f := strings.Fields(l); len(f) > 1 && f[1] != "read" {
			t.Errorf("--read-only lists %q", l)
		}
	}
}

func TestToolsMarkdownIsTheReference(t *testing.T) {
	noCredentials(t)
	code, out, _ := runCmd(t, "", "tools", "--markdown", "--read-only")
	if code != 0 || !strings.HasPrefix(out, "# Tool reference") || !strings.Contains(out, "### list_flavors") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

// TestMisspeltToolNameRefusesToStart: from a flag or from the environment,
// a tool name that is no tool stops the server before it starts.
func TestMisspeltToolNameRefusesToStart(t *testing.T) {
	noCredentials(t)
	code, _, errOut := runCmd(t, "", "serve", "--sandbox", "--exclude-tools", "delete_keypairs")
	if code != 2 || !strings.Contains(errOut, "did you mean delete_keypair") {
		t.Errorf("--exclude-tools delete_keypairs: exit %d, %s", code, errOut)
	}
	getenv = func(k string) string { return map[string]string{"MCP_INFOMANIAK_TOOLS": "list_volume"}[k] }
	code, _, errOut = runCmd(t, "", "serve", "--sandbox")
	if code != 2 || !strings.Contains(errOut, "MCP_INFOMANIAK_TOOLS") || !strings.Contains(errOut, "list_volumes") {
		t.Errorf("MCP_INFOMANIAK_TOOLS=list_volume: exit %d, %s", code, errOut)
	}
}

// 'tools NAME' prints one line per argument of the tool's published schema
// (name, type, required or optional, default, description), and 'call NAME
// --help' and 'help NAME' print the same: someone who installed with go
// install has no docs/tools.md.
func TestToolsNamePrintsItsArguments(t *testing.T) {
	noCredentials(t)
	code, out, errOut := runCmd(t, "", "tools", "create_instance", "add_security_group_rule")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"create_instance (write, toolset compute): Create a server",
		"Usage: mcp-infomaniak call [flags] create_instance key=value ...",
		"\n  name                  string           required\n",
		"\n  user_data             string           optional    cloud-init text.\n",
		"\n  also: wait (boolean, default true), timeout_seconds (integer (1 to 3600), default 600)\n",
		"\n  protocol           string: one of tcp, udp, icmp, any  optional  default tcp\n",
		"\nflavor, image, network, key_name, security_groups: an ID or the exact name (the list_* tools show them).\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("tools create_instance add_security_group_rule lacks %q:\n%s", want, out)
		}
	}
	_, one, _ := runCmd(t, "", "tools", "create_instance")
	for _, args := range [][]string{{"call", "create_instance", "--help"}, {"call", "--sandbox", "create_instance", "-h"}, {"help", "create_instance"}} {
		if code, got, errOut := runCmd(t, "", args...); code != 0 || got != one || errOut != "" {
			t.Errorf("%v: exit %d, stderr %q, output\n%s\nwant\n%s", args, code, errOut, got, one)
		}
	}
	for _, args := range [][]string{{"tools", "create_instanse"}, {"call", "create_instanse", "--help"}} {
		if code, out, errOut := runCmd(t, "", args...); code != 2 || out != "" || !strings.Contains(errOut, "did you mean create_instance?") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

// Every argument of every published schema has its line, and no other:
// the lines are the schema tools/list publishes.
func TestToolsNameListsThePublishedArguments(t *testing.T) {
	noCredentials(t)
	_, out, _ := runCmd(t, "", "tools", "--json")
	var list struct {
		Tools []struct {
			Name        string `json:"name"`
			InputSchema struct {
				Properties map[string]json.RawMessage `json:"properties"`
				Required   []string                   `json:"required"`
			} `json:"inputSchema"`
		} `json:"tools"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list.Tools) == 0 {
		t.Fatalf("tools --json: %v", err)
	}
	for _, tl := range list.Tools {
		_, help, _ := runCmd(t, "", "tools", tl.Name)
		var listed []string
		for _, l := range strings.Split(help, "\n") {
			if f := strings.Fields(l); strings.HasPrefix(l, "  ") && len(f) > 0 && f[0] != "also:" {
				listed = append(listed, f[0])
				req := slices.Contains(tl.InputSchema.Required, f[0])
				if req != strings.Contains(l, "  required") { // the column, not a description's word
					t.Errorf("%s: %q says required %v", tl.Name, l, !req)
				}
			}
		}
		if len(listed) != len(tl.InputSchema.Properties) {
			t.Errorf("%s: lines for %v, the schema has %d properties", tl.Name, listed, len(tl.InputSchema.Properties))
		}
		for _, a := range listed {
			if _, ok := tl.InputSchema.Properties[a]; !ok {
				t.Errorf("%s: %s is not in the published schema", tl.Name, a)
			}
		}
	}
}
