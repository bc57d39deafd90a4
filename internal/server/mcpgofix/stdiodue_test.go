package mcpgofix

import "testing"

// DueAnswers settles a request by its response as mcp-go writes it, and
// by nothing else: not a notification, not a request of ours with the same
// id, not an answer to an id never asked.
func TestDueAnswers(t *testing.T) {
	d := NewDueAnswers()
	for _, line := range []string{
		`{"jsonrpc":"2.0","id":7,"method":"tools/call"}`,
		`{"jsonrpc":"2.0","id":"x","method":"ping"}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`, // no answer due
		`{"jsonrpc":"2.0","id":9,"result":{}}`,                   // the client's answer: none due
	} {
		_, id := vetRequest([]byte(line))
		d.asked(id)
	}
	d.Answered([]byte(`{"jsonrpc":"2.0","method":"notifications/progress","params":{}}`))
	d.Answered([]byte(`{"jsonrpc":"2.0","id":7,"method":"elicitation/create"}`))
	d.Answered([]byte(`{"jsonrpc":"2.0","id":8,"result":{}}`))
	if d.due.Len() != 2 || !d.due.Holds(`7`) || !d.due.Holds(`"x"`) {
		t.Fatalf("%d due, want 7 and x", d.due.Len())
	}
	d.Answered([]byte(`{"jsonrpc":"2.0","id":7,"result":{"content":[]}}`))
	d.Answered([]byte(`{"jsonrpc":"2.0","id":"x","error":{"code":-1}}`))
	if d.due.Len() != 0 {
		t.Errorf("%d still due", d.due.Len())
	}
}

func TestCancelledID(t *testing.T) {
	for line, want := range map[string]string{
		`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"long"}}`:         `"long"`,
		`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId": 7 }}`:            `7`,
		`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":null}}`:           ``,
		`{"jsonrpc":"2.0","method":"notifications/progress","params":{"requestId":"x"}}`:             ``,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"notifications/cancelled"}}`: ``,
	} {
		if got := cancelledID([]byte(line)); got != want {
			t.Errorf("%s: %q, want %q", line, got, want)
		}
	}
}
