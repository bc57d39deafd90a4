package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// slowRequest opens a connection from the loopback address local to the
// server at u and sends the headers of a request announcing a 100,000-byte
// body, then one byte of it: the rest never comes.
func slowRequest(local, method string, u *url.URL, path string, headers map[string]string) (net.Conn, error) {
	host := u.Host
	if h, ok := headers["Host"]; ok {
		host = h
	}
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: 5 * time.Second}
	conn, err := d.Dial("tcp", u.Host)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: 100000\r\n", method, path, host)
	for k, v := range headers {
		if k != "Host" {
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	b.WriteString("\r\n{")
	if _, err := conn.Write([]byte(b.String())); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// slowOutcome is what became of a slow request: the status line the
// server answered, if any, and whether it closed the connection.
type slowOutcome struct {
	status string
	closed bool
}

// awaitOutcome reads conn until the server closes it or until deadline,
// then closes it.
func awaitOutcome(conn net.Conn, deadline time.Time) slowOutcome {
	defer conn.Close()
	_ = conn.SetReadDeadline(deadline)
	var o slowOutcome
	r := bufio.NewReader(conn)
	line, err := r.ReadString('\n')
	if err != nil {
		o.closed = isClosed(err)
		return o
	}
	o.status = strings.TrimSpace(line)
	for {
		if _, err := r.ReadByte(); err != nil {
			o.closed = isClosed(err)
			return o
		}
	}
}

// isClosed: the read ended because the server closed (EOF, reset), not
// because our deadline passed.
func isClosed(err error) bool {
	var ne net.Error
	return err != nil && !(errors.As(err, &ne) && ne.Timeout())
}

// TestSlowBodyIsAnsweredAndClosed: a request whose body never arrives gets
// its answer, and its connection is closed, whether it is refused before
// its body is read (no token, a foreign Host, no endpoint, a method mcp-go
// refuses) or its body is awaited (the token is right): then within the
// body timeout.
func TestSlowBodyIsAnsweredAndClosed(t *testing.T) {
	for _, tr := range []string{"http", "sse"} {
		t.Run(tr, func(t *testing.T) {
			cfg := testConfig(tr)
			cfg.ReadBodyTimeout = 300 * time.Millisecond
			s := probeServer(t, cfg)
			u, _ := url.Parse(serveHTTP(t, s, Token{Value: testToken, Source: "test"}))
			endpoint := streamablePath
			if tr == "sse" {
				endpoint = MessagePath + "?sessionId=none"
			}
			auth := map[string]string{"Authorization": "Bearer " + testToken}
			cases := []struct {
				name, method, path string
				headers            map[string]string
				status             string
			}{
				{"no token", "POST", endpoint, nil, "401"},
				{"wrong token", "POST", endpoint, bearer("wrong-token-0123456789abcdef"), "401"},
				{"foreign Host", "POST", endpoint, with(auth, "Host", "evil.example"), "403"},
				{"no endpoint", "POST", "/elsewhere", auth, "404"},
				{"token, body never ends", "POST", endpoint, auth, "408|503"}, // 503: past the share of POSTs of one address
			}
			if tr == "http" {
				cases = append(cases, struct {
					name, method, path string
					headers            map[string]string
					status             string
				}{"a method mcp-go refuses", "PUT", streamablePath, auth, "404"})
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					conns := make([]net.Conn, 0, 20)
					for range 20 {
						conn, err := slowRequest("127.0.0.1", c.method, u, c.path, c.headers)
						if err != nil {
							t.Fatal(err)
						}
						conns = append(conns, conn)
					}
					deadline := time.Now().Add(10 * time.Second)
					for i, conn := range conns {
						o := awaitOutcome(conn, deadline)
						answered := false
						for _, st := range strings.Split(c.status, "|") {
							answered = answered || strings.HasPrefix(o.status, "HTTP/1.1 "+st)
						}
						if !answered || !o.closed {
							t.Fatalf("request %d: answered %q, closed %v; want %s and the connection closed", i, o.status, o.closed, c.status)
						}
					}
				})
			}
		})
	}
}

// openFDs counts this process's open file descriptors.
func openFDs(t testing.TB) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	return len(ents)
}

