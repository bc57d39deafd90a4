package server

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
)

// jsonrpcCase is one message a client sends and what the answer must be.
type jsonrpcCase struct {
	name, msg string
	code      int      // the JSON-RPC error code
	id        any      // the id the answer carries (nil: null)
	say       []string // in the message
}

var longName = strings.Repeat("n", 5000)

var jsonrpcCases = []jsonrpcCase{
	{"id is an object", `{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}`, -32600, nil, []string{"id"}},
	{"id is an array", `{"jsonrpc":"2.0","id":[1],"method":"ping"}`, -32600, nil, []string{"id"}},
	{"id is a boolean", `{"jsonrpc":"2.0","id":true,"method":"ping"}`, -32600, nil, []string{"id"}},
	{"id is null", `{"jsonrpc":"2.0","id":null,"method":"ping"}`, -32600, nil, []string{"id", "null"}},
	{"method is a number", `{"jsonrpc":"2.0","id":7,"method":5}`, -32600, 7.0, []string{"method", "string"}},
	{"a batch", `[{"jsonrpc":"2.0","id":8,"method":"ping"}]`, -32600, nil, []string{"one JSON object"}},
	{"tool name is a number", `{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":5}}`, -32600, 9.0, []string{"params.name", "a string"}},
	{"params is a number", `{"jsonrpc":"2.0","id":10,"method":"tools/call","params":5}`, -32600, 10.0, []string{"params", "an object"}},
	{"unknown tool, long name", `{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"` + longName + `"}}`, -32602, 11.0, []string{"not found", strings.Repeat("n", 100) + "…"}},
	{"a tool a setting hides", `{"jsonrpc":"2.0","id":13,"method":"tools/call","params":{"name":"list_zones"}}`, -32602, 13.0, []string{"not served", "--toolsets"}},
	{"method is empty", `{"jsonrpc":"2.0","id":14,"method":""}`, -32600, 14.0, []string{"method is empty"}},
	{"id is 1e3", `{"jsonrpc":"2.0","id":1e3,"method":"ping"}`, -32600, 1000.0, []string{"id cannot be echoed exactly"}},
	{"unknown method, long name", `{"jsonrpc":"2.0","id":12,"method":"` + longName + `"}`, -32601, 12.0, []string{strings.Repeat("n", 100) + "…"}},
}

