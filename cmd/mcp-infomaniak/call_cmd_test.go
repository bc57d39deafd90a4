package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

type errorOut struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Hint    string `json:"hint"`
	} `json:"error"`
}

func TestCallSandboxListFlavors(t *testing.T) {
	noCredentials(t)
	code, out, errOut := runCmd(t, "", "call", "--sandbox", "list_flavors")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	var res struct {
		Flavors []struct {
			ID, Name string
			VCPUs    int `json:"vcpus"`
		} `json:"flavors"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Flavors) == 0 || res.Flavors[0].VCPUs == 0 {
		t.Fatalf("no flavors (%v):\n%s", err, out)
	}
	if !strings.Contains(out, "\n  \"flavors\"") {
		t.Errorf("result is not pretty-printed:\n%s", out)
	}
	if strings.Contains(errOut, "level=INFO") {
		t.Errorf("info logs on stderr of a shell call:\n%s", errOut)
	}
}

func TestCallFlagsAfterToolAndTypedValues(t *testing.T) {
	noCredentials(t)
	code, out, errOut := runCmd(t, "", "call", "list_flavors", "limit=2", "--sandbox")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Flavors    []map[string]any `json:"flavors"`
		NextMarker string           `json:"next_marker"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Flavors) != 2 || res.NextMarker == "" {
		t.Fatalf("limit=2 was not a number 2 (%v):\n%s", err, out)
	}
	// --json gives the same, and key=value overrides its keys.
	code, out2, _ := runCmd(t, "", "call", "--sandbox", "list_flavors", "--json", `{"limit": 5}`, "limit=2")
	if code != 0 || out2 != out {
		t.Fatalf("--json + override differs:\n%s\n%s", out, out2)
	}
	code, out3, _ := runCmd(t, `{"limit": 2}`, "call", "--sandbox", "list_flavors", "--json", "-")
	if code != 0 || out3 != out {
		t.Fatalf("--json - (stdin) differs:\n%s", out3)
	}
}

func TestCallBadArgumentIsInvalidArgument(t *testing.T) {
	noCredentials(t)
	for _, args := range [][]string{
		{"limit=0"},    // out of range
		{"limit=many"}, // not a number
		{"bogus=1"},    // unknown argument
	} { // the tool refuses them: exit 1 (a command line that makes no arguments exits 2, TestUsageErrorsExit2)
		code, out, errOut := runCmd(t, "", append([]string{"call", "--sandbox", "list_flavors"}, args...)...)
		if code != 1 {
			t.Errorf("%v: exit %d, want 1", args, code)
		}
		var e errorOut
		if err := json.Unmarshal([]byte(out), &e); err != nil || e.Error.Code != "invalid_argument" {
			t.Errorf("%v: want a structured invalid_argument on stdout, got %q (%v)", args, out, err)
		}
		if !strings.Contains(errOut, "invalid_argument: ") {
			t.Errorf("%v: no one-line summary on stderr: %q", args, errOut)
		}
	}
}

func TestCallRespectsPolicy(t *testing.T) {
	noCredentials(t)
	code, out, _ := runCmd(t, "", "call", "--sandbox", "--exclude-tools", "list_flavors", "list_flavors")
	var e errorOut
	if code != 1 || json.Unmarshal([]byte(out), &e) != nil || e.Error.Code != "forbidden" {
		t.Fatalf("exit %d: %s", code, out)
	}
}

func TestCallUsageErrors(t *testing.T) {
	noCredentials(t)
	if code, _, errOut := runCmd(t, "", "call", "--sandbox", "list_flavor"); code != 2 || !strings.Contains(errOut, "did you mean list_flavors") {
		t.Errorf("unknown tool: exit %d: %s", code, errOut)
	}
	if code, _, errOut := runCmd(t, "", "call"); code != 2 || !strings.Contains(errOut, "which tool") {
		t.Errorf("no tool: exit %d: %s", code, errOut)
	}
	// No credentials: says how to get some, exit 2, nothing on stdout.
	if code, out, errOut := runCmd(t, "", "call", "list_flavors"); code != 2 || out != "" || !strings.Contains(errOut, "--sandbox") {
		t.Errorf("no credentials: exit %d: %q %q", code, out, errOut)
	}
}

