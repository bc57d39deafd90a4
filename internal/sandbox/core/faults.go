package core

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Faults make the sandbox behave like a cloud on a bad day. Rates are
// fractions of requests (0 to 1), drawn independently per request.
type Faults struct {
	ErrorRate     float64 // answer 500, 502, 503 or 504 without doing anything
	RateLimitRate float64 // answer 429 with Retry-After: 1 without doing anything
	DropRate      float64 // close the connection without doing anything
	LostReplyRate float64 // do the work, then close the connection: the reply is lost
	// GatewayAfterWorkRate is a gateway giving up while the cloud works:
	// the work is done, then 502 or 504 is answered. Requests that change
	// something only (POST, PUT, PATCH, DELETE).
	GatewayAfterWorkRate float64
	Latency              time.Duration // added before every answer
	// SparePaths are path prefixes never faulted (e.g. "/identity" to keep
	// authentication reliable while testing the services).
	SparePaths []string
	Seed       uint64 // for repeatable draws; 0 picks one
}

func (f Faults) active() bool {
	return f.ErrorRate > 0 || f.RateLimitRate > 0 || f.DropRate > 0 || f.LostReplyRate > 0 || f.GatewayAfterWorkRate > 0 || f.Latency > 0
}

type faulter struct {
	f    Faults
	mu   sync.Mutex
	rand *rand.Rand
}

func newFaulter(f Faults) *faulter {
	seed := f.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	return &faulter{f: f, rand: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (fa *faulter) draw() float64 {
	fa.mu.Lock()
	defer fa.mu.Unlock()
	return fa.rand.Float64()
}

// wrap injects the faults in front of next.
func (fa *faulter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fa.f.Latency > 0 {
			time.Sleep(fa.f.Latency)
		}
		for _, p := range fa.f.SparePaths {
			if strings.HasPrefix(r.URL.Path, p) {
				next.ServeHTTP(w, r)
				return
			}
		}
		x := fa.draw()
		switch f := fa.f; {
		case x < f.ErrorRate:
			status := []int{500, 502, 503, 504}[int(fa.draw()*4)%4]
			Fault(w, status, "Injected fault: the service is having a bad day.")
		case x < f.ErrorRate+f.RateLimitRate:
			w.Header().Set("Retry-After", "1")
			Fault(w, http.StatusTooManyRequests, "Injected fault: rate limit exceeded, retry later.")
		case x < f.ErrorRate+f.RateLimitRate+f.DropRate:
			drop(w)
		case x < f.ErrorRate+f.RateLimitRate+f.DropRate+f.LostReplyRate:
			next.ServeHTTP(discard{header: http.Header{}}, r)
			drop(w)
		case x < f.ErrorRate+f.RateLimitRate+f.DropRate+f.LostReplyRate+f.GatewayAfterWorkRate && r.Method != http.MethodGet && r.Method != http.MethodHead:
			next.ServeHTTP(discard{header: http.Header{}}, r)
			Fault(w, []int{502, 504}[int(fa.draw()*2)%2], "Injected fault: the gateway gave up waiting; the work was done.")
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// drop closes the client's connection without an answer.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // HTTP/2 or a recorder: abort the stream
}

// discard is a ResponseWriter that forgets what it is told.
type discard struct{ header http.Header }

func (d discard) Header() http.Header         { return d.header }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}
