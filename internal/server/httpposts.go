package server

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/admission"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/httpedge"
)

// postGate bounds the POSTs being handled at once to twice --max-calls
// (those running and as many waiting for a place), and those of one client
// address to half of that: past either a POST waits for a place, its body
// unread, up to callQueueWait, then is answered 503. A call holds
// a few times its body while it waits or runs, so this, not the call cap
// alone, bounds the memory of many large calls at once; the share per
// address keeps a client that sends bodies slowly, token in hand, from
// taking every place until --read-body-timeout.
type postGate struct{ places *admission.Limiter } // keyed by client address

func newPostGate(maxCalls int) *postGate {
	return &postGate{places: admission.New(2*maxCalls, max(1, maxCalls))}
}

// enter takes a place for r, or answers 503 and reports false. The body of
// a refused POST is read away (under the body deadline, keeping nothing),
// so that its client, still sending it, gets the 503 and not a reset.
//
// While the call of the POST waits for a person's answer, it gives its
// place to others (mcptool.Place in the request's context) and waits for
// one again after.
func (g *postGate) enter(w http.ResponseWriter, r *http.Request, maxBody int64) (leave func(), ctx context.Context, ok bool) {
	ip := httpedge.ClientIP(r.RemoteAddr)
	if g.places.Acquire(r.Context(), ip, callQueueWait) == admission.Admitted {
		ctx, leave := holdPlace(r.Context(), g.places, ip, func(admission.Outcome) *fault.Error {
			return fault.Errorf(fault.CodeUnavailable, "the server is handling %d requests already (twice --max-calls); the call was not run", g.places.Max()).
				WithHint("retry in a few seconds")
		})
		return leave, ctx, true
	}
	_, _ = io.Copy(io.Discard, http.MaxBytesReader(w, r.Body, maxBody))
	w.Header().Set("Retry-After", "2")
	httpedge.Error(w, http.StatusServiceUnavailable, "busy",
		fmt.Sprintf("the server is handling %d requests already (twice --max-calls, half of it per client address); retry in a few seconds", g.places.Max()))
	return nil, nil, false
}
