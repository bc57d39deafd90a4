package mcpgofix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
)

// goUnmarshal is encoding/json's type error as mcp-go passes it on.
// Compiled on first use: package-level work is paid by every start.
var goUnmarshal = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^unparsable (\S+) request: json: cannot unmarshal (\w+) into Go (?:struct field (\S+)|value) of type (\S+)$`)
})

// longWord is a run of more than 100 characters without a space: what a
// message echoes of its input (a tool or method name) is cut to 100.
var longWord = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^\s'"]{101,}`) })

// cleanMessage says a type error in JSON words and cuts what is echoed.
func cleanMessage(m string) string {
	if g := goUnmarshal().FindStringSubmatch(m); g != nil {
		field := "params"
		if g[3] != "" {
			field = jsonPath(g[3])
		}
		m = fmt.Sprintf("invalid %s request: %s must be %s, not %s", g[1], field, jsonKind(g[4]), article(g[2]))
	} else if strings.Contains(m, "Go struct field") || strings.Contains(m, "Go value of type") {
		m, _, _ = strings.Cut(m, ": json: ")
		m += ": its params do not have the expected types"
	}
	return longWord().ReplaceAllStringFunc(m, func(w string) string {
		r := []rune(w)
		if len(r) <= 100 {
			return w
		}
		return string(r[:100]) + "…"
	})
}

// jsonPath keeps of a Go field path (CallToolRequest.params.name) the JSON
// part (params.name): from the first segment in lower case.
func jsonPath(goPath string) string {
	segs := strings.Split(goPath, ".")
	for i, s := range segs {
		if s != "" && strings.ToLower(s[:1]) == s[:1] {
			return strings.Join(segs[i:], ".")
		}
	}
	return "params"
}

func jsonKind(goType string) string {
	switch {
	case goType == "string":
		return "a string"
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.HasPrefix(goType, "int") || strings.HasPrefix(goType, "uint") || strings.HasPrefix(goType, "float"):
		return "a number"
	default:
		return "an object"
	}
}

func article(jsonType string) string {
	if jsonType == "object" || jsonType == "array" {
		return "an " + jsonType
	}
	return "a " + jsonType
}

// unplacedReply is what mcp-go answers to a client's error reply it has
// no question for.
const unplacedReply = "Method  not found"

// mcpToolNotFound is mcp-go's answer to a tools/call of a tool it does not
// serve (server.go's handleToolCall wraps ErrToolNotFound), which names no
// setting and no close name: TestUnservedToolSaysWhy.
var mcpToolNotFound = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^tool '(.*)' not found: tool not found$`)
})

// ToolNotFound is the server's words for a tools/call of a tool it does
// not serve, given its name.
type ToolNotFound func(name string) string

// rewrite is m in the server's words, when m is mcp-go's 'tool not found'.
func (f ToolNotFound) rewrite(m string) string {
	if g := mcpToolNotFound().FindStringSubmatch(m); g != nil && f != nil {
		return f(g[1])
	}
	return m
}

// CleanErrors rewrites the message of msg if it is a JSON-RPC error answer
// mcp-go wrote: a tool it does not serve in the server's words (notFound),
// a type error in JSON words, what it echoes cut to 100 characters, a
// reply it could not place said as such; anything else comes back as it
// is, without being decoded. mcp-go's messages name Go types and echo what
// they were sent at any length: TestJSONRPCDetailsStdio.
func CleanErrors(msg []byte, notFound ToolNotFound) []byte {
	if !bytes.Contains(msg, []byte(`"error":{`)) || bytes.Contains(msg, []byte(`"result":`)) {
		return msg
	}
	var r map[string]json.RawMessage
	if json.Unmarshal(msg, &r) != nil || r["error"] == nil {
		return msg
	}
	var e map[string]any
	if json.Unmarshal(r["error"], &e) != nil {
		return msg
	}
	m, _ := e["message"].(string)
	if m == unplacedReply {
		// mcp-go takes a client's error reply that answers no question of
		// its own for a request with an empty method (those are refused
		// before it, VetMessage), and answers it under the reply's id, which
		// names one of the client's own requests
		// (TestClientReplyAnsweredInJSONRPC).
		e["code"] = mcp.INVALID_REQUEST
		r["id"] = json.RawMessage("null")
	}
	c := cleanMessage(notFound.rewrite(m))
	if m == unplacedReply {
		c = "an answer to no question this server is waiting for (it may have timed out): ignored"
	}
	if c != m {
		e["message"] = c
		r["error"], _ = json.Marshal(e)
		out, err := json.Marshal(r)
		if err != nil {
			return msg
		}
		if bytes.HasSuffix(msg, []byte("\n")) {
			out = append(out, '\n')
		}
		return out
	}
	return msg
}

// cleanWrite is CleanErrors for what mcp-go writes on HTTP: a JSON body, or
// one SSE event carrying a message.
func cleanWrite(b []byte, notFound ToolNotFound) []byte {
	const event = "event: message\ndata: "
	if rest, ok := bytes.CutPrefix(b, []byte(event)); ok {
		data, tail, found := bytes.Cut(rest, []byte("\n\n"))
		if !found {
			return b
		}
		out := append([]byte(event), CleanErrors(data, notFound)...)
		out = append(out, "\n\n"...)
		return append(out, tail...)
	}
	if len(b) > 0 && b[0] == '{' {
		return CleanErrors(b, notFound)
	}
	return b
}

// ErrorCleaner is the ResponseWriter mcp-go writes HTTP answers to: each
// write is CleanErrors'd (TestJSONRPCDetailsHTTP, TestJSONRPCDetailsSSE).
type ErrorCleaner struct {
	http.ResponseWriter
	NotFound ToolNotFound
}

func (c ErrorCleaner) Write(b []byte) (int, error) {
	if _, err := c.ResponseWriter.Write(cleanWrite(b, c.NotFound)); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (c ErrorCleaner) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (c ErrorCleaner) Unwrap() http.ResponseWriter { return c.ResponseWriter }
