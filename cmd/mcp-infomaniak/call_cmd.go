package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/progress"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

const callHelp = `mcp-infomaniak call: calls one tool from the shell and prints its JSON result on stdout.

Usage: mcp-infomaniak call [flags] TOOL [key=value ...]
       mcp-infomaniak call [flags] TOOL --json '{"key": value, ...}'

The call has the same configuration as the server (credentials, region,
--read-only and the other filters). A value is read as the tool's input schema
types the argument: size=10 is a number, wait=false a boolean,
metadata='{"k":"v"}' an object, names=a,b or names=a names=b an array; anything
else is a string. --json takes the whole argument object ('-' reads it from
stdin); key=value pairs override its keys.

It runs what you typed at once and never asks for confirmation: it is your
own command, as 'openstack server delete' is. With
MCP_INFOMANIAK_REQUIRE_CONFIRMATION=true it refuses what would destroy data
(a shell call cannot ask a person); MCP_INFOMANIAK_REQUIRE_CONFIRMATION=false
in front of the command runs it.

Each 'call --sandbox' starts a new, empty sandbox and ends it with the call: a
keypair one call creates is gone in the next. To keep the sandbox's state
across calls, serve it in another terminal and call it by its clouds.yaml entry:
  mcp-infomaniak sandbox --clouds-file clouds.yaml
  mcp-infomaniak call --cloud sandbox create_keypair name=demo

Exit status: 0 on success; 1 when the tool fails (isError: the structured error
is printed on stdout, a one-line summary on stderr); 2 on a usage error (an
unknown tool or flag, arguments that are not key=value or JSON, no credentials).
Logs go to stderr at warn unless --log-level says otherwise; at info, a call
that may change the cloud writes its audit line. Progress of long operations is
drawn on stderr when it is a terminal. 'mcp-infomaniak tools' lists the tools;
'mcp-infomaniak call TOOL --help' (or 'tools TOOL') lists a tool's arguments.

Examples:
  mcp-infomaniak call --sandbox list_flavors limit=3
  mcp-infomaniak call --cloud infomaniak --region dc4-a list_flavors limit=5
`

// callCmd runs one tool as the server would, without an MCP transport.
func callCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	f, err := newCmdFlags("call", callHelp, stderr)
	if err != nil {
		return usageError(stderr, "call", "%v", err)
	}
	f.cloudFlags()
	f.filterFlags()
	f.fileFlags()
	// A shell command's output is its result: logs below warn only when
	// asked (--log-level or MCP_INFOMANIAK_LOG_LEVEL). Set before the flag,
	// so that --help shows the default that applies.
	if getenv("MCP_INFOMANIAK_LOG_LEVEL") == "" {
		f.cfg.LogLevel = "warn"
	}
	f.logFlags()
	jsonArgs := f.String("json", "", "the arguments as one JSON object ('-' reads it from stdin)")
	pos, err := parseInterspersed(f.FlagSet, args)
	if errors.Is(err, flag.ErrHelp) && len(pos) > 0 { // call TOOL --help: the tool's arguments
		return printToolHelp(stdout, stderr, "call", f.cfg, pos[:1])
	}
	if err != nil {
		if hint := argumentAsFlag(err, pos, args); hint != "" {
			return usageError(stderr, "call", "%s", hint)
		}
		return f.usageExit(err, stdout)
	}
	if len(pos) == 0 {
		return usageError(stderr, "call", "which tool? ('mcp-infomaniak tools' lists them, 'mcp-infomaniak call --help' says how)")
	}
	name, pairs := pos[0], pos[1:]
	cfg := f.cfg
	if err := server.Validate(cfg); err != nil {
		fmt.Fprintln(stderr, "mcp-infomaniak:", err)
		return 2
	}
	logger := newLogger(cfg, stderr)

	// Find the tool and check its arguments before connecting: a typo needs
	// no credentials.
	all := allTools()
	tool, ok := findTool(all, name)
	if !ok {
		return noSuchTool(stderr, "call", name, all)
	}
	allow := server.Policy(cfg)
	if !allow(tool.Def, nil) {
		return fail(stdout, stderr, fault.Errorf(fault.CodeForbidden,
			"%s is not available with this configuration", name).WithHint(server.Unserved(cfg, tool.Def)))
	}
	raw, cerr := callArguments(tool.FullInputSchema(), *jsonArgs, pairs, stdin)
	if cerr != nil { // the command line does not make arguments: a usage error
		msg := cerr.Message
		if cerr.Hint != "" {
			msg += "; " + cerr.Hint
		}
		return usageError(stderr, "call", "%s", msg)
	}
	if tool.MayDestroy() {
		prepared, err := tool.Arguments(raw)
		if err != nil {
			return fail(stdout, stderr, fault.Classify(err))
		}
		if !allow(tool.Def, prepared) {
			return fail(stdout, stderr, mcptool.RefusedDestructive(name))
		}
		// call runs what was typed and never asks. A person's confirmation,
		// when required, is refused rather than taken as given: a shell call
		// cannot tell a person from a script or an agent's shell.
		if cfg.RequireConfirmation && tool.Destroys(prepared) {
			return fail(stdout, stderr, fault.Errorf(fault.CodeForbidden,
				"%s destroys data and MCP_INFOMANIAK_REQUIRE_CONFIRMATION=true requires a person's confirmation, which a shell call does not ask for", name).
				WithHint("to run it as your own decision: MCP_INFOMANIAK_REQUIRE_CONFIRMATION=false mcp-infomaniak call "+name+" ..."))
		}
	}

	cloud, release, err := connect(cfg, logger, getenv)
	if err != nil {
		fmt.Fprintln(stderr, "mcp-infomaniak:", err)
		return 2
	}
	defer release()
	ctx = client.Bind(ctx, cloud, tools.Toolsets.Services(tool.Def.Toolset))

	var bar *progressLine
	if isTerminal(stderr) {
		bar = &progressLine{w: stderr}
		ctx = progress.With(ctx, bar.report)
	}
	res, err := tool.InvokeAudited(ctx, raw, logger)
	bar.clear()
	if err != nil {
		return fail(stdout, stderr, fault.Classify(err))
	}
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return fail(stdout, stderr, fault.Errorf(fault.CodeInternal, "encoding the result: %v", err))
	}
	fmt.Fprintf(stdout, "%s\n", b)
	return 0
}

