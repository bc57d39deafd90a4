package neutron

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// neutronFault answers as Neutron does.
func neutronFault(w http.ResponseWriter, status int, typ, format string, args ...any) {
	core.WriteJSON(w, status, map[string]any{"NeutronError": map[string]any{"type": typ, "message": fmt.Sprintf(format, args...), "detail": ""}})
}

// neutronDecode reads a JSON body into v; on failure it answers Neutron's
// 400 and returns false.
func neutronDecode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(v); err != nil {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Malformed JSON in request body.")
		return false
	}
	return true
}
