package cinder

import (
	"net/http"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// cinderListed says how a Cinder list route reads its records.
type cinderListed[T any] struct {
	kind, plural     string // "Backup", "backups": for messages and the body's keys
	id, name, status func(T) string
	volumeID         func(T) string // nil where the route has no volume_id filter
	created          func(T) time.Time
	render           func(T) map[string]any
}

// cinderList answers a Cinder list as Cinder does: newest first, filtered by
// name, status (and volume_id) as its database compares them (sqlEqual), paged by limit and marker, with a
// "<plural>_links" next link when the page is full. The caller holds s.Mu.
func cinderList[T any](w http.ResponseWriter, r *http.Request, records []T, l cinderListed[T]) {
	q := r.URL.Query()
	all := sortNewest(records, l.created, l.id)
	var kept []T
	for _, x := range all {
		if n, ok := q["name"]; ok && !core.SQLEqual(l.name(x), n[0]) {
			continue
		}
		if st := q.Get("status"); st != "" && !core.SQLEqual(l.status(x), st) {
			continue
		}
		if vid := q.Get("volume_id"); vid != "" && l.volumeID != nil && !core.SQLEqual(l.volumeID(x), vid) {
			continue
		}
		kept = append(kept, x)
	}
	page, more, ok := cinderPage(w, r, all, kept, l.id, l.kind)
	if !ok {
		return
	}
	out := make([]map[string]any, len(page))
	for i, x := range page {
		out[i] = l.render(x)
	}
	body := map[string]any{l.plural: out}
	if more {
		body[l.plural+"_links"] = core.NextLink(r, l.id(page[len(page)-1]))
	}
	core.WriteJSON(w, http.StatusOK, body)
}
