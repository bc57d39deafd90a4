package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// postGate bounds the POSTs being handled at once to twice --max-calls
// (those running and as many waiting for a place): past it a POST is
// answered 503 before its body is read. A call holds a few times its
// body while it waits or runs, so this, not the call cap alone, bounds
// the memory of many large calls at once.
type postGate chan struct{}

func newPostGate(maxCalls int) postGate { return make(postGate, 2*maxCalls) }

// enter takes a place, or answers 503 and reports false. The body of a
// refused POST is read away (under the body deadline, keeping nothing), so
// that its client, still sending it, gets the 503 and not a reset.
func (g postGate) enter(w http.ResponseWriter, r *http.Request, maxBody int64) bool {
	select {
	case g <- struct{}{}:
		return true
	default:
		_, _ = io.Copy(io.Discard, http.MaxBytesReader(w, r.Body, maxBody))
		w.Header().Set("Retry-After", "2")
		httpError(w, http.StatusServiceUnavailable, "busy",
			fmt.Sprintf("the server is handling %d requests already (twice --max-calls); retry in a few seconds", cap(g)))
		return false
	}
}

func (g postGate) leave() { <-g }

// readAllSized reads r whole into a buffer of the announced size, the
// one allocation of the body when the length is known (io.ReadAll doubles
// its way up, leaving twice the body as garbage).
func readAllSized(r io.Reader, length, max int64) ([]byte, error) {
	if length < 0 || length > max {
		return io.ReadAll(r)
	}
	buf := bytes.NewBuffer(make([]byte, 0, length+bytes.MinRead))
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}
