package sandbox

import (
	"net/http"
	"strconv"
)

// novaMaxLimit is Nova's [api]max_limit: the largest page it returns.
const novaMaxLimit = 1000

// novaPage is Nova's page of items (in list order): those after the one
// the marker names (a marker not in the list is a 400), at most limit of
// them (at most novaMaxLimit; a limit that is no number is a 400). full
// says the page is full: Nova then links to a next page, even when nothing
// follows (see nova-servers-detail-limit1.json).
func novaPage[T any](w http.ResponseWriter, r *http.Request, items []T, id func(T) string) (page []T, full, ok bool) {
	q := r.URL.Query()
	limit := novaMaxLimit
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 {
			fault(w, http.StatusBadRequest, "Invalid input for query parameters limit. Value: %s. '%s' does not match '^[0-9]*$'", l, l)
			return nil, false, false
		}
		limit = min(n, novaMaxLimit)
	}
	items, ok = afterMarker(w, items, q.Get("marker"), id)
	if !ok {
		return nil, false, false
	}
	if len(items) > limit {
		items = items[:limit]
	}
	return items, limit > 0 && len(items) == limit, true
}
