package glance

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// imageFilter is the part of an image list's query listImages does not read
// itself (name, status, visibility, owner, limit, marker): tags (each
// given must be the image's), created_at and updated_at with Glance's
// operators (glance-images-created-at-*.json), size_min and size_max, and
// any other key as Glance takes it, an attribute or property the image must
// have with that value (in:a,b for any of several). Sorting and member
// status are 501. It returns false after answering.
func (s *api) imageFilter(w http.ResponseWriter, r *http.Request) (func(*Image) bool, bool) {
	var tests []func(*Image, map[string]any) bool
	for key, values := range r.URL.Query() {
		value := values[0]
		switch key {
		case "name", "status", "visibility", "owner", "limit", "marker":
		case "sort", "sort_key", "sort_dir", "member_status":
			core.NotServed(w, r, "the %s parameter of an image list", key)
			return nil, false
		case "tag":
			tags := values
			tests = append(tests, func(i *Image, _ map[string]any) bool {
				return !slices.ContainsFunc(tags, func(t string) bool { return !slices.Contains(i.Tags, t) })
			})
		case "created_at", "updated_at":
			op, at, ok := glanceTimeFilter(value)
			if !ok {
				glanceFault(w, r, http.StatusBadRequest, "Bad \"%s\" query filter format. Use ISO 8601 DateTime notation.", key)
				return nil, false
			}
			tests = append(tests, func(_ *Image, m map[string]any) bool {
				t, err := time.Parse(time.RFC3339, m[key].(string))
				return err == nil && op(t.Compare(at))
			})
		case "size_min", "size_max":
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil {
				glanceFault(w, r, http.StatusBadRequest, "Invalid value for %s: %s", key, value)
				return nil, false
			}
			tests = append(tests, func(i *Image, m map[string]any) bool {
				if m["size"] == nil {
					return false
				}
				return (key == "size_min" && i.Size >= n) || (key == "size_max" && i.Size <= n)
			})
		default:
			tests = append(tests, func(_ *Image, m map[string]any) bool {
				v, ok := m[key]
				if !ok || v == nil {
					return false
				}
				return glanceFilterMatches(value, fmt.Sprint(v))
			})
		}
	}
	return func(i *Image) bool {
		if len(tests) == 0 {
			return true
		}
		m := s.imageJSON(i)
		for _, t := range tests {
			if !t(i, m) {
				return false
			}
		}
		return true
	}, true
}

// glanceTimeFilter reads "op:time" (eq, neq, gt, gte, lt, lte; eq when no
// operator) into a test of the comparison of an image's time with it.
func glanceTimeFilter(v string) (func(cmp int) bool, time.Time, bool) {
	op, at, found := strings.Cut(v, ":")
	if !found || !slices.Contains([]string{"eq", "neq", "gt", "gte", "lt", "lte"}, op) {
		op, at = "eq", v
	}
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return nil, time.Time{}, false
	}
	tests := map[string]func(int) bool{
		"eq": func(c int) bool { return c == 0 }, "neq": func(c int) bool { return c != 0 },
		"gt": func(c int) bool { return c > 0 }, "gte": func(c int) bool { return c >= 0 },
		"lt": func(c int) bool { return c < 0 }, "lte": func(c int) bool { return c <= 0 },
	}
	return tests[op], t, true
}
