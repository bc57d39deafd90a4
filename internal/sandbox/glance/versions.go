package glance

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// routeVersions serves Glance's version documents, what clients read to
// discover its versions.
func (s *api) routeVersions(mux *http.ServeMux) {
	imageVersions := func(w http.ResponseWriter, r *http.Request, status int) {
		var vs []any
		for i, id := range []string{"v2.15", "v2.13", "v2.12", "v2.11", "v2.10", "v2.9"} {
			st := "SUPPORTED"
			if i == 0 {
				st = "CURRENT"
			}
			vs = append(vs, map[string]any{"id": id, "status": st,
				"links": []map[string]string{{"rel": "self", "href": core.BaseURL(r) + "/image/v2/"}}})
		}
		core.WriteJSON(w, status, map[string]any{"versions": vs})
	}
	for _, p := range []string{"GET /image", "GET /image/{$}"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { imageVersions(w, r, http.StatusMultipleChoices) })
	}
	mux.HandleFunc("GET /image/versions", func(w http.ResponseWriter, r *http.Request) { imageVersions(w, r, http.StatusOK) })
}
