package server

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/mcpgofix"
)

// shutdownGrace is how long cancelled calls get to return their result.
const shutdownGrace = 2 * time.Second

// ServeStdio speaks MCP on in and out until ctx ends or in closes (then
// once the requests read have their answers, within cfg.ShutdownTimeout).
// Only the protocol goes to out; mcp-go's own messages go to the logger.
//
// When ctx ends (SIGINT, SIGTERM), calls in flight get cfg.ShutdownTimeout
// to finish and are cancelled after it; new calls are refused meanwhile.
func (s *Server) ServeStdio(ctx context.Context, in io.Reader, out io.Writer) error {
	due := mcpgofix.NewDueAnswers()
	w := &lineWriter{w: out, due: due, rewrite: s.unserved}
	stdio := server.NewStdioServer(s.mcp)
	stdio.SetErrorLogger(log.New(slogWriter{s.log}, "", 0))
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
			s.drain("stdio")
			stop()
		case <-listenCtx.Done():
		}
	}()
	maxLine := int(s.cfg.MaxBodyBytes)
	if maxLine <= 0 {
		maxLine = config.DefaultMaxBodyBytes
	}
	err := stdio.Listen(listenCtx, mcpgofix.VetLines(in, w, maxLine, due, s.cfg.ShutdownTimeout), w)
	if err == io.EOF || listenCtx.Err() != nil {
		return nil
	}
	return err
}

// drain lets the calls in flight finish within the shutdown timeout.
func (s *Server) drain(transport string) {
	n := s.calls.Len()
	s.log.Info("shutting down", "transport", transport, "calls_in_flight", n, "timeout", s.cfg.ShutdownTimeout.String())
	running, cancelled := s.calls.drain(s.cfg.ShutdownTimeout, shutdownGrace)
	if running > 0 {
		s.log.Info("calls in flight at shutdown", "finished", running-cancelled, "cancelled", cancelled)
	}
}

// lineWriter writes whole JSON-RPC lines to out, one at a time. mcp-go
// writes each message with a single Write, so a lock per Write keeps our
// notifications and its messages from interleaving.
type lineWriter struct {
	mu  sync.Mutex
	w   io.Writer
	due *mcpgofix.DueAnswers // told of each message written
	// rewrite is the server's unserved, for mcpgofix.CleanErrors.
	rewrite mcpgofix.ToolNotFound
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.w.Write(mcpgofix.CleanErrors(p, l.rewrite)); err != nil {
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