// rpcAnswer is a JSON-RPC answer as the tests read it.
type rpcAnswer struct {
	ID    any `json:"id"`
	Error *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// checkJSONRPCAnswer checks one answer against its case: the code, the id,
// the words, no Go type name, nothing echoed at length.
func checkJSONRPCAnswer(t *testing.T, c jsonrpcCase, answer []byte) {
	t.Helper()
	var r rpcAnswer
	if err := json.Unmarshal(answer, &r); err != nil || r.Error == nil {
		t.Fatalf("%s: answer %.300s: want a JSON-RPC error (%v)", c.name, answer, err)
	}
	if r.Error.Code != c.code || r.ID != c.id {
		t.Errorf("%s: code %d id %v, want %d id %v (%.300s)", c.name, r.Error.Code, r.ID, c.code, c.id, r.Error.Message)
	}
	for _, w := range c.say {
		if !strings.Contains(r.Error.Message, w) {
			t.Errorf("%s: message %.300q does not say %q", c.name, r.Error.Message, w)
		}
	}
	for _, goism := range []string{"Go struct", "Go value", "mcp.", "CallToolRequest", "json: cannot"} {
		if strings.Contains(r.Error.Message, goism) {
			t.Errorf("%s: message %q names Go types", c.name, r.Error.Message)
		}
	}
	if len(r.Error.Message) > 300 {
		t.Errorf("%s: message of %d bytes", c.name, len(r.Error.Message))
	}
}

// TestJSONRPCDetailsStdio: the cases over stdio, each answered on its own
// line, the server going on after them.
func TestJSONRPCDetailsStdio(t *testing.T) {
	s := probeServer(t, testConfig("stdio"))
	cliOut, lines := rawStdio(t, s)
	send := func(msg string) []byte {
		t.Helper()
		errc := make(chan error, 1)
		go func() { _, err := io.WriteString(cliOut, msg+"\n"); errc <- err }()
		line, err := lines.ReadBytes('\n')
		if err != nil {
			t.Fatal(err)
		}
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
		return line
	}
	send(initBody)
	for _, c := range jsonrpcCases {
		checkJSONRPCAnswer(t, c, send(c.msg))
	}
	if a := send(`{"jsonrpc":"2.0","id":99,"method":"ping"}`); !strings.Contains(string(a), `"id":99,"result"`) {
		t.Errorf("ping after the cases: %s", a)
	}
}

// TestJSONRPCDetailsHTTP: the same over streamable HTTP, in a session.
func TestJSONRPCDetailsHTTP(t *testing.T) {
	s := probeServer(t, testConfig("http"))
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	resp := post(t, url, initBody, bearer(testToken))
	h := with(with(bearer(testToken), "Mcp-Session-Id", resp.Header.Get("Mcp-Session-Id")), "Mcp-Protocol-Version", mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	for _, c := range jsonrpcCases {
		resp := post(t, url, c.msg, h)
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode == http.StatusAccepted {
			t.Errorf("%s: 202, taken for a notification", c.name)
			continue
		}
		if ct := resp.Header.Get("Content-Type"); strings.HasPrefix(ct, "text/event-stream") {
			_, data, _ := strings.Cut(string(b), "data: ")
			b = []byte(strings.TrimSpace(data))
		}
		checkJSONRPCAnswer(t, c, b)
	}
}

// TestJSONRPCDetailsSSE: over SSE, a message that is not a valid request is
// answered on the POST, before mcp-go sees it.
func TestJSONRPCDetailsSSE(t *testing.T) {
	s := probeServer(t, testConfig("sse"))
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	base := strings.TrimSuffix(url, SSEPath)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	stream, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	r := bufio.NewReader(stream.Body)
	var endpoint string
	for endpoint == "" {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if rest, ok := strings.CutPrefix(line, "data: "); ok {
			endpoint = strings.TrimSpace(rest)
		}
	}
	for _, c := range jsonrpcCases[:6] { // the envelope cases
		resp := post(t, base+endpoint, c.msg, bearer(testToken))
		b, _ := io.ReadAll(resp.Body)
		checkJSONRPCAnswer(t, c, b)
	}
}

// An id comes back exactly as sent, over stdio and HTTP: one mcp-go would
// write otherwise (a float64 of it) is refused with the id as it came.
func TestJSONRPCIDEchoedExactly(t *testing.T) {
	const huge = `123456789012345678901234567890`
	answered := func(t *testing.T, answer []byte, id string) {
		t.Helper()
		if !strings.Contains(string(answer), `"id":`+id+`,`) {
			t.Errorf("id %s: answer %s", id, answer)
		}
	}
	s := probeServer(t, testConfig("stdio"))
	cliOut, lines := rawStdio(t, s)
	send := func(msg string) []byte {
		t.Helper()
		go func() { _, _ = io.WriteString(cliOut, msg+"\n") }()
		line, err := lines.ReadBytes('\n')
		if err != nil {
			t.Fatal(err)
		}
		return line
	}
	send(initBody)
	for _, id := range []string{huge, "1e3", "9007199254740993", "1.0"} {
		a := send(`{"jsonrpc":"2.0","id":` + id + `,"method":"ping"}`)
		answered(t, a, id)
		if !strings.Contains(string(a), "cannot be echoed exactly") {
			t.Errorf("id %s: not refused: %s", id, a)
		}
	}
	for _, id := range []string{"7", "-3", "1.5", "9007199254740992", `"abc"`} {
		answered(t, send(`{"jsonrpc":"2.0","id":`+id+`,"method":"ping"}`), id)
	}

	hs := probeServer(t, testConfig("http"))
	url := serveHTTP(t, hs, Token{Value: testToken, Source: "test"})
	resp := post(t, url, initBody, bearer(testToken))
	h := with(with(bearer(testToken), "Mcp-Session-Id", resp.Header.Get("Mcp-Session-Id")), "Mcp-Protocol-Version", mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	b, _ := io.ReadAll(post(t, url, `{"jsonrpc":"2.0","id":`+huge+`,"method":"ping"}`, h).Body)
	answered(t, b, huge)
}

// A client's answer the server cannot place (no question is waiting with
// its id) is refused in JSON-RPC, not in plain text, and without its id,
// which names no request of the client's.
func TestClientReplyAnsweredInJSONRPC(t *testing.T) {
	ss := probeServer(t, testConfig("stdio"))
	cliOut, lines := rawStdio(t, ss)
	go func() {
		_, _ = io.WriteString(cliOut, initBody+"\n"+`{"jsonrpc":"2.0","id":5,"error":{"code":-32603,"message":"the user closed the dialog"}}`+"\n"+
			`{"jsonrpc":"2.0","id":9,"method":"ping"}`+"\n")
	}()
	for pinged, refused := false, false; !pinged || !refused; { // the answers come in any order
		line, err := lines.ReadBytes('\n')
		if err != nil {
			t.Fatal(err)
		}
		var r rpcAnswer
		if json.Unmarshal(line, &r) == nil && r.Error != nil {
			refused = true
			if r.ID != nil || r.Error.Code != -32600 || !strings.Contains(r.Error.Message, "no question") {
				t.Fatalf("stdio: %s", line)
			}
		}
		pinged = pinged || r.ID == 9.0
	}

	s := probeServer(t, testConfig("http"))
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	resp := post(t, url, initBody, bearer(testToken))
	h := with(with(bearer(testToken), "Mcp-Session-Id", resp.Header.Get("Mcp-Session-Id")), "Mcp-Protocol-Version", mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	for name, msg := range map[string]string{
		"an error":          `{"jsonrpc":"2.0","id":5,"error":{"code":-32603,"message":"the user closed the dialog"}}`,
		"a result":          `{"jsonrpc":"2.0","id":6,"result":{"action":"accept"}}`,
		"an id of a string": `{"jsonrpc":"2.0","id":"x","error":{"code":-1,"message":"no"}}`,
	} {
		resp := post(t, url, msg, h)
		b, _ := io.ReadAll(resp.Body)
		var r rpcAnswer
		if resp.StatusCode < 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
			json.Unmarshal(b, &r) != nil || r.Error == nil || r.Error.Code != -32600 || r.ID != nil || strings.Contains(r.Error.Message, "sampling") {
			t.Errorf("%s: %d %s: %s", name, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
	}
}
