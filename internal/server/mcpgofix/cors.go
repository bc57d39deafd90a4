package mcpgofix

import "net/http"

// CORSGuard keeps the CORS answer ours: mcp-go's SSE handler sets
// Access-Control-Allow-Origin: * on its stream (sse.go's handleSSE), which
// would let any page read it. It puts back what the origin policy decided
// (or nothing): TestSSEStreamDoesNotAllowEveryOrigin.
type CORSGuard struct {
	http.ResponseWriter
	Allow   string // the Access-Control-Allow-Origin we decided, "" for none
	written bool
}

func (g *CORSGuard) fix() {
	if g.written {
		return
	}
	g.written = true
	if g.Allow == "" {
		g.Header().Del("Access-Control-Allow-Origin")
	} else {
		g.Header().Set("Access-Control-Allow-Origin", g.Allow)
	}
}

func (g *CORSGuard) WriteHeader(code int) { g.fix(); g.ResponseWriter.WriteHeader(code) }

func (g *CORSGuard) Write(b []byte) (int, error) { g.fix(); return g.ResponseWriter.Write(b) }

func (g *CORSGuard) Flush() {
	g.fix()
	if f, ok := g.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (g *CORSGuard) Unwrap() http.ResponseWriter { return g.ResponseWriter }
