package mcpgofix

import (
	"net/http"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/httpedge"
)

// RefuseStrayStream answers a GET or DELETE of the streamable endpoint that
// names no session this server knows (known), and reports whether it did.
// mcp-go v1.2.1 opens a session of its own for a GET without
// Mcp-Session-Id (streamable_http.go's handleGet generates an ID), which no
// initialize started and the session cap does not count: TestNotFound.
func RefuseStrayStream(w http.ResponseWriter, r *http.Request, known func(id string) bool) bool {
	id := r.Header.Get(server.HeaderKeySessionID)
	if id == "" && r.Method == http.MethodGet {
		httpedge.Error(w, http.StatusBadRequest, "bad_request", "a GET stream needs the Mcp-Session-Id of an initialized session")
		return true
	}
	if id != "" && !known(id) {
		httpedge.Error(w, http.StatusNotFound, "not_found", "unknown or expired session: initialize again")
		return true
	}
	return false
}

// sseFlushGrace is how long results queued on SSE streams get to be
// written before the streams close.
const sseFlushGrace = 250 * time.Millisecond

// CloseSSE closes every SSE stream of sse. mcp-go's CloseSessions ends them
// at once, dropping what is still queued on them: when calls ran at the
// shutdown (hadCalls), their results, queued on the streams, get
// sseFlushGrace to be written first (TestShutdown over SSE).
func CloseSSE(sse *server.SSEServer, hadCalls bool) {
	if hadCalls {
		time.Sleep(sseFlushGrace)
	}
	sse.CloseSessions()
}
