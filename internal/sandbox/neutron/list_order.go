package neutron

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// What Neutron's lists take besides attribute filters: the tag filters of
// standard-attr-tag (tags, tags-any, not-tags, not-tags-any: comma
// separated) and sorting (sort_key and sort_dir, given in pairs).

var tagFilters = map[string]func(have []string, want []string) bool{
	"tags":         func(have, want []string) bool { return holdsAll(have, want) },
	"tags-any":     func(have, want []string) bool { return holdsAny(have, want) },
	"not-tags":     func(have, want []string) bool { return !holdsAll(have, want) },
	"not-tags-any": func(have, want []string) bool { return !holdsAny(have, want) },
}

func holdsAll(have, want []string) bool {
	return !slices.ContainsFunc(want, func(t string) bool { return !slices.Contains(have, t) })
}

func holdsAny(have, want []string) bool {
	return slices.ContainsFunc(want, func(t string) bool { return slices.Contains(have, t) })
}

// TagsMatch applies the query's tag filters to one rendered record.
func TagsMatch(rec map[string]any, q map[string][]string) bool {
	have, _ := rec["tags"].([]string)
	for key, match := range tagFilters {
		var want []string
		for _, v := range q[key] {
			want = append(want, strings.Split(v, ",")...)
		}
		if want != nil && !match(have, want) {
			return false
		}
	}
	return true
}

// neutronSorted orders records by the query's sort keys, false after
// Neutron's 400 for keys and directions that do not pair or do not exist.
func neutronSorted(w http.ResponseWriter, r *http.Request, records []map[string]any) bool {
	q := r.URL.Query()
	keys, dirs := q["sort_key"], q["sort_dir"]
	if len(keys) == 0 && len(dirs) == 0 {
		return true
	}
	if len(keys) != len(dirs) {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "The number of sort_keys and sort_dirs must be same")
		return false
	}
	for i, k := range keys {
		if len(records) > 0 {
			if _, ok := records[0][k]; !ok {
				neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "['%s'] is invalid attribute for sort_keys", k)
				return false
			}
		}
		if dirs[i] != "asc" && dirs[i] != "desc" {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "['%s'] is invalid value for sort_dirs, valid value is 'asc' and 'desc'", dirs[i])
			return false
		}
	}
	slices.SortStableFunc(records, func(a, b map[string]any) int {
		for i, k := range keys {
			c := cmp.Compare(core.SQLKey(fmt.Sprint(a[k])), core.SQLKey(fmt.Sprint(b[k])))
			if dirs[i] == "desc" {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	return true
}