// TestSlowBodyAttack: thousands of connections from one address, each
// announcing a body that never comes, half of them with the token, hold
// no more than the per-address cap of the server's descriptors; a client
// from another address initializes and calls a tool meanwhile; every
// attacking connection is answered or dropped, and closed, within the body
// timeout.
func TestSlowBodyAttack(t *testing.T) {
	const attackers = 2000
	cfg := testConfig("http")
	cfg.ReadBodyTimeout = 2 * time.Second
	cfg.MaxConnsPerIP = 100
	s := probeServer(t, cfg)
	endpoint := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	u, _ := url.Parse(endpoint)
	baseline := openFDs(t)

	// The attack, from 127.0.0.2, with a bounded number of dials at once.
	var answered, dropped, open atomic.Int64
	var wg sync.WaitGroup
	dials := make(chan struct{}, 32)
	attackEnd := time.Now().Add(cfg.ReadBodyTimeout + 20*time.Second)
	for i := range attackers {
		dials <- struct{}{}
		var headers map[string]string
		if i%2 == 0 {
			headers = bearer(testToken)
		}
		conn, err := slowRequest("127.0.0.2", "POST", u, streamablePath, headers)
		<-dials
		if err != nil {
			dropped.Add(1) // refused or reset at once: nothing held
			continue
		}
		open.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer open.Add(-1)
			o := awaitOutcome(conn, attackEnd)
			switch {
			case !o.closed:
				t.Errorf("an attacking connection is still open after %v (answered %q)", time.Until(attackEnd), o.status)
			case o.status != "":
				answered.Add(1)
			default:
				dropped.Add(1)
			}
		}()
	}

	// The server holds at most the per-address cap: the attacker's closed
	// connections leave this process's descriptors too.
	bound := baseline + 2*cfg.MaxConnsPerIP + 50
	deadline := time.Now().Add(10 * time.Second)
	for n := openFDs(t); n > bound; n = openFDs(t) {
		if time.Now().After(deadline) {
			t.Fatalf("%d descriptors open under the attack (baseline %d, %d attacking connections still open): want at most %d",
				n, baseline, open.Load(), bound)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("under attack: %d descriptors (baseline %d), %d attacking connections open", openFDs(t), baseline, open.Load())

	// A client from 127.0.0.1 still initializes and calls a tool.
	start := time.Now()
	c := httpClient(t, "http", endpoint, testToken, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	if res := callProbe(t, c, 1, "during"); res.IsError {
		t.Fatalf("call during the attack: %v", res.Content)
	}
	t.Logf("a client initialized and called a tool in %v during the attack", time.Since(start))

	wg.Wait()
	t.Logf("%d attacking connections: %d answered, %d dropped", attackers, answered.Load(), dropped.Load())
}

// TestBodyTimeoutDoesNotCutStreams: a call whose progress streams for
// longer than the body timeout gets all of it and its result, over
// streamable HTTP (a POST answered with an event stream, and a GET
// stream) and over SSE.
func TestBodyTimeoutDoesNotCutStreams(t *testing.T) {
	for _, tc := range []struct {
		transport string
		listen    bool
	}{{"http", false}, {"http", true}, {"sse", false}} {
		t.Run(fmt.Sprintf("%s/listening=%v", tc.transport, tc.listen), func(t *testing.T) {
			cfg := testConfig(tc.transport)
			cfg.ReadBodyTimeout = 100 * time.Millisecond
			s := probeServer(t, cfg)
			endpoint := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
			var opts []transport.StreamableHTTPCOption
			if tc.listen {
				opts = append(opts, transport.WithContinuousListening())
			}
			c := httpClient(t, tc.transport, endpoint, testToken, mcp.LATEST_LEGACY_PROTOCOL_VERSION, opts...)
			for range 2 { // the second call reuses the connection the first one streamed on
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				req := mcp.CallToolRequest{}
				req.Params.Name = "progress_probe"
				req.Params.Arguments = map[string]any{"steps": 4, "pause_ms": 100} // 4 times the body timeout
				res, err := c.CallTool(ctx, req)
				cancel()
				if err != nil || res.IsError {
					t.Fatalf("a call streaming past the body timeout: %v %v", err, res)
				}
			}
		})
	}
}
