package sandbox

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Microversions the sandbox offers, as a real cloud advertises them.
const computeMin, computeMax = "2.1", "2.93"

// Version documents of the services other than Keystone: what clients read
// to discover versions and microversions.
func (s *Sandbox) routeVersions(mux *http.ServeMux) {
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

	for _, p := range []string{"GET /network", "GET /network/{$}"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			core.WriteJSON(w, http.StatusOK, map[string]any{"versions": []any{map[string]any{"id": "v2.0", "status": "CURRENT",
				"links": []map[string]string{{"rel": "self", "href": core.BaseURL(r) + "/network/v2.0/"}}}}})
		})
	}
}