func findTool(tools []mcptool.Tool, name string) (mcptool.Tool, bool) {
	i := slices.IndexFunc(tools, func(t mcptool.Tool) bool { return t.Def.Name == name })
	if i < 0 {
		return mcptool.Tool{}, false
	}
	return tools[i], true
}

// fail prints a failed call as the server's isError result would carry it:
// {"error": {...}} on stdout for scripts, one line on stderr for people.
func fail(stdout, stderr io.Writer, e *fault.Error) int {
	b, _ := json.MarshalIndent(mcptool.ErrorPayload{Error: e}, "", "  ")
	fmt.Fprintf(stdout, "%s\n", b)
	line := e.Code + ": " + e.Error()
	if e.RequestID != "" {
		line += " [request " + e.RequestID + "]"
	}
	fmt.Fprintln(stderr, "mcp-infomaniak call:", line)
	return 1
}

// parseInterspersed parses flags wherever they are, before or after the
// tool name and its key=value pairs (`call list_flavors --sandbox` works);
// everything after a lone "--" is positional. On an error it returns the
// positional arguments read before it (`call TOOL --help` names its tool).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var tail []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, tail = args[:i], args[i+1:]
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return pos, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	return append(pos, tail...), nil
}

// inputSchema is what argument parsing needs of a tool's input schema.
type inputSchema struct {
	Properties map[string]propSchema `json:"properties"`
}

type propSchema struct {
	Type  any         `json:"type"`
	Items *propSchema `json:"items"`
}

// kind is the one JSON type a property takes ("" when the schema allows
// several or does not say).
func (p *propSchema) kind() string {
	if p == nil {
		return ""
	}
	switch t := p.Type.(type) {
	case string:
		return t
	case []any:
		var one string
		for _, v := range t {
			if s, _ := v.(string); s != "" && s != "null" {
				if one != "" {
					return ""
				}
				one = s
			}
		}
		return one
	}
	return ""
}

// callArguments builds the JSON argument object from --json and key=value
// pairs, typing each value as the schema says. Validation itself is the
// tool's: a value of the wrong type is passed on as a string and refused
// there, with the same message an MCP client gets.
func callArguments(schema json.RawMessage, jsonArgs string, pairs []string, stdin io.Reader) (json.RawMessage, *fault.Error) {
	obj := map[string]any{}
	if jsonArgs != "" {
		src := []byte(jsonArgs)
		if jsonArgs == "-" {
			b, err := io.ReadAll(stdin)
			if err != nil {
				return nil, fault.Errorf(fault.CodeInvalidArgument, "reading --json from stdin: %v", err)
			}
			src = b
		}
		dec := json.NewDecoder(bytes.NewReader(src))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil || obj == nil {
			return nil, fault.Errorf(fault.CodeInvalidArgument, "--json: not a JSON object: %v", err).
				WithHint(`give the arguments as one object, e.g. --json '{"limit": 5}'`)
		}
	}
	var s inputSchema
	_ = json.Unmarshal(schema, &s)
	seen := map[string]bool{}
	for i, kv := range pairs {
		key, val, ok := strings.Cut(kv, "=")
		if !ok || key == "" {
			return nil, fault.Errorf(fault.CodeInvalidArgument, "%q is not key=value", kv).WithHint(notKeyValueHint(pairs, i))
		}
		p, known := s.Properties[key]
		if !known {
			obj[key] = val // the schema refuses it by name
			continue
		}
		if p.kind() == "array" {
			var items []any
			if strings.HasPrefix(strings.TrimSpace(val), "[") {
				v, err := decodeJSON(val)
				if err != nil {
					return nil, fault.Errorf(fault.CodeInvalidArgument, "%s: not a JSON array: %v", key, err)
				}
				arr, ok := v.([]any)
				if !ok {
					return nil, fault.Errorf(fault.CodeInvalidArgument, "%s: not a JSON array", key)
				}
				items = arr
			} else {
				for _, part := range strings.Split(val, ",") {
					items = append(items, typed(p.Items, part))
				}
			}
			if prev, ok := obj[key].([]any); ok && seen[key] {
				items = append(prev, items...)
			}
			obj[key] = items
		} else {
			v, err := typedStrict(&p, val)
			if err != nil {
				return nil, fault.Errorf(fault.CodeInvalidArgument, "%s: %v", key, err)
			}
			obj[key] = v
		}
		seen[key] = true
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, fault.Errorf(fault.CodeInvalidArgument, "arguments: %v", err)
	}
	return b, nil
}

