package mcpgofix

import (
	"encoding/json"
	"strings"
	"testing"
)

// answer is the part of a JSON-RPC error answer the tests read.
type answer struct {
	ID    any `json:"id"`
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func readAnswer(t *testing.T, b []byte) answer {
	t.Helper()
	var a answer
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return a
}

// TestVetMessage: what mcp-go would misread is answered here, under the id
// it came with when that id can be echoed; the rest goes on to mcp-go.
func TestVetMessage(t *testing.T) {
	for msg, want := range map[string]struct {
		id  any // of the answer; nil for null
		has string
	}{
		`[{"jsonrpc":"2.0","id":1,"method":"ping"}]`:                            {nil, "batches are not supported"},
		`{"jsonrpc":"2.0","id":null,"method":"ping"}`:                           {nil, "null is not an id"},
		`{"jsonrpc":"2.0","id":true,"method":"ping"}`:                           {nil, "id must be a string or a number"},
		`{"jsonrpc":"2.0","id":1,"method":5}`:                                   {1.0, "method must be a string"},
		`{"jsonrpc":"2.0","id":"a","method":""}`:                                {"a", "method is empty"},
		`{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"ping"}`: {nil, "cannot be echoed exactly"},
		`{"jsonrpc":"2.0","id":1e3,"method":"ping"}`:                            {nil, "cannot be echoed exactly"},
	} {
		b := VetMessage([]byte(msg))
		if b == nil {
			t.Errorf("%s went on to mcp-go", msg)
			continue
		}
		a := readAnswer(t, b)
		if a.Error.Code != -32600 || !strings.Contains(a.Error.Message, want.has) {
			t.Errorf("%s: %s, want -32600 saying %q", msg, b, want.has)
		}
		if want.id != nil && a.ID != want.id {
			t.Errorf("%s: answered under id %v, want %v", msg, a.ID, want.id)
		}
	}
	for _, msg := range []string{
		`{"jsonrpc":"2.0","id":"a","method":"ping"}`,
		`{"jsonrpc":"2.0","id":42,"method":"tools/list"}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":3,"result":{}}`,
		`not JSON: mcp-go's parse error answers it`,
	} {
		if b := VetMessage([]byte(msg)); b != nil {
			t.Errorf("%s was refused: %s", msg, b)
		}
	}
}

// TestCleanErrors: mcp-go's error answers in JSON words, cut to a
// readable length, its 'tool not found' in the server's words; anything
// else comes back as it was.
func TestCleanErrors(t *testing.T) {
	notFound := ToolNotFound(func(name string) string { return "no " + name + " here" })
	errorAnswer := func(message string) string {
		b, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 7, "error": map[string]any{"code": -32602, "message": message}})
		return string(b)
	}
	long := strings.Repeat("m", 300)
	for in, want := range map[string]string{
		errorAnswer("unparsable tools/call request: json: cannot unmarshal number into Go struct field CallToolRequest.params.name of type string"): "invalid tools/call request: params.name must be a string, not a number",
		errorAnswer("tool 'lst_flavors' not found: tool not found"):                                                                                 "no lst_flavors here",
		errorAnswer("Method " + long + " not found"):                                                                                                "Method " + strings.Repeat("m", 100) + "… not found",
	} {
		got := readAnswer(t, CleanErrors([]byte(in), notFound))
		if got.Error.Message != want || got.ID != 7.0 {
			t.Errorf("%s:\n got %q under id %v\nwant %q under 7", in, got.Error.Message, got.ID, want)
		}
	}
	unplaced := readAnswer(t, CleanErrors([]byte(`{"jsonrpc":"2.0","id":"q1","error":{"code":-32601,"message":"Method  not found"}}`), notFound))
	if unplaced.ID != nil || unplaced.Error.Code != -32600 || !strings.Contains(unplaced.Error.Message, "no question") {
		t.Errorf("a reply to no question: %+v", unplaced)
	}
	for _, msg := range []string{
		`{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"\"error\":{"}]}}` + "\n",
		`{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"Method nope not found"}}` + "\n",
	} {
		if got := CleanErrors([]byte(msg), notFound); string(got) != msg {
			t.Errorf("changed %s into %s", msg, got)
		}
	}
}
