package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/httpedge"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/mcpgofix"
)

// Paths of the HTTP transports.
const (
	streamablePath = "/mcp"     // --transport http
	SSEPath        = "/sse"     // --transport sse: the event stream
	MessagePath    = "/message" // --transport sse: where the client posts
)

const maxHeaderBytes = 64 << 10

// URL is where a client reaches the server listening on addr.
func URL(transport string, addr net.Addr) string {
	path := streamablePath
	if transport == "sse" {
		path = SSEPath
	}
	return "http://" + addr.String() + path
}

// ServeHTTP serves MCP over cfg.Transport (sse or http) on ln until ctx ends,
// then shuts down: new requests and calls are refused, calls in flight get
// cfg.ShutdownTimeout to finish and are cancelled after it, streams are
// closed. It returns nil after a clean shutdown.
func (s *Server) ServeHTTP(ctx context.Context, ln net.Listener, token Token) error {
	if token.Value == "" && !s.cfg.NoAuth {
		return errors.New("no token: the HTTP transports need one, or --no-auth")
	}
	t := s.newHTTPTransport(token)
	edge := httpedge.New(s.cfg, token.Value, s.log, t)
	base, cancelBase := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelBase()
	srv := &http.Server{
		Handler:           httpedge.BodyGuard(edge, s.cfg.ReadBodyTimeout),
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          log.New(slogWriter{s.log}, "", 0),
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	errc := make(chan error, 1)
	limited := httpedge.LimitConns(ln, orDefault(s.cfg.MaxConns, config.DefaultMaxConns), orDefault(s.cfg.MaxConnsPerIP, config.DefaultMaxConnsPerIP), s.log)
	go func() { errc <- srv.Serve(limited) }()
	s.log.Info("serving MCP", "transport", s.cfg.Transport, "url", URL(s.cfg.Transport, ln.Addr()),
		"auth", token.Source, "max_sessions", s.cfg.MaxSessions)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}

	// Refuse what is new, let what runs finish, then close the streams.
	edge.Drain()
	shutCtx, cancelShut := context.WithCancel(context.Background())
	defer cancelShut()
	shut := make(chan error, 1)
	go func() { shut <- srv.Shutdown(shutCtx) }() // closes the listener, waits for requests
	hadCalls := s.calls.Len() > 0
	s.drain(s.cfg.Transport)
	if t.sse != nil {
		mcpgofix.CloseSSE(t.sse, hadCalls) // their results travel on the streams
	}
	if t.stream != nil {
		_ = t.stream.Shutdown(shutCtx) // ends listening streams and the idle sweeper
	}
	select {
	case <-shut:
	case <-time.After(shutdownGrace):
		s.log.Warn("connections still open after the shutdown grace; closing them")
		cancelShut()
		_ = srv.Close()
	}
	cancelBase()
	<-errc // http.ErrServerClosed
	s.log.Info("stopped")
	return nil
}

// httpTransport is the http.Handler in front of mcp-go's SSE or streamable
// HTTP server, behind the edge (httpedge): the endpoints, the body's size,
// the JSON-RPC checks and the caps on POSTs and sessions are here, before
// mcp-go sees a request.
type httpTransport struct {
	cfg      config.Config
	log      *slog.Logger
	sse      *server.SSEServer
	stream   *server.StreamableHTTPServer
	sessions *sessionTable         // streamable HTTP sessions
	sseOpen  atomic.Int64          // SSE streams open
	posts    *postGate             // POSTs being handled: httpposts.go
	activity *sessionActivity      // httpsessionreclaim.go
	unserved mcpgofix.ToolNotFound // the server's, for mcpgofix.ErrorCleaner
}

func (s *Server) newHTTPTransport(token Token) *httpTransport {
	t := &httpTransport{cfg: s.cfg, log: s.log, sessions: newSessionTable(token.Value, s.cfg.SessionMaxAge),
		posts: newPostGate(orDefault(s.cfg.MaxCalls, config.DefaultMaxCalls)), activity: newSessionActivity(), unserved: s.unserved}
	switch s.cfg.Transport {
	case "sse":
		t.sse = server.NewSSEServer(s.mcp,
			server.WithSSEEndpoint(SSEPath),
			server.WithMessageEndpoint(MessagePath),
			server.WithSSEDisableLocalhostProtection(true), // the edge checks Host, knowing --allowed-hosts
			server.WithSSEContextFunc(func(ctx context.Context, _ *http.Request) context.Context {
				return mcptool.WithNotifier(ctx, func(ctx context.Context, method string, params map[string]any) error {
					return mcpgofix.NotifySSE(ctx, t.sse, method, params)
				})
			}),
		)
	default:
		t.stream = server.NewStreamableHTTPServer(s.mcp,
			server.WithEndpointPath(streamablePath),
			server.WithDisableLocalhostProtection(true),     // the edge checks Host, knowing --allowed-hosts
			server.WithSessionIdManagerResolver(t.sessions), // signed IDs any replica accepts: httpsessions.go
			server.WithHTTPContextFunc(t.sessions.adoptSession),
			server.WithSessionIdleTTL(s.cfg.SessionIdleTTL),
			server.WithStreamableHTTPLogger(s.log),
		)
	}
	return t
}

