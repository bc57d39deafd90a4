package mcptool

import (
	"context"
	"encoding/json"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/progress"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
)

type echoArgs struct {
	Name string `json:"name" jsonschema:"required,minLength=1"`
	Size int    `json:"size,omitempty" jsonschema:"minimum=1,maximum=10"`
	Wait bool   `json:"wait,omitempty" jsonschema:"default=true"`
	Kind string `json:"kind,omitempty" jsonschema:"enum=SOFT,enum=HARD,default=SOFT"`
}

type echoResult struct {
	Args  echoArgs `json:"args"`
	Steps int      `json:"steps,omitempty"`
}

func echo() Tool {
	return New(Def{Name: "echo", Title: "Echo", Description: "Echo.", Effect: Write},
		func(ctx context.Context, a echoArgs) (echoResult, error) {
			switch a.Name {
			case "panic":
				panic("kaboom")
			case "fail":
				return echoResult{}, fault.Errorf(fault.CodeConflict, "refused").WithHint("try later")
			case "progress":
				for i := range 3 {
					progress.Report(ctx, float64(i), 3, "step")
				}
				return echoResult{Args: a, Steps: 3}, nil
			}
			return echoResult{Args: a}, nil
		})
}

func TestInvokeAppliesDefaults(t *testing.T) {
	res, err := echo().invoke(context.Background(), json.RawMessage(`{"name":"x"}`), slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	a := res.(echoResult).Args
	if !a.Wait || a.Kind != "SOFT" {
		t.Errorf("defaults not applied: %+v", a)
	}
	res, _ = echo().invoke(context.Background(), json.RawMessage(`{"name":"x","wait":false,"kind":"HARD"}`), slog.Default())
	if a := res.(echoResult).Args; a.Wait || a.Kind != "HARD" {
		t.Errorf("explicit values overridden: %+v", a)
	}
}

func TestInvokeValidationMessages(t *testing.T) {
	cases := map[string]string{
		`{}`:                        `missing required argument "name"`,
		`{"name":""}`:               "name: must not be empty",
		`{"name":"x","size":0}`:     "size: must be at least 1",
		`{"name":"x","size":11}`:    "size: must be at most 10",
		`{"name":"x","size":1.5}`:   "size: must be integer",
		`{"name":"x","kind":"MED"}`: "kind: must be one of SOFT, HARD",
		`{"name":"x","bogus":1}`:    `unknown argument "bogus"`,
		`[1]`:                       "must be a JSON object",
		`{"name":`:                  "not valid JSON",
	}
	for in, want := range cases {
		_, err := echo().invoke(context.Background(), json.RawMessage(in), slog.Default())
		e := fault.Classify(err)
		if e == nil || e.Code != fault.CodeInvalidArgument || !strings.Contains(e.Message, want) {
			t.Errorf("%s: got %v, want %q", in, e, want)
		}
	}
}

func TestInvokeContainsPanics(t *testing.T) {
	_, err := echo().InvokeAudited(context.Background(), json.RawMessage(`{"name":"panic"}`), testLogger(t))
	if e := fault.Classify(err); e.Code != fault.CodeInternal || !strings.Contains(e.Message, "kaboom") {
		t.Fatalf("got %v", e)
	}
}

func TestAnnotationsFollowEffect(t *testing.T) {
	for _, c := range []struct {
		def                   Def
		ro, destr, idempotent bool
	}{
		{Def{Name: "list_x", Effect: Read}, true, false, true},
		{Def{Name: "stop_x", Effect: Write, Idempotent: true}, false, false, true},
		{Def{Name: "create_x", Effect: Write}, false, false, false},
		{Def{Name: "delete_x", Effect: Destructive}, false, true, false},
		{Def{Name: "restore_x", Effect: Write, DestructiveWhen: func(json.RawMessage) bool { return true }}, false, true, false},
	} {
		a := Tool{Def: c.def}.MCPTool().Annotations
		if *a.ReadOnlyHint != c.ro || *a.DestructiveHint != c.destr || *a.IdempotentHint != c.idempotent || !*a.OpenWorldHint {
			t.Errorf("%s: %+v", c.def.Name, a)
		}
	}
}

// connect registers tools on a real mcp-go server and connects an in-process client.
func connect(t *testing.T, allow Allow, tools ...Tool) (*mcpclient.Client, func() []mcp.JSONRPCNotification) {
	t.Helper()
	s := server.NewMCPServer("t", "1", server.WithToolCapabilities(false))
	Register(s, tools, allow, testLogger(t))
	var mu sync.Mutex
	var notes []mcp.JSONRPCNotification
	c := calltest.InProcess(t, s, "test", func(n mcp.JSONRPCNotification) { mu.Lock(); notes = append(notes, n); mu.Unlock() })
	return c, func() []mcp.JSONRPCNotification {
		mu.Lock()
		defer mu.Unlock()
		return append([]mcp.JSONRPCNotification(nil), notes...)
	}
}

func call(t *testing.T, c *mcpclient.Client, name string, args map[string]any, token any) *mcp.CallToolResult {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name, req.Params.Arguments = name, args
	if token != nil {
		req.Params.Meta = &mcp.Meta{ProgressToken: token}
	}
	res, err := c.CallTool(context.Background(), req)
	if err != nil {
		t.Fatalf("JSON-RPC error instead of a tool result: %v", err)
	}
	return res
}

func TestErrorsAreToolResults(t *testing.T) {
	c, _ := connect(t, nil, echo())
	for name, code := range map[string]string{"fail": "conflict", "panic": "internal"} {
		res := call(t, c, "echo", map[string]any{"name": name}, nil)
		if !res.IsError {
			t.Fatalf("%s: want isError", name)
		}
		b, _ := json.Marshal(res.StructuredContent)
		var p struct {
			Error fault.Error `json:"error"`
		}
		if err := json.Unmarshal(b, &p); err != nil || p.Error.Code != code {
			t.Errorf("%s: structured error %s", name, b)
		}
		if txt := res.Content[0].(mcp.TextContent).Text; !strings.HasPrefix(txt, code+": ") {
			t.Errorf("%s: text %q", name, txt)
		}
	}
	// The server lives on after a panic.
	if res := call(t, c, "echo", map[string]any{"name": "ok"}, nil); res.IsError {
		t.Fatal("server did not survive the panic")
	}
}

func TestStructuredAndTextAgree(t *testing.T) {
	c, _ := connect(t, nil, echo())
	res := call(t, c, "echo", map[string]any{"name": "ok"}, nil)
	b, _ := json.Marshal(res.StructuredContent)
	var fromText, fromStructured any
	_ = json.Unmarshal([]byte(res.Content[0].(mcp.TextContent).Text), &fromText)
	_ = json.Unmarshal(b, &fromStructured)
	if !reflect.DeepEqual(fromText, fromStructured) || fromText == nil {
		t.Errorf("text %v != structured %s", fromText, b)
	}
}

func TestProgressOnlyWithToken(t *testing.T) {
	c, notes := connect(t, nil, echo())
	call(t, c, "echo", map[string]any{"name": "progress"}, nil)
	if n := notes(); len(n) != 0 {
		t.Fatalf("progress sent without a token: %v", n)
	}
	call(t, c, "echo", map[string]any{"name": "progress"}, "tok-1")
	// Without a transport Notifier, mcp-go delivers notifications on its own
	// goroutine, possibly after the result: wait for them, up to a deadline.
	var got []float64
	for deadline := time.Now().Add(5 * time.Second); ; {
		got = got[:0]
		n := notes()
		for _, n := range n {
			if n.Method != "notifications/progress" || n.Params.AdditionalFields["progressToken"] != "tok-1" {
				t.Fatalf("progress sent without a token: %v", n)
			}
			got = append(got, n.Params.AdditionalFields["progress"].(float64))
		}
		if len(got) >= 3 || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if len(got) != 3 || !(got[0] < got[1] && got[1] < got[2]) {
		t.Errorf("want 3 increasing progress values, got %v", got)
	}
}

func TestAllowHidesAndRefuses(t *testing.T) {
	restore := New(Def{Name: "restore", Title: "R", Description: "R.", Effect: Write,
		DestructiveWhen: func(a json.RawMessage) bool { return strings.Contains(string(a), `"onto"`) }},
		func(ctx context.Context, a struct {
			Onto string `json:"onto,omitempty"`
		}) (struct{}, error) {
			return struct{}{}, nil
		})
	allow := func(d Def, args json.RawMessage) bool {
		if d.Name == "echo" {
			return false
		}
		return args == nil || d.DestructiveWhen == nil || !d.DestructiveWhen(args)
	}
	c, _ := connect(t, allow, echo(), restore)
	list, err := c.ListTools(context.Background(), mcp.ListToolsRequest{})
	if err != nil || len(list.Tools) != 1 || list.Tools[0].Name != "restore" {
		t.Fatalf("tools: %+v %v", list, err)
	}
	if res := call(t, c, "restore", map[string]any{}, nil); res.IsError {
		t.Error("the harmless call was refused")
	}
	if res := call(t, c, "restore", map[string]any{"onto": "v1"}, nil); !res.IsError {
		t.Error("the destructive call was allowed")
	}
	req := mcp.CallToolRequest{}
	req.Params.Name = "echo"
	if res, err := c.CallTool(context.Background(), req); err == nil && !res.IsError {
		t.Error("a hidden tool could be called")
	}
}

// An error result must satisfy the tool's published output schema: SDK
// clients validate structuredContent even when isError is set. The schema
// still types the objects and arrays it declares (a scalar is {}: its
// type costs bytes on every tools/list and its name says it).
func TestErrorResultFitsOutputSchema(t *testing.T) {
	tl := echo()
	sch := newArgSpec("echo-out", func() json.RawMessage { return tl.OutputSchema })
	b, _ := json.Marshal(ErrorPayload{Error: fault.Errorf(fault.CodeNotFound, "no").WithHint("list")})
	if _, err := sch.prepare(b); err != nil {
		t.Fatalf("error payload rejected by the output schema: %v", err)
	}
	ok, _ := json.Marshal(echoResult{Args: echoArgs{Name: "x", Wait: true}, Steps: 2})
	if _, err := sch.prepare(ok); err != nil {
		t.Fatalf("a result rejected by its own output schema: %v", err)
	}
	if _, err := sch.prepare(json.RawMessage(`{"args":"two"}`)); err == nil {
		t.Fatal("the output schema must type the objects it declares")
	}
}

// An unknown argument is told the close ones the tool takes, and the hint
// lists the tool's arguments, in their order: the caller that guessed a name
// (volume for volume_id) learns the right one in the same answer.
func TestUnknownArgumentSuggests(t *testing.T) {
	for in, want := range map[string]string{
		`{"name":"x","nam":1}`:         `unknown argument "nam" (did you mean name?)`,
		`{"name":"x","sizes":1}`:       `unknown argument "sizes" (did you mean size?)`,
		`{"name":"x","bogus":1}`:       `unknown argument "bogus"`,
		`{"name":"x","wai":1,"kin":2}`: `unknown arguments "kin" (did you mean kind?), "wai" (did you mean wait?)`,
	} {
		_, err := echo().invoke(context.Background(), json.RawMessage(in), slog.Default())
		e := fault.Classify(err)
		if e == nil || e.Message != want || e.Hint != "its arguments: name, size, wait, kind" {
			t.Errorf("%s: got %q (hint %q), want %q", in, e.Message, e.Hint, want)
		}
	}
	_, err := echo().invoke(context.Background(), json.RawMessage(`{"name":"x","size":0}`), slog.Default())
	if e := fault.Classify(err); e.Hint != "see the tool's input schema" {
		t.Errorf("another mistake's hint: %q", e.Hint)
	}
	_, err = echo().invoke(context.Background(), json.RawMessage(`{}`), slog.Default())
	if e := fault.Classify(err); e.Hint != "its arguments: name, size, wait, kind" {
		t.Errorf("a missing argument's hint: %q", e.Hint)
	}
}
