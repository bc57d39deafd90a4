package httpedge

import "net/http"

// Probe endpoints for a load balancer or an orchestrator. They need no
// token and say nothing but up or not: they come before the Origin and
// token checks.
const (
	HealthPath = "/healthz" // the process serves HTTP (liveness)
	ReadyPath  = "/readyz"  // it takes new requests: 503 once shutting down (readiness)
)

// serveProbe answers the probe endpoints and reports whether r was one.
func (e *Edge) serveProbe(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Path != HealthPath && r.URL.Path != ReadyPath {
		return false
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		Error(w, http.StatusMethodNotAllowed, "method_not_allowed", r.URL.Path+" answers GET")
		return true
	}
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Path == ReadyPath && e.draining.Load() {
		shuttingDown(w)
		return true
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte("ok\n"))
	return true
}
