package httpedge

import (
	"io"
	"net/http"
	"sync/atomic"
	"time"
)

// BodyGuard bounds the time a request's body may take, and makes sure a
// request answered before its body was read ends with its connection.
// net/http would otherwise wait, with no deadline, for up to 256 KiB of an
// unread body before it writes the answer, or after it: a client announcing
// a body it never sends would hold the connection forever, token or not
// (TestSlowBodyIsAnsweredAndClosed in internal/server).
//
// The deadline is set when the handler starts and lifted when the body has
// been read to its end, so that the response (a streamed tool call, an
// SSE stream) is not cut by it; requests without a body (GET streams)
// never get one. If the body was not read to its end, the deadline stays
// (made immediate once the handler is done) and the answer says
// Connection: close.
func BodyGuard(next http.Handler, timeout time.Duration) http.Handler {
	return bodyGuard{next: next, timeout: timeout}
}

type bodyGuard struct {
	next    http.Handler
	timeout time.Duration
}

func (g bodyGuard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength == 0 {
		g.next.ServeHTTP(w, r)
		return
	}
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(g.timeout))
	body := &watchedBody{ReadCloser: r.Body, rc: rc}
	r.Body = body
	gw := &closeIfUnread{ResponseWriter: w, body: body}
	g.next.ServeHTTP(gw, r)
	if !body.eof.Load() {
		gw.markClose()
		_ = rc.SetReadDeadline(time.Now()) // what net/http would still read fails at once
	}
}

// watchedBody lifts the read deadline once the body has been read.
type watchedBody struct {
	io.ReadCloser
	rc  *http.ResponseController
	eof atomic.Bool
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF && !b.eof.Swap(true) {
		_ = b.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}

// closeIfUnread adds Connection: close to a response that starts before
// the request's body was read to its end.
type closeIfUnread struct {
	http.ResponseWriter
	body    *watchedBody
	started atomic.Bool
}

func (c *closeIfUnread) markClose() {
	if !c.started.Swap(true) && !c.body.eof.Load() {
		c.Header().Set("Connection", "close")
	}
}

func (c *closeIfUnread) WriteHeader(code int) { c.markClose(); c.ResponseWriter.WriteHeader(code) }

func (c *closeIfUnread) Write(b []byte) (int, error) { c.markClose(); return c.ResponseWriter.Write(b) }

func (c *closeIfUnread) Flush() {
	c.markClose()
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (c *closeIfUnread) Unwrap() http.ResponseWriter { return c.ResponseWriter }
