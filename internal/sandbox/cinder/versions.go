package cinder

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// The microversions Cinder offers, as a real cloud advertises them.
const volumeMin, volumeMax = "3.0", "3.60"

// routeVersions serves Cinder's version documents, what clients read to
// discover its microversions.
func (s *api) routeVersions(mux *http.ServeMux) {
	volumeV3 := func(r *http.Request) map[string]any {
		return map[string]any{"id": "v3.0", "status": "CURRENT", "version": volumeMax, "min_version": volumeMin,
			"updated": "2022-08-31T00:00:00Z",
			"links":   []map[string]string{{"rel": "self", "href": core.BaseURL(r) + "/volume/v3/"}}}
	}
	for _, p := range []string{"GET /volume", "GET /volume/{$}"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			core.WriteJSON(w, http.StatusMultipleChoices, map[string]any{"versions": []any{volumeV3(r)}})
		})
	}
	for _, p := range []string{"GET /volume/v3", "GET /volume/v3/{$}"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			core.WriteJSON(w, http.StatusOK, map[string]any{"versions": []any{volumeV3(r)}})
		})
	}
}
