package server

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
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
// the lines it reads. At the end the client stops reading too: an answer
// the test did not wait for (mcp-go answers requests concurrently, so
// initialize's may come after tools/list's) would otherwise block its write
// on the pipe, and the server's end with it, for ever.
func rawStdio(t *testing.T, s *Server) (io.Writer, *bufio.Reader) {
	srvIn, cliOut := io.Pipe()
	cliIn, srvOut := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ServeStdio(ctx, srvIn, srvOut) }()
	t.Cleanup(func() { cliOut.Close(); cliIn.Close(); cancel(); <-done })
	return cliOut, bufio.NewReaderSize(cliIn, 1<<20)
}

// TestStdioAnswersBeforeItsInputEnds: a client that writes its requests and
// closes stdin at once (printf ... | mcp-infomaniak) gets every answer, not
// "cancelled": the end of the input waits for the calls still running,
// within the shutdown timeout.
func TestStdioAnswersBeforeItsInputEnds(t *testing.T) {
	s := probeServer(t, testConfig("stdio"))
	in := strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}
{"jsonrpc":"2.0","method":"notifications/initialized"}
{"jsonrpc":"2.0","id":"slow","method":"tools/call","params":{"name":"progress_probe","arguments":{"steps":3,"pause_ms":50}}}
{"jsonrpc":"2.0","id":3,"method":"ping"}
`)
	var out bytes.Buffer
	if err := s.ServeStdio(context.Background(), in, &out); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, `"id":"slow","result"`) || strings.Contains(got, "cancelled") ||
		!strings.Contains(got, `"id":3,"result"`) {
		t.Errorf("answers after the input ended:\n%s", got)
	}
}

// TestStdioCancelRightAfterTheRequest: a cancellation that follows its
// request at once stops the call. mcp-go starts a tools/call on a worker
// and drops a cancellation for a request it has not registered yet, so the
// call ran to its end.
func TestStdioCancelRightAfterTheRequest(t *testing.T) {
	w, lines := rawStdio(t, probeServer(t, testConfig("stdio")))
	_, _ = io.WriteString(w, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}
{"jsonrpc":"2.0","method":"notifications/initialized"}
{"jsonrpc":"2.0","id":"long","method":"tools/call","params":{"name":"progress_probe","arguments":{"steps":2,"pause_ms":60000}}}
{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"long","reason":"the user pressed Esc"}}
`)
	answer := make(chan string, 1)
	go func() {
		for {
			l, err := lines.ReadString('\n')
			if err != nil {
				return
			}
			if strings.Contains(l, `"id":"long"`) {
				answer <- l
				return
			}
		}
	}()
	select {
	case got := <-answer:
		if !strings.Contains(got, "cancel") {
			t.Errorf("the call's answer: %s", got)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the call was not cancelled: no answer after 20 s (it pauses 60 s)")
	}
}
