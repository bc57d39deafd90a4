package mcpgofix

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/mark3labs/mcp-go/server"
)

// PostStream is the response of one streamable HTTP POST. mcp-go v1.2.1
// forwards a call's notifications to it from a goroutine that may lose the
// last ones to the result or pick up another call's
// (TestNotificationDeliveryHTTP); here
// the call writes its own notifications as SSE events, under the same lock
// as mcp-go's writes, before returning its result.
type PostStream struct {
	w           http.ResponseWriter
	mu          sync.Mutex
	wroteHeader bool
	sse         bool // the response is text/event-stream
	done        bool // the request is over
}

// NewPostStream is the response w of one POST, for mcp-go to write to and
// the call's notifications (Notify) to go ahead of the result on.
func NewPostStream(w http.ResponseWriter) *PostStream { return &PostStream{w: w} }

func (p *PostStream) Header() http.Header { return p.w.Header() }

func (p *PostStream) WriteHeader(code int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.writeHeader(code)
}

// writeHeader sends the status once; mcp-go sets SSE headers again before
// its result, after ours went out.
func (p *PostStream) writeHeader(code int) {
	if p.wroteHeader {
		return
	}
	p.wroteHeader = true
	p.sse = strings.HasPrefix(p.w.Header().Get("Content-Type"), "text/event-stream")
	p.w.WriteHeader(code)
}

func (p *PostStream) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.writeHeader(http.StatusOK)
	return p.w.Write(b)
}

func (p *PostStream) Flush() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if f, ok := p.w.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (p *PostStream) Unwrap() http.ResponseWriter { return p.w }

// Finish ends the POST: a notification after it has nowhere to go.
func (p *PostStream) Finish() {
	p.mu.Lock()
	p.done = true
	p.mu.Unlock()
}

var errResponseSent = errors.New("the response is already sent")

// Notify writes the notification as an SSE event now, turning the response
// into an event stream if it is not one yet (and telling mcp-go, so that
// it sends the result as an event too).
func (p *PostStream) Notify(ctx context.Context, method string, params map[string]any) error {
	sess, ok := server.ClientSessionFromContext(ctx).(server.SessionWithStreamableHTTPConfig)
	if !ok {
		return errors.New("not a streamable HTTP session")
	}
	b, err := json.Marshal(Notification(method, params))
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done || (p.wroteHeader && !p.sse) {
		return errResponseSent
	}
	sess.UpgradeToSSEWhenReceiveNotification()
	if !p.wroteHeader {
		h := p.w.Header()
		h.Set("Content-Type", "text/event-stream")
		h.Set("Cache-Control", "no-cache")
		p.writeHeader(http.StatusOK)
	}
	if _, err := fmt.Fprintf(p.w, "event: message\ndata: %s\n\n", b); err != nil {
		return err
	}
	if f, ok := p.w.(http.Flusher); ok {
		f.Flush()
	}
	return nil
}
