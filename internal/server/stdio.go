package server

import (
	"context"
	"io"
	"log"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/stdio"
)

// ServeStdio speaks MCP on in and out until ctx ends or in closes (then
// once the requests read have their answers, within cfg.ShutdownTimeout).
// Only the protocol goes to out; mcp-go's own messages go to the logger.
//
// When ctx ends (SIGINT, SIGTERM), calls in flight get cfg.ShutdownTimeout
// to finish and are cancelled after it; new calls are refused meanwhile.
func (s *Server) ServeStdio(ctx context.Context, in io.Reader, out io.Writer) error {
	return stdio.Serve(ctx, s.mcp, in, out, stdio.Options{
		MaxLine:  orDefault(int(s.cfg.MaxBodyBytes), config.DefaultMaxBodyBytes),
		Patience: s.cfg.ShutdownTimeout,
		NotFound: s.unserved,
		ErrorLog: log.New(slogWriter{s.log}, "", 0),
		Drain:    func() { s.drain("stdio") },
	})
}
