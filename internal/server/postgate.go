package server

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// postGate bounds the POSTs being handled at once to twice --max-calls
// (those running and as many waiting for a place), and those of one client
// address to half of that: past either a POST waits for a place, its body
// unread, up to callQueueWait, then is answered 503. A call holds
// a few times its body while it waits or runs, so this, not the call cap
// alone, bounds the memory of many large calls at once; the share per
// address keeps a client that sends bodies slowly, token in hand, from
// taking every place until --read-body-timeout.
type postGate struct{ slots *addrSlots }

func newPostGate(maxCalls int) *postGate {
	return &postGate{slots: newAddrSlots(2*maxCalls, max(1, maxCalls))}
}

// enter takes a place for r, or answers 503 and reports false. The body of
// a refused POST is read away (under the body deadline, keeping nothing),
// so that its client, still sending it, gets the 503 and not a reset.
func (g *postGate) enter(w http.ResponseWriter, r *http.Request, maxBody int64) (leave func(), ok bool) {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	deadline := time.NewTimer(callQueueWait)
	defer deadline.Stop()
	for waiting := true; waiting; {
		full, freed := g.slots.take(ip)
		if full == "" {
			return func() { g.slots.give(ip) }, true
		}
		select {
		case <-freed:
		case <-r.Context().Done():
			waiting = false
		case <-deadline.C:
			waiting = false
		}
	}
	_, _ = io.Copy(io.Discard, http.MaxBytesReader(w, r.Body, maxBody))
	w.Header().Set("Retry-After", "2")
	httpError(w, http.StatusServiceUnavailable, "busy",
		fmt.Sprintf("the server is handling %d requests already (twice --max-calls, half of it per client address); retry in a few seconds", g.slots.max))
	return nil, false
}
