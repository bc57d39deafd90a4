package octavia

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// maxPage is Octavia's pagination_max_limit by default: a list without a
// limit is a page of at most this many.
const maxPage = 1000

// octaviaPage orders records as Octavia's lists are (created_at, then id),
// keeps those after the query's marker, and reads its limit: Octavia's
// pagination helper. A marker that names no record, or a limit that is no
// number, is Octavia's 400; another order, a page before the marker or a
// part of each record is a 501 (the sandbox pages forward in one order);
// ok is false after an answer.
func octaviaPage(w http.ResponseWriter, r *http.Request, records []map[string]any) (after []map[string]any, limit int, ok bool) {
	q := r.URL.Query()
	for _, key := range []string{"sort", "sort_key", "sort_dir", "fields"} {
		if q.Has(key) {
			core.NotServed(w, r, "the %s parameter of a list", key)
			return nil, 0, false
		}
	}
	if reverse, _ := strconv.ParseBool(q.Get("page_reverse")); reverse {
		core.NotServed(w, r, "a page before the marker (page_reverse)")
		return nil, 0, false
	}
	limit = maxPage
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case v == "infinite" || err == nil && n < 1:
			limit = 0 // no limit
		case err != nil:
			octaviaFault(w, http.StatusBadRequest, "Supplied pagination limit '%s' is not valid.", v)
			return nil, 0, false
		default:
			limit = min(n, maxPage)
		}
	}
	records = slices.Clone(records)
	slices.SortStableFunc(records, func(a, b map[string]any) int {
		return cmp.Or(strings.Compare(fmt.Sprint(a["created_at"]), fmt.Sprint(b["created_at"])),
			strings.Compare(fmt.Sprint(a["id"]), fmt.Sprint(b["id"])))
	})
	if m := q.Get("marker"); m != "" {
		at := slices.IndexFunc(records, func(rec map[string]any) bool { return rec["id"] == m })
		if at < 0 {
			octaviaFault(w, http.StatusBadRequest, "Supplied pagination marker '%s' is not valid.", m)
			return nil, 0, false
		}
		records = records[at+1:]
	}
	return records, limit, true
}

// octaviaLinks are the links of a page as Octavia gives them: previous
// (before the first) when a marker was given, next (after the last) when
// the page is full, even when nothing follows; none for an empty page.
func octaviaLinks(r *http.Request, page []map[string]any, limit int) []map[string]string {
	links := []map[string]string{}
	if len(page) == 0 {
		return links
	}
	if r.URL.Query().Get("marker") != "" {
		q := r.URL.Query()
		q.Set("marker", fmt.Sprint(page[0]["id"]))
		q.Set("page_reverse", "True")
		links = append(links, map[string]string{"rel": "previous", "href": core.BaseURL(r) + r.URL.Path + "?" + q.Encode()})
	}
	if limit > 0 && len(page) >= limit {
		links = append(links, core.NextLink(r, fmt.Sprint(page[len(page)-1]["id"]))...)
	}
	return links
}
