package glance

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// glanceFault answers as Glance (webob) does: JSON when the request's
// Accept prefers it to HTML (gophercloud asks for application/json), a
// short HTML page otherwise; the message keeps its HTML line breaks in
// both (glance-image-404.txt).
func glanceFault(w http.ResponseWriter, r *http.Request, status int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	title := fmt.Sprintf("%d %s", status, http.StatusText(status))
	if acceptsJSONOverHTML(r.Header.Get("Accept")) {
		core.WriteJSON(w, status, map[string]any{"message": msg + "<br /><br />\n\n\n", "code": title, "title": http.StatusText(status)})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<html>\n <head>\n  <title>%s</title>\n </head>\n <body>\n  <h1>%s</h1>\n  %s<br /><br />\n\n\n\n </body>\n</html>",
		title, title, msg)
}

// acceptsJSONOverHTML is webob's choice between text/html and
// application/json for an Accept header: the higher quality wins, HTML on
// a tie (so no header, */* or "application/json, text/html" is HTML).
func acceptsJSONOverHTML(accept string) bool {
	if strings.TrimSpace(accept) == "" {
		return false
	}
	// quality is the q of the most specific range that matches typ.
	quality := func(typ string) float64 {
		major, _, _ := strings.Cut(typ, "/")
		specificity := map[string]int{typ: 2, major + "/*": 1, "*/*": 0}
		best, q := -1, 0.0
		for _, part := range strings.Split(accept, ",") {
			params := strings.Split(part, ";")
			spec, ok := specificity[strings.ToLower(strings.TrimSpace(params[0]))]
			if !ok || spec < best {
				continue
			}
			best, q = spec, 1.0
			for _, p := range params[1:] {
				if k, v, _ := strings.Cut(strings.TrimSpace(p), "="); k == "q" {
					q, _ = strconv.ParseFloat(v, 64)
				}
			}
		}
		return q
	}
	j := quality("application/json")
	return j > 0 && j > quality("text/html")
}
