package httpedge

import (
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/admission"
)

// LimitConns caps the connections the HTTP server holds, in total and per
// client address: a connection past a cap is answered 503 and closed as
// soon as it is accepted, so that one client (or many) holding connections
// open cannot exhaust the process's file descriptors. Behind a reverse
// proxy every connection comes from the proxy's address: raise the
// per-address cap to the total there.
func LimitConns(ln net.Listener, max, perIP int, log *slog.Logger) net.Listener {
	return &connLimiter{Listener: ln, places: admission.New(max, perIP), log: log}
}

type connLimiter struct {
	net.Listener
	places *admission.Limiter // keyed by client address
	log    *slog.Logger

	mu       sync.Mutex
	refused  int       // since the last warning
	lastWarn time.Time // warnings are at most one per refuseLogEvery
}

const refuseLogEvery = 10 * time.Second

// overCapResponse is the whole answer to a connection past a cap.
const overCapResponse = "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\n" +
	"Content-Type: application/json\r\nContent-Length: 84\r\n\r\n" +
	`{"error":"too_many_connections","message":"too many open connections; retry later"}` + "\n"

func (l *connLimiter) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip := ClientIP(c.RemoteAddr().String())
		switch l.places.TryAcquire(ip) {
		case admission.Admitted:
			return &limitedConn{Conn: c, release: func() { l.places.Release(ip) }}, nil
		case admission.KeyFull:
			l.refuse(c, ip, "address")
		default:
			l.refuse(c, ip, "total")
		}
	}
}

// refuse answers 503 without reading the request, and closes.
func (l *connLimiter) refuse(c net.Conn, ip, why string) {
	_ = c.SetWriteDeadline(time.Now().Add(time.Second)) // a fresh socket's buffer takes it at once
	_, _ = c.Write([]byte(overCapResponse))
	_ = c.Close()
	l.mu.Lock()
	l.refused++
	warn := time.Since(l.lastWarn) >= refuseLogEvery
	n := l.refused
	if warn {
		l.refused, l.lastWarn = 0, time.Now()
	}
	l.mu.Unlock()
	if warn {
		l.log.Warn("connections refused", "cap", why, "remote", ip, "refused", n,
			"max_connections", l.places.Max(), "max_connections_per_ip", l.places.PerKey())
	}
}

// ClientIP is the address of a peer (host:port, or as given when it has no
// port): the key of the caps per address, the connections' and the POSTs'
// alike.
func ClientIP(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return host
}

// limitedConn gives its place back once, when the server closes it.
type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
