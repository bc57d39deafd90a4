package server

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

// What mcp-go v1.2.1 gets wrong of JSON-RPC is put right here, around it
// on every transport: vetMessage refuses, before mcp-go sees it, a message
// whose envelope is not a request's (an id neither string nor number, a
// null id taken for a notification, a method that is no string, a batch),
// a request with an empty method (mcp-go answers it nothing), and an id
// mcp-go would not echo as sent (it reads every number as a float64 and
// writes 123456789012345678901234567890 back as 1.2345678901234568e+29,
// 1e3 as 1000): TestJSONRPCDetailsStdio and TestJSONRPCIDEchoedExactly;
// cleanErrors rewrites the messages of the errors mcp-go answers, which
// name Go types and echo what they were sent at any length.

// vetMessage returns the error answer to msg, or nil when msg may go to
// mcp-go. Messages that are not JSON are left to mcp-go's parse error.
func vetMessage(msg []byte) []byte {
	answer, _ := vetRequest(msg)
	return answer
}

// vetRequest is vetMessage that also says, of a message that may go to
// mcp-go, the id of the answer it is owed ("" for a notification or a
// response): the one parse stdio needs for both (dueAnswers).
func vetRequest(msg []byte) (answer []byte, requestID string) {
	msg = bytes.TrimSpace(msg)
	if len(msg) == 0 || !json.Valid(msg) {
		return nil, ""
	}
	if msg[0] != '{' {
		return invalidRequest(nil, "a message is one JSON object; batches are not supported"), ""
	}
	var env map[string]json.RawMessage
	if json.Unmarshal(msg, &env) != nil {
		return nil, ""
	}
	rawID, hasID := env["id"]
	id, idOK := any(nil), true
	if hasID {
		switch bytes.TrimSpace(rawID)[0] {
		case '"', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			_ = json.Unmarshal(rawID, &id)
		default:
			idOK = false
		}
	}
	method, hasMethod := env["method"]
	if hasMethod {
		var name string
		if json.Unmarshal(method, &name) != nil {
			if !idOK {
				id = nil
			}
			return invalidRequest(id, "method must be a string"), ""
		}
		if name == "" && hasID && idOK {
			return invalidRequest(json.RawMessage(bytes.TrimSpace(rawID)), "method is empty: name the method to call"), ""
		}
	}
	if hasID && idOK && !echoedAsSent(bytes.TrimSpace(rawID)) {
		return invalidRequest(json.RawMessage(bytes.TrimSpace(rawID)),
			"this id cannot be echoed exactly: use a string, or an integer of at most 15 digits"), ""
	}
	switch {
	case hasID && string(bytes.TrimSpace(rawID)) == "null" && hasMethod:
		return invalidRequest(nil, "id must be a string or a number: null is not an id (a notification has no id at all)"), ""
	case !idOK && string(bytes.TrimSpace(rawID)) != "null":
		return invalidRequest(nil, "id must be a string or a number"), ""
	case hasID && idOK && hasMethod:
		return nil, string(bytes.TrimSpace(rawID))
	}
	return nil, ""
}

// echoedAsSent reports whether mcp-go writes the id rawID back as it came:
// a string always, a number only when its float64 reads back the same.
func echoedAsSent(rawID []byte) bool {
	if rawID[0] == '"' {
		return true
	}
	var id mcp.RequestId
	if json.Unmarshal(rawID, &id) != nil {
		return false
	}
	echo, err := json.Marshal(id)
	return err == nil && bytes.Equal(echo, rawID)
}

func invalidRequest(id any, message string) []byte {
	b, _ := json.Marshal(mcp.NewJSONRPCError(mcp.NewRequestId(id), mcp.INVALID_REQUEST, message, nil))
	return b
}

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

// cleanErrors rewrites the message of msg if it is a JSON-RPC error answer,
// with rewrite first (the server's words for a tool it does not serve) and
// cleanMessage; anything else comes back as it is, without being decoded.
func cleanErrors(msg []byte, rewrite func(string) string) []byte {
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
		// before it, vetRequest), and answers it under the reply's id, which
		// names one of the client's own requests
		// (TestClientReplyAnsweredInJSONRPC).
		e["code"] = mcp.INVALID_REQUEST
		r["id"] = json.RawMessage("null")
	}
	c := cleanMessage(rewrite(m))
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

// cleanWrite is cleanErrors for what mcp-go writes on HTTP: a JSON body, or
// one SSE event carrying a message.
func cleanWrite(b []byte, rewrite func(string) string) []byte {
	const event = "event: message\ndata: "
	if rest, ok := bytes.CutPrefix(b, []byte(event)); ok {
		data, tail, found := bytes.Cut(rest, []byte("\n\n"))
		if !found {
			return b
		}
		out := append([]byte(event), cleanErrors(data, rewrite)...)
		out = append(out, "\n\n"...)
		return append(out, tail...)
	}
	if len(b) > 0 && b[0] == '{' {
		return cleanErrors(b, rewrite)
	}
	return b
}

// errorCleaner is the ResponseWriter mcp-go writes HTTP answers to.
type errorCleaner struct {
	http.ResponseWriter
	rewrite func(string) string // the server's unserved
}

func (c errorCleaner) Write(b []byte) (int, error) {
	if _, err := c.ResponseWriter.Write(cleanWrite(b, c.rewrite)); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (c errorCleaner) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (c errorCleaner) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// refuseMessage answers a message vetMessage refused, on HTTP.
func refuseMessage(w http.ResponseWriter, answer []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write(append(answer, '\n'))
}
