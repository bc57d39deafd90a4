package server

import (
	"bytes"
	"encoding/json"
	"sync"
	"time"
)

// dueAnswers is the requests read from stdin whose response is not written
// yet, by id, so that the end of the input waits for them: mcp-go cancels
// its calls when its input ends, and a client that sends its requests and
// closes stdin (printf ... | mcp-infomaniak) would get them cancelled.
type dueAnswers struct {
	mu      sync.Mutex
	due     map[string]bool
	changed chan struct{} // closed, and replaced, when an answer is written
}

func newDueAnswers() *dueAnswers {
	return &dueAnswers{due: map[string]bool{}, changed: make(chan struct{})}
}

// asked notes a request line (an object with an id and a method).
func (d *dueAnswers) asked(line []byte) {
	var m struct {
		ID     json.RawMessage `json:"id"`
		Method *string         `json:"method"`
	}
	if json.Unmarshal(line, &m) != nil || m.Method == nil || !isID(m.ID) {
		return
	}
	d.mu.Lock()
	d.due[string(bytes.TrimSpace(m.ID))] = true
	d.mu.Unlock()
}

// answered notes a message written to the client: a response (an id, then
// result or error, as mcp-go writes it) settles its request. Only the keys
// before the result are read.
func (d *dueAnswers) answered(msg []byte) {
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
				d.mu.Lock()
				if d.due[string(id)] {
					delete(d.due, string(id))
					close(d.changed)
					d.changed = make(chan struct{})
				}
				d.mu.Unlock()
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

// wait returns when every request read has its answer, or after timeout.
func (d *dueAnswers) wait(timeout time.Duration) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		d.mu.Lock()
		n, changed := len(d.due), d.changed
		d.mu.Unlock()
		if n == 0 {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			return
		}
	}
}

// isID reports whether raw is a JSON-RPC id: a string or a number.
func isID(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] != 'n' && raw[0] != '{' && raw[0] != '[' && raw[0] != 't' && raw[0] != 'f'
}
