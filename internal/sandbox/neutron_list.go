package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// neutronListed says how a Neutron list route names its records.
type neutronListed struct {
	plural       string // "ports": the body's key
	notFound     string // the fault type of a marker that is not there: "PortNotFound"
	notFoundWhat string // "Port"
}

// neutronList answers a Neutron list as Neutron does: every query key other
// than paging must be an attribute of the resource (filter validation) and
// is an exact match (several values of a key are ORed; a list attribute
// matches when it holds the value); limit and marker page it, with a
// "<plural>_links" next link when more follow. Records are already
// rendered, in Neutron's order.
func neutronList(w http.ResponseWriter, r *http.Request, records []map[string]any, l neutronListed) {
	q := r.URL.Query()
	var kept []map[string]any
	for key := range q {
		if len(records) == 0 || neutronPaging[key] {
			continue
		}
		if _, ok := records[0][key]; !ok {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "['%s'] is invalid attribute for filtering", key)
			return
		}
	}
	for _, rec := range records {
		if neutronMatches(rec, q) {
			kept = append(kept, rec)
		}
	}
	if m := q.Get("marker"); m != "" {
		i := slices.IndexFunc(kept, func(rec map[string]any) bool { return rec["id"] == m })
		if i < 0 {
			neutronFault(w, http.StatusNotFound, l.notFound, "%s %s could not be found.", l.notFoundWhat, m)
			return
		}
		kept = kept[i+1:]
	}
	more := false
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			neutronFault(w, http.StatusBadRequest, "BadRequest", "Bad limit request: Limit must be an integer 0 or greater and not '%s'.", v)
			return
		}
		if n > 0 && len(kept) > n {
			kept, more = kept[:n], true
		}
	}
	if kept == nil {
		kept = []map[string]any{}
	}
	body := map[string]any{l.plural: kept}
	if more {
		body[l.plural+"_links"] = nextLink(r, kept[len(kept)-1]["id"].(string))
	}
	writeJSON(w, http.StatusOK, body)
}

// neutronPaging are the query keys that page or shape a list, not filters.
var neutronPaging = map[string]bool{"limit": true, "marker": true, "page_reverse": true, "fields": true,
	"sort_key": true, "sort_dir": true}

// neutronMatches applies the query's filters to one rendered record.
func neutronMatches(rec map[string]any, q map[string][]string) bool {
	for key, want := range q {
		if neutronPaging[key] {
			continue
		}
		if !slices.ContainsFunc(want, func(w string) bool { return neutronValueIs(rec[key], w) }) {
			return false
		}
	}
	return true
}

// neutronValueIs compares an attribute with a query value as Neutron's
// filters convert them: booleans case-insensitively, null as "", strings
// as its database compares them (sqlEqual).
func neutronValueIs(v any, want string) bool {
	switch x := v.(type) {
	case nil:
		return want == ""
	case bool:
		b, err := strconv.ParseBool(want)
		return err == nil && b == x
	case string:
		return sqlEqual(x, want)
	case []string:
		return slices.ContainsFunc(x, func(s string) bool { return sqlEqual(s, want) })
	case []map[string]any:
		// fixed_ips=ip_address=10.0.0.5 or fixed_ips=subnet_id=...
		k, val, ok := strings.Cut(want, "=")
		return ok && slices.ContainsFunc(x, func(m map[string]any) bool { return fmt.Sprint(m[k]) == val })
	}
	return fmt.Sprint(v) == want
}
