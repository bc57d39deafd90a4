package main

import (
	"flag"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
)

// helpFlags are the flags a help text lists ("  -name ..." lines).
func helpFlags(help string) []string {
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^  -([a-z-]+)`).FindAllStringSubmatch(help, -1) {
		names = append(names, m[1])
	}
	slices.Sort(names)
	return names
}

var (
	cloudFlagNames  = []string{"sandbox", "cloud", "region", "request-timeout", "prices"}
	filterFlagNames = []string{"read-only", "disable-destructive", "toolsets", "tools", "exclude-tools"}
	logFlagNames    = []string{"log-level", "log-format"}
	fileFlagNames   = []string{"files-root"}
	serverFlagNames = append(transportFlagNames(), "version")
)

// transportFlagNames are the flags serveFlags adds: the server's own.
func transportFlagNames() []string {
	fs := flag.NewFlagSet("scratch", flag.ContinueOnError)
	serveFlags(fs, &config.Config{})
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

func sorted(groups ...[]string) []string {
	all := slices.Concat(groups...)
	slices.Sort(all)
	return all
}

// Each command's --help is on stdout, exits 0, starts with one line saying
// what the command does, and lists the flags it uses and no other.
func TestEachCommandsHelp(t *testing.T) {
	noCredentials(t)
	for _, tc := range []struct {
		args  []string
		first string // the first line's start
		flags []string
	}{
		{[]string{"--help"}, "mcp-infomaniak: runs the MCP server", sorted(cloudFlagNames, filterFlagNames, fileFlagNames, logFlagNames, serverFlagNames)},
		{[]string{"serve", "-h"}, "mcp-infomaniak: runs the MCP server", sorted(cloudFlagNames, filterFlagNames, fileFlagNames, logFlagNames, serverFlagNames)},
		{[]string{"help"}, "mcp-infomaniak: runs the MCP server", sorted(cloudFlagNames, filterFlagNames, fileFlagNames, logFlagNames, serverFlagNames)},
		{[]string{"tools", "--help"}, "mcp-infomaniak tools: lists the tools", sorted(filterFlagNames, []string{"json", "markdown"})},
		{[]string{"help", "tools"}, "mcp-infomaniak tools: lists the tools", sorted(filterFlagNames, []string{"json", "markdown"})},
		{[]string{"call", "--help"}, "mcp-infomaniak call: calls one tool", sorted(cloudFlagNames, filterFlagNames, fileFlagNames, logFlagNames, []string{"json"})},
		{[]string{"version", "--help"}, "mcp-infomaniak version: prints the version", nil},
		{[]string{"sandbox", "--help"}, "mcp-infomaniak sandbox: serves the in-memory sandbox", nil},
	} {
		code, out, errOut := runCmd(t, "", tc.args...)
		if code != 0 || errOut != "" {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, errOut)
		}
		if !strings.HasPrefix(out, tc.first) || !strings.HasSuffix(strings.SplitN(out, "\n", 2)[0], ".") {
			t.Errorf("%v: the first line does not say what it does:\n%s", tc.args, out)
		}
		got := helpFlags(out)
		if tc.args[0] == "sandbox" { // its own flags, none of the cloud's, the filters' or the logs'
			for _, f := range sorted([]string{"sandbox", "cloud", "request-timeout"}, filterFlagNames, logFlagNames) {
				if slices.Contains(got, f) {
					t.Errorf("sandbox --help lists -%s", f)
				}
			}
			for _, f := range []string{"listen", "clouds-file", "region"} {
				if !slices.Contains(got, f) {
					t.Errorf("sandbox --help lacks -%s:\n%s", f, out)
				}
			}
			continue
		}
		if !slices.Equal(got, tc.flags) {
			t.Errorf("%v lists the flags\n%v\nwant\n%v", tc.args, got, tc.flags)
		}
	}
}

// The default command's help names every command.
func TestHelpListsTheCommands(t *testing.T) {
	_, out, _ := runCmd(t, "", "--help")
	for _, c := range commands() {
		if !strings.Contains(out, "mcp-infomaniak "+c.synopsis) {
			t.Errorf("--help does not show %q:\n%s", c.synopsis, out)
		}
	}
	if strings.Contains(out, "Usage of") {
		t.Errorf("the flag package's bare usage:\n%s", out)
	}
}

// A command line that cannot run exits 2 with one line on stderr saying what
// is wrong, and prints nothing on stdout.
func TestUsageErrorsExit2(t *testing.T) {
	noCredentials(t)
	for _, args := range [][]string{
		{"bogus-command"},
		{"--bogus"},
		{"serve", "extra"},
		{"tools", "--bogus"},
		{"tools", "list_flavor"}, // no such tool
		{"version", "extra"},
		{"sandbox", "--bogus"},
		{"sandbox", "extra"},
		{"call", "--bogus", "list_flavors"},
		{"call"},
		{"call", "--sandbox", "list_flavor"},           // no such tool
		{"call", "--sandbox", "list_flavors", "limit"}, // not key=value
		{"call", "--sandbox", "list_flavors", "--json", "[1]"},
		{"call", "--sandbox", "list_flavors", "--json", "{"},
		{"call", "list_flavors"}, // no credentials
		{"create_instance"},      // a tool where a command goes
	} {
		code, out, errOut := runCmd(t, "", args...)
		if code != 2 || out != "" || errOut == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	if _, _, errOut := runCmd(t, "", "create_instance"); !strings.Contains(errOut, "mcp-infomaniak call create_instance") {
		t.Errorf("a tool's name as a command does not point to call: %q", errOut)
	}
}

// call honours --log-level: at info, a call that changes the cloud writes
// its audit line on stderr; by default a shell call logs warnings only.
func TestCallLogLevel(t *testing.T) {
	noCredentials(t)
	code, _, errOut := runCmd(t, "", "call", "--sandbox", "--log-level", "info", "create_keypair", "name=k1")
	if code != 0 || !strings.Contains(errOut, `msg="tool call" tool=create_keypair effect=write`) ||
		!strings.Contains(errOut, "outcome=ok") {
		t.Errorf("exit %d, no audit line at info:\n%s", code, errOut)
	}
	if strings.Contains(errOut, "BEGIN") || strings.Contains(errOut, "PRIVATE KEY") {
		t.Errorf("a secret in the logs:\n%s", errOut)
	}
	code, _, errOut = runCmd(t, "", "call", "--sandbox", "create_keypair", "name=k1")
	if code != 0 || errOut != "" {
		t.Errorf("default level: exit %d, stderr:\n%s", code, errOut)
	}
	// And --help says the default that applies.
	if _, out, _ := runCmd(t, "", "call", "--help"); !strings.Contains(out, `(default "warn")`) {
		t.Errorf("call --help does not say logs default to warn:\n%s", out)
	}
}

// An unknown tool gets up to three close names, OpenStack's other words for
// ours included.
func TestCallUnknownToolSuggests(t *testing.T) {
	noCredentials(t)
	for name, want := range map[string]string{
		"list_servers":   "did you mean list_instances?",
		"get_server":     "did you mean get_instance",
		"delete_vm":      "did you mean delete_instance",
		"list_flavor":    "did you mean list_flavors?",
		"lst_flavors":    "did you mean list_flavors?",
		"show_volume":    "did you mean get_volume",
		"get_zones":      "did you mean list_availability_zones", // list_zones is the dns toolset's
		"frobnicate_all": "('mcp-infomaniak tools' lists them)",
	} {
		code, out, errOut := runCmd(t, "", "call", "--sandbox", name)
		if code != 2 || out != "" || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d: %s", name, code, errOut)
		}
		if n := strings.Count(errOut, ", ") + 1; strings.Contains(errOut, "did you mean") && n > 3 {
			t.Errorf("%s: more than 3 suggestions: %s", name, errOut)
		}
	}
}

// 'help' with a misspelt tool suggests the tool, as 'tools' and 'call' do,
// instead of calling it an unknown command.
func TestHelpMisspeltToolSuggests(t *testing.T) {
	noCredentials(t)
	code, out, errOut := runCmd(t, "", "help", "create_instanse")
	if code != 2 || out != "" || !strings.Contains(errOut, "did you mean create_instance?") || strings.Contains(errOut, "unknown command") {
		t.Errorf("exit %d:\n%s%s", code, out, errOut)
	}
	// A word close to nothing is still an unknown command, with the list.
	if code, _, errOut := runCmd(t, "", "help", "frobnicate_all"); code != 2 || !strings.Contains(errOut, `unknown command "frobnicate_all"`) {
		t.Errorf("frobnicate_all: exit %d: %s", code, errOut)
	}
}
