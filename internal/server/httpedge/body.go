package httpedge

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// ReadBody reads r's body up to max bytes, answering 413 past it, 408 when
// it does not arrive in time (BodyGuard's deadline, timeout), 400 when it
// breaks off, and reports whether it was read.
func ReadBody(w http.ResponseWriter, r *http.Request, max int64, timeout time.Duration, log *slog.Logger) ([]byte, bool) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if err == nil {
		return b, true
	}
	var tooBig *http.MaxBytesError
	var late net.Error
	switch {
	case errors.As(err, &tooBig):
		log.Warn("request refused", "status", http.StatusRequestEntityTooLarge, "limit", max, "remote", r.RemoteAddr)
		Error(w, http.StatusRequestEntityTooLarge, "too_large",
			fmt.Sprintf("the request body is over %d bytes (--max-body-bytes)", max))
	case errors.As(err, &late) && late.Timeout():
		log.Warn("request refused", "status", http.StatusRequestTimeout, "reason", "body not received in time",
			"read_body_timeout", timeout.String(), "remote", r.RemoteAddr)
		Error(w, http.StatusRequestTimeout, "timeout",
			fmt.Sprintf("the request body did not arrive within %v (--read-body-timeout)", timeout))
	default:
		Error(w, http.StatusBadRequest, "bad_request", "reading the request body: "+err.Error())
	}
	return nil, false
}
