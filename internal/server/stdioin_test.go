package server

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"runtime"
	"strings"
	"testing"
)

// TestStdioLineIsBounded: a line longer than --max-body-bytes is answered
// with an error and read away as it arrives, allocating a fraction of its
// size (a 64 MiB line under 8 MiB), and the server goes on.
func TestStdioLineIsBounded(t *testing.T) {
	cfg := testConfig("stdio")
	cfg.MaxBodyBytes = 1 << 20
	s := probeServer(t, cfg)
	cliOut, lines := rawStdio(t, s)

	chunk := bytes.Repeat([]byte("x"), 1<<20)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	go func() {
		_, _ = io.WriteString(cliOut, `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"`)
		for range 64 {
			if _, err := cliOut.Write(chunk); err != nil {
				return
			}
		}
		_, _ = io.WriteString(cliOut, "\"}}\n"+`{"jsonrpc":"2.0","id":2,"method":"ping"}`+"\n")
	}()
	first, err := lines.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	second, err := lines.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if !strings.Contains(first, `"code":-32600`) || !strings.Contains(first, "over 1048576 bytes") {
		t.Errorf("the long line's answer: %.300s", first)
	}
	if !strings.Contains(second, `"id":2,"result"`) {
		t.Errorf("the ping after it: %.300s", second)
	}
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("a 64 MiB line allocated %d KiB", allocated>>10)
	if allocated > 8<<20 {
		t.Errorf("a 64 MiB line allocated %d MiB, want under 8", allocated>>20)
	}
}

// rawStdio serves s on pipes until the test ends: what a client writes, and
// the lines it reads.
func rawStdio(t *testing.T, s *Server) (io.Writer, *bufio.Reader) {
	srvIn, cliOut := io.Pipe()
	cliIn, srvOut := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ServeStdio(ctx, srvIn, srvOut) }()
	t.Cleanup(func() { cliOut.Close(); cancel(); <-done })
	return cliOut, bufio.NewReaderSize(cliIn, 1<<20)
}
