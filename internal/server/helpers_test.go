package server

import (
	"bytes"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
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

// logBuffer is a logger whose output a test can read.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// testLogger logs at debug into a buffer shown when the test fails.
func testLogger(t testing.TB) *slog.Logger {
	lb := &logBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", lb.String())
		}
	})
	return slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
