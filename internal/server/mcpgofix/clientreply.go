package mcpgofix

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
)

// A client POSTs its answers to the server's requests (an elicitation's
// result or error) on the streamable HTTP endpoint. mcp-go v1.2.1 refuses
// one it cannot place (no session, no question pending with that id) in
// plain text; MCP wants a JSON-RPC error there, without an id, which is
// what ReplyErrors makes of it (TestClientReplyAnsweredInJSONRPC).

// IsClientReply reports whether body is a JSON-RPC response (a result or
// an error, no method).
func IsClientReply(body []byte) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return false
	}
	_, hasMethod := m["method"]
	_, hasResult := m["result"]
	_, hasError := m["error"]
	return !hasMethod && (hasResult || hasError)
}

// ReplyErrors turns a plain-text error written to it into a JSON-RPC error
// with the same status and words.
type ReplyErrors struct {
	http.ResponseWriter
	convert bool
}

func (w *ReplyErrors) WriteHeader(code int) {
	if code >= 400 && strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		w.convert = true
		w.Header().Set("Content-Type", "application/json")
		w.Header().Del("X-Content-Type-Options")
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *ReplyErrors) Write(b []byte) (int, error) {
	if !w.convert {
		return w.ResponseWriter.Write(b)
	}
	msg := strings.ReplaceAll(strings.TrimSpace(string(b)), "sampling ", "") // mcp-go says so of every answer
	out, _ := json.Marshal(mcp.NewJSONRPCError(mcp.NewRequestId(nil), mcp.INVALID_REQUEST, msg, nil))
	if _, err := w.ResponseWriter.Write(append(out, '\n')); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (w *ReplyErrors) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *ReplyErrors) Unwrap() http.ResponseWriter { return w.ResponseWriter }
