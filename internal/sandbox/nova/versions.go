package nova

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// The microversions Nova offers, as a real cloud advertises them.
const computeMin, computeMax = "2.1", "2.93"

// routeVersions serves Nova's version documents, what clients read to
// discover its microversions.
func (s *api) routeVersions(mux *http.ServeMux) {
	computeV21 := func(r *http.Request) map[string]any {
		return map[string]any{"id": "v2.1", "status": "CURRENT", "version": computeMax, "min_version": computeMin,
			"updated": "2013-07-23T11:33:21Z",
			"links":   []map[string]string{{"rel": "self", "href": core.BaseURL(r) + "/compute/v2.1/"}}}
	}
	for _, p := range []string{"GET /compute", "GET /compute/{$}"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			core.WriteJSON(w, http.StatusOK, map[string]any{"versions": []any{computeV21(r)}})
		})
	}
	for _, p := range []string{"GET /compute/v2.1", "GET /compute/v2.1/{$}"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			core.WriteJSON(w, http.StatusOK, map[string]any{"version": computeV21(r)})
		})
	}
}