// argumentAsFlag says, of a flag call does not have that is an argument of
// the tool (call list_flavors --limit 3), how the argument is given
// (limit=3); "" for any other error.
func argumentAsFlag(err error, pos, args []string) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return ""
	}
	all := allTools()
	var tool mcptool.Tool
	if len(pos) > 0 {
		tool, ok = findTool(all, pos[0])
	} else { // flags before the tool's name
		for _, a := range args {
			if tool, ok = findTool(all, a); ok {
				break
			}
		}
	}
	var s inputSchema
	if !ok || json.Unmarshal(tool.FullInputSchema(), &s) != nil {
		return ""
	}
	if _, isArg := s.Properties[name]; !isArg {
		return ""
	}
	val := "..."
	for i, a := range args {
		if a == "-"+name || a == "--"+name {
			if i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				val = args[i+1]
			}
			break
		}
		if v, ok := strings.CutPrefix(strings.TrimLeft(a, "-"), name+"="); ok && strings.HasPrefix(a, "-") {
			val = v
			break
		}
	}
	return fmt.Sprintf("%s is an argument of %s, not a flag: %s=%s", name, tool.Def.Name, name, val)
}

// notKeyValueHint is the hint of pairs[i], a word without "=": after a
// key=value, the shell split a value with spaces (image=Debian 12 bookworm),
// and the quoted value is shown whole.
func notKeyValueHint(pairs []string, i int) string {
	start := i
	for start > 0 && !strings.Contains(pairs[start-1], "=") {
		start--
	}
	if start == 0 {
		return "arguments are key=value pairs after the tool name, or --json '{...}'"
	}
	end := i + 1
	for end < len(pairs) && !strings.Contains(pairs[end], "=") {
		end++
	}
	key, val, _ := strings.Cut(pairs[start-1], "=")
	words := append([]string{val}, pairs[start:end]...)
	return fmt.Sprintf("a value with spaces is quoted: %s=%q", key, strings.Join(words, " "))
}

// typedStrict is typed, but an object must parse: there is no string to
// fall back on that the schema would accept.
func typedStrict(p *propSchema, val string) (any, error) {
	if p.kind() == "object" {
		v, err := decodeJSON(val)
		if err != nil {
			return nil, fmt.Errorf("not a JSON object: %v", err)
		}
		return v, nil
	}
	return typed(p, val), nil
}

// typed converts one command-line value to the property's JSON type, or
// leaves it a string when it does not convert.
func typed(p *propSchema, val string) any {
	switch p.kind() {
	case "string":
		return val
	case "integer", "number":
		if _, err := strconv.ParseFloat(val, 64); err == nil {
			return json.Number(val)
		}
	case "boolean":
		if b, err := strconv.ParseBool(val); err == nil {
			return b
		}
	case "object", "array", "":
		if v, err := decodeJSON(val); err == nil {
			return v
		}
	}
	return val
}

func decodeJSON(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data after the JSON value")
	}
	return v, nil
}

// progressLine draws progress reports on one terminal line, redrawn in place:
// a bar with a percentage when the total is known, the count otherwise.
type progressLine struct {
	mu    sync.Mutex
	w     io.Writer
	drawn bool
}

const barWidth = 20

// lineWidth is how wide a progress line may be: the terminal's $COLUMNS
// when the shell exports it, else a width most terminals have.
func lineWidth() int {
	if n, err := strconv.Atoi(getenv("COLUMNS")); err == nil && n > 20 {
		return n - 1
	}
	return 119
}

func (p *progressLine) report(done, total float64, msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var line string
	if total > 0 {
		frac := min(max(done/total, 0), 1)
		full := int(frac * barWidth)
		line = fmt.Sprintf("[%s%s] %3.0f%%", strings.Repeat("#", full), strings.Repeat(".", barWidth-full), frac*100)
	} else {
		line = fmt.Sprintf("[%s] %g", strings.Repeat("~", barWidth), done)
	}
	if msg != "" {
		line += " " + msg
	}
	if r, w := []rune(line), lineWidth(); len(r) > w {
		line = string(r[:w-1]) + "…"
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	p.drawn = true
}

// clear erases the progress line, so the shell prompt or the error that
// follows starts on a clean line.
func (p *progressLine) clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}
