package httpedge

import (
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestReadBodyRefusesPastTheLimit: a body over the limit is answered 413
// saying the flag; one within it is read whole.
func TestReadBodyRefusesPastTheLimit(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	w := httptest.NewRecorder()
	if _, ok := ReadBody(w, httptest.NewRequest("POST", "/mcp", strings.NewReader(strings.Repeat("x", 11))), 10, 0, log); ok || w.Code != 413 ||
		!strings.Contains(w.Body.String(), "--max-body-bytes") {
		t.Errorf("11 bytes past 10: %v %d %s", ok, w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	if b, ok := ReadBody(w, httptest.NewRequest("POST", "/mcp", strings.NewReader("0123456789")), 10, 0, log); !ok || string(b) != "0123456789" {
		t.Errorf("10 bytes within 10: %v %q", ok, b)
	}
}