func TestCallArgumentsTyping(t *testing.T) {
	schema := json.RawMessage(`{"properties": {
		"size": {"type": "integer"}, "ratio": {"type": "number"}, "wait": {"type": "boolean"},
		"name": {"type": "string"}, "names": {"type": "array", "items": {"type": "string"}},
		"ports": {"type": "array", "items": {"type": "integer"}},
		"metadata": {"type": "object"}, "maybe": {"type": ["integer", "null"]}, "any": {}}}`)
	raw, err := callArguments(schema, "", []string{
		"size=10", "ratio=0.5", "wait=false", "name=007", "names=a,b", "names=c", "ports=[80, 443]",
		`metadata={"k":"v"}`, "maybe=3", "any=[1]", "other=x",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	_ = json.Unmarshal(raw, &got)
	want := `{"any":[1],"maybe":3,"metadata":{"k":"v"},"name":"007","names":["a","b","c"],"other":"x","ports":[80,443],"ratio":0.5,"size":10,"wait":false}`
	if b, _ := json.Marshal(got); string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	if _, err := callArguments(schema, "", []string{"metadata=nope"}, nil); err == nil || err.Code != "invalid_argument" {
		t.Errorf("a non-JSON object: %v", err)
	}
}

func TestProgressLine(t *testing.T) {
	var b bytes.Buffer
	p := &progressLine{w: &b}
	p.report(1, 4, "waiting for ACTIVE (BUILD)")
	if got := b.String(); !strings.Contains(got, "\r\x1b[K[#####...............]  25% waiting for ACTIVE (BUILD)") {
		t.Errorf("bar: %q", got)
	}
	b.Reset()
	p.report(3, 0, "polling")
	if got := b.String(); !strings.HasSuffix(got, "] 3 polling") {
		t.Errorf("no total: %q", got)
	}
	b.Reset()
	p.clear()
	p.clear()
	if b.String() != "\r\x1b[K" {
		t.Errorf("clear: %q", b.String())
	}
	var nilBar *progressLine
	nilBar.clear()
}

// A guessed argument name (volume for volume_id) is told the right one, and
// the tool's arguments are listed: from the shell as over MCP.
func TestCallUnknownArgumentSuggests(t *testing.T) {
	noCredentials(t)
	code, out, errOut := runCmd(t, "", "call", "--sandbox", "attach_volume", "volume=v", "instance_id=i")
	var e errorOut
	if code != 1 || json.Unmarshal([]byte(out), &e) != nil || !strings.HasSuffix(e.Error.Message, `; unknown argument "volume" (did you mean volume_id?)`) ||
		!strings.HasPrefix(e.Error.Hint, "its arguments: volume_id, instance_id, device") {
		t.Errorf("exit %d: %s\n%s", code, out, errOut)
	}
}

// A tool the filters hide is refused naming the one setting that hides it,
// not every filter there is.
func TestCallHiddenToolNamesTheSetting(t *testing.T) {
	noCredentials(t)
	for _, tc := range []struct {
		args []string
		hint string
	}{
		{[]string{"call", "--sandbox", "list_zones"},
			"its toolset, dns, is off by default: --toolsets compute,volume,network,backup,dns (MCP_INFOMANIAK_TOOLSETS) serves it"},
		{[]string{"call", "--sandbox", "--read-only", "delete_keypair", "name=k"},
			"--read-only (MCP_INFOMANIAK_READ_ONLY) serves only list_* and get_* tools"},
	} {
		code, out, errOut := runCmd(t, "", tc.args...)
		var e errorOut
		if code != 1 || json.Unmarshal([]byte(out), &e) != nil || e.Error.Code != "forbidden" || e.Error.Hint != tc.hint {
			t.Errorf("%v: exit %d: %s\n%s", tc.args, code, out, errOut)
		}
	}
}

// A command line that cannot run says what to type instead (exit 2, one
// usage error on stderr, nothing on stdout): a value with spaces left
// unquoted is shown quoted, whole; a tool's argument given as a flag as an
// argument (a flag that is nobody's keeps the flag package's error); a
// command or tool after the default command's flags where it goes (the user
// never typed serve).
func TestUsageErrorsSayWhatToType(t *testing.T) {
	noCredentials(t)
	for _, tc := range []struct {
		args []string
		want string // the end of stderr
	}{
		{[]string{"call", "--sandbox", "create_instance", "name=vm", "image=Debian", "12", "bookworm", "flavor=a1-ram2-disk20-perf1"},
			`mcp-infomaniak call: "12" is not key=value; a value with spaces is quoted: image="Debian 12 bookworm"`},
		{[]string{"call", "--sandbox", "create_instance", "vm", "name=x"},
			`mcp-infomaniak call: "vm" is not key=value; arguments are key=value pairs after the tool name, or --json '{...}'`},

		{[]string{"call", "--sandbox", "list_flavors", "--limit", "3"}, "mcp-infomaniak call: limit is an argument of list_flavors, not a flag: limit=3"},
		{[]string{"call", "--limit=3", "--sandbox", "list_flavors"}, "mcp-infomaniak call: limit is an argument of list_flavors, not a flag: limit=3"},
		{[]string{"call", "--sandbox", "create_keypair", "-name", "k"}, "mcp-infomaniak call: name is an argument of create_keypair, not a flag: name=k"},
		{[]string{"call", "--sandbox", "list_flavors", "--bogus"}, "Run 'mcp-infomaniak call --help' for its usage and flags."},

		{[]string{"--sandbox", "call", "list_flavors", "limit=3"},
			"mcp-infomaniak: the command comes first, then its flags: mcp-infomaniak call --sandbox list_flavors limit=3"},
		{[]string{"--read-only", "tools"}, "mcp-infomaniak: the command comes first, then its flags: mcp-infomaniak tools --read-only"},
		{[]string{"--sandbox", "create_instance", "image=Debian 12"},
			`mcp-infomaniak: the command comes first, then its flags: mcp-infomaniak call --sandbox create_instance "image=Debian 12"`},
		{[]string{"--sandbox", "frobnicate"}, `mcp-infomaniak serve: unexpected argument "frobnicate" (the commands are listed by 'mcp-infomaniak --help')`},
	} {
		code, out, errOut := runCmd(t, "", tc.args...)
		if code != 2 || out != "" || !strings.HasSuffix(errOut, tc.want+"\n") || strings.Count(errOut, "mcp-infomaniak") != strings.Count(tc.want, "mcp-infomaniak") {
			t.Errorf("%v: exit %d, stderr %q, want it to end with %q", tc.args, code, errOut, tc.want)
		}
	}
}

// call never asks; with MCP_INFOMANIAK_REQUIRE_CONFIRMATION=true it refuses
// what destroys (it cannot ask a person) and runs the rest.
func TestCallRequireConfirmationRefusesDestroying(t *testing.T) {
	noCredentials(t)
	getenv = func(k string) string {
		return map[string]string{"MCP_INFOMANIAK_REQUIRE_CONFIRMATION": "true"}[k]
	}
	code, out, errOut := runCmd(t, "", "call", "--sandbox", "delete_keypair", "name=demo")
	var e errorOut
	if code != 1 || json.Unmarshal([]byte(out), &e) != nil || e.Error.Code != "forbidden" ||
		!strings.Contains(e.Error.Message, "requires a person's confirmation") ||
		e.Error.Hint != "to run it as your own decision: MCP_INFOMANIAK_REQUIRE_CONFIRMATION=false mcp-infomaniak call delete_keypair ..." {
		t.Errorf("delete_keypair: exit %d: %s\n%s", code, out, errOut)
	}
	if code, out, errOut := runCmd(t, "", "call", "--sandbox", "create_keypair", "name=demo"); code != 0 {
		t.Errorf("create_keypair: exit %d: %s\n%s", code, out, errOut)
	}
}
