package neutron

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// routeVersions serves Neutron's version document.
func (s *api) routeVersions(mux *http.ServeMux) {
	for _, p := range []string{"GET /network", "GET /network/{$}"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			core.WriteJSON(w, http.StatusOK, map[string]any{"versions": []any{map[string]any{"id": "v2.0", "status": "CURRENT",
				"links": []map[string]string{{"rel": "self", "href": core.BaseURL(r) + "/network/v2.0/"}}}}})
		})
	}
}
