package server

import (
	"io"
	"log/slog"
	"net"
	"os"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
)

// testConfig is a valid configuration for transport with short limits.
func testConfig(transport string) config.Config {
	if transport == "" {
		transport = "stdio"
	}
	c, err := config.Default(func(string) string { return "" })
	if err != nil {
		panic(err)
	}
	c.Transport = transport
	c.Listen = "127.0.0.1:0"
	c.ShutdownTimeout = 2 * time.Second
	return c
}

// testLogger logs at debug into a buffer shown when the test fails.
func testLogger(t testing.TB) *slog.Logger {
	lb := &calltest.Buffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", lb.String())
		}
	})
	return slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func listen(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o600) }

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