func (t *httpTransport) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w = mcpgofix.ErrorCleaner{ResponseWriter: w, NotFound: t.unserved}
	t.log.Debug("request", "method", r.Method, "path", r.URL.Path, "remote", r.RemoteAddr)
	switch {
	case t.stream != nil && r.URL.Path == streamablePath:
		t.serveStreamable(w, r)
	case t.sse != nil && r.URL.Path == SSEPath:
		t.serveSSEStream(w, r)
	case t.sse != nil && r.URL.Path == MessagePath:
		leave, _, ok := t.posts.enter(w, r, t.cfg.MaxBodyBytes)
		if !ok {
			return
		}
		defer leave()
		if _, ok := t.readBody(w, r); ok {
			t.sse.ServeHTTP(w, r)
		}
	default:
		httpedge.Error(w, http.StatusNotFound, "not_found", "no MCP endpoint here; "+t.endpointHint())
	}
}

func (t *httpTransport) endpointHint() string {
	if t.sse != nil {
		return "the SSE stream is at " + SSEPath
	}
	return "the streamable HTTP endpoint is at " + streamablePath
}

// serveStreamable serves /mcp. A POST's response is a stream we hold, on
// which the call's notifications are written before mcp-go writes the
// result (mcpgofix.PostStream).
func (t *httpTransport) serveStreamable(w http.ResponseWriter, r *http.Request) {
	if id := r.Header.Get(server.HeaderKeySessionID); id != "" && t.sessions.known(id) {
		defer t.activity.begin(id)()
	}
	switch r.Method {
	case http.MethodPost:
		leave, placed, ok := t.posts.enter(w, r, t.cfg.MaxBodyBytes) // httpposts.go
		if !ok {
			return
		}
		defer leave()
		r = r.WithContext(placed)
		body, ok := t.readBody(w, r)
		if !ok {
			return
		}
		if isInitialize(body) && t.sessions.Len() >= t.cfg.MaxSessions && !t.reclaimIdleSession() {
			t.tooMany(w, r)
			return
		}
		if isInitialize(body) {
			defer func() { // the new session counts as used now
				if id := w.Header().Get(server.HeaderKeySessionID); id != "" {
					t.activity.begin(id)()
				}
			}()
		}
		if mcpgofix.IsClientReply(body) {
			w = &mcpgofix.ReplyErrors{ResponseWriter: w}
		}
		ps := mcpgofix.NewPostStream(w)
		defer ps.Finish()
		ctx := withInitializeCaps(mcptool.WithNotifier(r.Context(), ps.Notify), body)
		ctx = mcptool.WithStateKey(ctx, t.sessions.confirmKey)
		t.stream.ServeHTTP(ps, r.WithContext(ctx))
	case http.MethodGet, http.MethodDelete:
		// Only sessions initialize started, so that the session cap holds.
		if !mcpgofix.RefuseStrayStream(w, r, t.sessions.known) {
			t.stream.ServeHTTP(w, r)
		}
	default:
		t.stream.ServeHTTP(w, r)
	}
}

// serveSSEStream serves the SSE stream, one per session, up to the cap.
func (t *httpTransport) serveSSEStream(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		httpedge.Error(w, http.StatusMethodNotAllowed, "method_not_allowed", "GET "+SSEPath+" opens the event stream; messages go to "+MessagePath)
		return
	}
	if t.sseOpen.Add(1) > int64(t.cfg.MaxSessions) {
		t.sseOpen.Add(-1)
		t.tooMany(w, r)
		return
	}
	defer t.sseOpen.Add(-1)
	t.sse.ServeHTTP(&mcpgofix.CORSGuard{ResponseWriter: w, Allow: w.Header().Get("Access-Control-Allow-Origin")}, r)
}

func (t *httpTransport) tooMany(w http.ResponseWriter, r *http.Request) {
	t.log.Warn("request refused", "status", http.StatusServiceUnavailable, "reason", "session cap reached", "max_sessions", t.cfg.MaxSessions, "remote", r.RemoteAddr)
	w.Header().Set("Retry-After", "10")
	httpedge.Error(w, http.StatusServiceUnavailable, "too_many_sessions",
		fmt.Sprintf("the server already serves %d sessions (--max-sessions); close one or retry later", t.cfg.MaxSessions))
}

// readBody reads the request body (httpedge.ReadBody: up to
// --max-body-bytes, within --read-body-timeout) and puts it back for
// mcp-go, unless it is not a JSON-RPC request mcp-go would answer right.
func (t *httpTransport) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	b, ok := httpedge.ReadBody(w, r, t.cfg.MaxBodyBytes, t.cfg.ReadBodyTimeout, t.log)
	if !ok {
		return nil, false
	}
	if answer := mcpgofix.VetMessage(b); answer != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write(append(answer, '\n'))
		return nil, false
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b, true
}

func isInitialize(body []byte) bool {
	var m struct {
		Method string `json:"method"`
	}
	return json.Unmarshal(body, &m) == nil && m.Method == "initialize"
}
