package mcpgofix

import (
	"bytes"
	"encoding/json"
	"io"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/admission"
)

// DueAnswers is the requests read from stdin whose response is not written
// yet, by id, so that the end of the input waits for them: mcp-go cancels
// its calls when its input ends, and a client that sends its requests and
// closes stdin (printf ... | mcp-infomaniak) would get them cancelled
// (TestStdioAnswersBeforeItsInputEnds).
type DueAnswers struct {
	due *admission.Limiter // without caps, keyed by id
}

// NewDueAnswers is an empty DueAnswers, for VetLines and the writer of the
// answers.
func NewDueAnswers() *DueAnswers {
	return &DueAnswers{due: admission.New(admission.Unlimited, admission.Unlimited)}
}

// asked notes a request read, by its id (vetRequest's; "" is no request):
// one answer settles an id however often it was asked. Requests are read,
// and the end of the input waited for, by one goroutine: nothing is asked
// while wait runs, so without caps a place is always there.
func (d *DueAnswers) asked(id string) {
	if id != "" && !d.due.Holds(id) {
		d.due.TryAcquire(id)
	}
}

// Answered notes a message written to the client: a response (an id, then
// result or error, as mcp-go writes it) settles its request. Only the keys
// before the result are read.
func (d *DueAnswers) Answered(msg []byte) {
	dec := json.NewDecoder(bytes.NewReader(msg))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return
	}
	var id json.RawMessage
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return
		}
		switch key {
		case "method":
			return // a request or notification of ours
		case "result", "error":
			if isID(id) {
				d.due.Release(string(id))
			}
			return
		case "id":
			if dec.Decode(&id) != nil {
				return
			}
			id = bytes.TrimSpace(id)
		default:
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return
			}
		}
	}
}

// redeliver writes a cancellation (line, of request id) to mcp-go again,
// a few times, while the request is unanswered: mcp-go drops one that comes
// before it has registered the request (a tools/call starts on a worker),
// so a cancellation sent right after its request would be lost and the
// call run to its end (TestStdioCancelRightAfterTheRequest). Once
// registered, the request is cancelled by the first that arrives; the
// others find nothing to cancel.
func (d *DueAnswers) redeliver(w io.Writer, line []byte, id string) {
	for _, after := range []time.Duration{10 * time.Millisecond, 50 * time.Millisecond, 250 * time.Millisecond, time.Second} {
		t := time.NewTimer(after)
		<-t.C
		if !d.due.Holds(id) {
			return
		}
		if _, err := w.Write(line); err != nil {
			return // the input ended
		}
	}
}

// cancelledID is the id of the request a notifications/cancelled line
// cancels, as DueAnswers keys it ("" for any other line).
func cancelledID(line []byte) string {
	if !bytes.Contains(line, []byte("notifications/cancelled")) {
		return ""
	}
	var n struct {
		Method string `json:"method"`
		Params struct {
			RequestID json.RawMessage `json:"requestId"`
		} `json:"params"`
	}
	if json.Unmarshal(line, &n) != nil || n.Method != "notifications/cancelled" || !isID(n.Params.RequestID) {
		return ""
	}
	return string(bytes.TrimSpace(n.Params.RequestID))
}

// wait returns when every request read has its answer, or after timeout.
func (d *DueAnswers) wait(timeout time.Duration) { d.due.WaitIdle(timeout) }

// isID reports whether raw is a JSON-RPC id: a string or a number.
func isID(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] != 'n' && raw[0] != '{' && raw[0] != '[' && raw[0] != 't' && raw[0] != 'f'
}
