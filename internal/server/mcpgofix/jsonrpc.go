package mcpgofix

import (
	"bytes"
	"encoding/json"

	"github.com/mark3labs/mcp-go/mcp"
)

// What mcp-go v1.2.1 gets wrong of JSON-RPC is put right here, around it
// on every transport: VetMessage refuses, before mcp-go sees it, a message
// whose envelope is not a request's (an id neither string nor number, a
// null id taken for a notification, a method that is no string, a batch),
// a request with an empty method (mcp-go answers it nothing), and an id
// mcp-go would not echo as sent (it reads every number as a float64 and
// writes 123456789012345678901234567890 back as 1.2345678901234568e+29,
// 1e3 as 1000): TestJSONRPCDetailsStdio, TestJSONRPCDetailsHTTP and
// TestJSONRPCIDEchoedExactly. The errors mcp-go answers are rewritten by
// errors.go.

// VetMessage returns the error answer to msg, or nil when msg may go to
// mcp-go. Messages that are not JSON are left to mcp-go's parse error.
func VetMessage(msg []byte) []byte {
	answer, _ := vetRequest(msg)
	return answer
}

// vetRequest is VetMessage that also says, of a message that may go to
// mcp-go, the id of the answer it is owed ("" for a notification or a
// response): the one parse stdio needs for both (DueAnswers).
func vetRequest(msg []byte) (answer []byte, requestID string) {
	msg = bytes.TrimSpace(msg)
	if len(msg) == 0 || !json.Valid(msg) {
		return nil, ""
	}
	if msg[0] != '{' {
		return InvalidRequest(nil, "a message is one JSON object; batches are not supported"), ""
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
			return InvalidRequest(id, "method must be a string"), ""
		}
		if name == "" && hasID && idOK {
			return InvalidRequest(json.RawMessage(bytes.TrimSpace(rawID)), "method is empty: name the method to call"), ""
		}
	}
	if hasID && idOK && !echoedAsSent(bytes.TrimSpace(rawID)) {
		return InvalidRequest(json.RawMessage(bytes.TrimSpace(rawID)),
			"this id cannot be echoed exactly: use a string, or an integer of at most 15 digits"), ""
	}
	switch {
	case hasID && string(bytes.TrimSpace(rawID)) == "null" && hasMethod:
		return InvalidRequest(nil, "id must be a string or a number: null is not an id (a notification has no id at all)"), ""
	case !idOK && string(bytes.TrimSpace(rawID)) != "null":
		return InvalidRequest(nil, "id must be a string or a number"), ""
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

// InvalidRequest is the JSON-RPC error answer to a request refused as
// invalid, under id (nil for none).
func InvalidRequest(id any, message string) []byte {
	b, _ := json.Marshal(mcp.NewJSONRPCError(mcp.NewRequestId(id), mcp.INVALID_REQUEST, message, nil))
	return b
}
