// Package stdio serves MCP over a process's standard input and output:
// mcp-go's stdio server, reading only what it must see (mcpgofix.VetLines),
// writing whole lines one at a time, a call's notifications ahead of its
// result.
package stdio

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/mcpgofix"
)

// Options are what Serve needs besides the MCP server and the streams.
type Options struct {
	MaxLine  int                   // the longest line read (--max-body-bytes)
	Patience time.Duration         // how long the end of the input waits for answers owed (--shutdown-timeout)
	NotFound mcpgofix.ToolNotFound // the server's words for a tool it does not serve
	ErrorLog *log.Logger           // mcp-go's own messages
	Drain    func()                // lets the calls in flight finish when ctx ends
}

// Serve speaks MCP for srv on in and out until ctx ends or in closes (then
// once the requests read have their answers, within o.Patience). Only the
// protocol goes to out. When ctx ends, o.Drain runs before the server stops
// listening.
func Serve(ctx context.Context, srv *server.MCPServer, in io.Reader, out io.Writer, o Options) error {
	due := mcpgofix.NewDueAnswers()
	w := &lineWriter{w: out, due: due, notFound: o.NotFound}
	stdio := server.NewStdioServer(srv)
	stdio.SetErrorLogger(o.ErrorLog)
	// A call's notifications are written by the call itself, on the writer
	// mcp-go writes results to (mcpgofix's notify.go says why).
	stdio.SetContextFunc(func(ctx context.Context) context.Context {
		return mcptool.WithNotifier(ctx, w.notify)
	})
	listenCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	defer stop()
	go func() {
		select {
		case <-ctx.Done():
			o.Drain()
			stop()
		case <-listenCtx.Done():
		}
	}()
	err := stdio.Listen(listenCtx, mcpgofix.VetLines(in, w, o.MaxLine, due, o.Patience), w)
	if err == io.EOF || listenCtx.Err() != nil {
		return nil
	}
	return err
}

// lineWriter writes whole JSON-RPC lines to out, one at a time. mcp-go
// writes each message with a single Write, so a lock per Write keeps our
// notifications and its messages from interleaving.
type lineWriter struct {
	mu       sync.Mutex
	w        io.Writer
	due      *mcpgofix.DueAnswers // told of each message written
	notFound mcpgofix.ToolNotFound
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.w.Write(mcpgofix.CleanErrors(p, l.notFound)); err != nil {
		return 0, err
	}
	l.due.Answered(p)
	return len(p), nil
}

// notify writes the notification now: when it returns, the line is out,
// ahead of the result the call has not returned yet.
func (l *lineWriter) notify(_ context.Context, method string, params map[string]any) error {
	b, err := json.Marshal(mcpgofix.Notification(method, params))
	if err != nil {
		return err
	}
	_, err = l.Write(append(b, '\n'))
	return err
}
