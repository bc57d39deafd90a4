package httpedge

import (
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"
)

// TestLimitConnsAnswersPastTheCap: a connection past the cap is answered
// 503 and closed without being handed to the server; a place given back
// (the server closes a connection) admits the next.
func TestLimitConnsAnswersPastTheCap(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	limited := LimitConns(ln, 1, 1, slog.New(slog.DiscardHandler))
	t.Cleanup(func() { limited.Close() })
	accepted := make(chan net.Conn, 3)
	go func() {
		for {
			c, err := limited.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	dial := func() net.Conn {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		return c
	}
	dial()
	held := <-accepted
	refused := dial()
	answer, _ := io.ReadAll(refused) // to its close
	if !strings.HasPrefix(string(answer), "HTTP/1.1 503 ") || !strings.Contains(string(answer), "too_many_connections") {
		t.Errorf("past the cap: %q", answer)
	}
	held.Close()
	dial()
	select {
	case <-accepted:
	case <-time.After(10 * time.Second):
		t.Fatal("a place given back admits no connection")
	}
}
