package httpedge

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestBodyGuardClosesWhatItAnswersUnread: a request answered before its
// body arrived (here: a body announced and never sent) gets its answer
// with Connection: close, and the connection ends.
func TestBodyGuardClosesWhatItAnswersUnread(t *testing.T) {
	refuse := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		Error(w, http.StatusUnauthorized, "unauthorized", "no token")
	})
	srv := httptest.NewServer(BodyGuard(refuse, time.Minute))
	t.Cleanup(srv.Close)
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Write([]byte("POST /mcp HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !resp.Close {
		t.Errorf("%d, Connection: close %v; want 401 and close", resp.StatusCode, resp.Close)
	}
	if _, err := r.ReadByte(); err == nil {
		t.Error("the connection goes on after the answer")
	}
}
