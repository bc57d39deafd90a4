package nova

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// novaMaxLimit is Nova's [api]max_limit: the largest page it returns.
const novaMaxLimit = 1000

// novaPage is Nova's page of items (in list order): those after the
// marker (rest finds them, or writes Nova's refusal of the marker and
// returns false; afterID is the rule of most lists), at most limit of them
// (at most novaMaxLimit; a limit that is no number is a 400). full says the
// page is full: Nova then links to a next page, even when nothing follows
// (see nova-servers-detail-limit1.json).
func novaPage[T any](w http.ResponseWriter, r *http.Request, items []T, rest func(marker string) ([]T, bool)) (page []T, full, ok bool) {
	q := r.URL.Query()
	limit := novaMaxLimit
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 {
			core.Fault(w, http.StatusBadRequest, "Invalid input for query parameters limit. Value: %s. '%s' does not match '^[0-9]*$'", l, l)
			return nil, false, false
		}
		limit = min(n, novaMaxLimit)
	}
	if m := q.Get("marker"); m != "" {
		if items, ok = rest(m); !ok {
			return nil, false, false
		}
	}
	if len(items) > limit {
		items = items[:limit]
	}
	return items, limit > 0 && len(items) == limit, true
}

// afterID is the items after the one whose id is the marker; a marker not
// in the list is answered 400, as Nova does for flavors and servers.
func afterID[T any](w http.ResponseWriter, items []T, id func(T) string) func(marker string) ([]T, bool) {
	return func(marker string) ([]T, bool) {
		i := slices.IndexFunc(items, func(x T) bool { return id(x) == marker })
		if i < 0 {
			core.Fault(w, http.StatusBadRequest, "marker [%s] not found", marker)
			return nil, false
		}
		return items[i+1:], true
	}
}
