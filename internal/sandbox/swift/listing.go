package swift

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// listing is the query of an account's or a container's listing.
type listing struct {
	limit                                int
	marker, endMarker, prefix, delimiter string
	json                                 bool
}

// listingQuery reads limit, marker, end_marker, prefix, delimiter and
// format; a limit over Swift's 10,000 is its 412.
func listingQuery(w http.ResponseWriter, r *http.Request) (listing, bool) {
	v := r.URL.Query()
	q := listing{limit: swiftListingLimit, marker: v.Get("marker"), endMarker: v.Get("end_marker"),
		prefix: v.Get("prefix"), delimiter: v.Get("delimiter"),
		json: v.Get("format") == "json" || strings.Contains(r.Header.Get("Accept"), "application/json")}
	if l := v.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 {
			swiftText(w, http.StatusPreconditionFailed, "text/html; charset=UTF-8", "Value of limit must be a positive integer")
			return q, false
		}
		if n > swiftListingLimit {
			swiftText(w, http.StatusPreconditionFailed, "text/html; charset=UTF-8", "Maximum limit is "+strconv.Itoa(swiftListingLimit))
			return q, false
		}
		q.limit = n
	}
	return q, true
}

// answerListing ends a HEAD of an account or a container (its headers
// set) with an empty 204, and answers a GET with the listing of names
// (row is a name's entry in JSON, the plain listing has the name).
func answerListing(w http.ResponseWriter, r *http.Request, names []string, row func(name string) map[string]any) {
	if r.Method == http.MethodHead {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	q, ok := listingQuery(w, r)
	if !ok {
		return
	}
	var out []map[string]any
	var plain []string
	page(names, q, func(name string) {
		out = append(out, row(name))
		plain = append(plain, name)
	}, func(subdir string) {
		out = append(out, map[string]any{"subdir": subdir})
		plain = append(plain, subdir)
	})
	writeListing(w, q, out, plain)
}

// page walks the sorted names a listing answers: after marker, before
// end_marker, under prefix, at most limit entries, names under a delimiter
// folded into one subdir each. Each step is a binary search, so a page of
// a huge container costs its own length, not the container's.
func page(names []string, q listing, item func(string), subdir func(string)) {
	start := q.marker
	if q.prefix > start {
		// the first name at or after prefix; a marker before it counts for nothing
		i, _ := slices.BinarySearch(names, q.prefix)
		names = names[i:]
	} else {
		i, found := slices.BinarySearch(names, start)
		if found {
			i++
		}
		names = names[i:]
	}
	for n := 0; n < q.limit && len(names) > 0; {
		name := names[0]
		if q.endMarker != "" && name >= q.endMarker || !strings.HasPrefix(name, q.prefix) {
			return
		}
		if q.delimiter != "" {
			if d := strings.Index(name[len(q.prefix):], q.delimiter); d >= 0 {
				sub := name[:len(q.prefix)+d+len(q.delimiter)]
				if sub != q.marker { // the marker of a page that ended on this subdir
					subdir(sub)
					n++
				}
				// skip every name under sub: the first name past sub's range
				i, _ := slices.BinarySearch(names, sub+"\xff\xff\xff\xff")
				for i < len(names) && strings.HasPrefix(names[i], sub) {
					i++
				}
				names = names[i:]
				continue
			}
		}
		item(name)
		n++
		names = names[1:]
	}
}
