package neutron

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// neutronListed says how a Neutron list route names its records.
type neutronListed struct {
	plural string // "ports": the body's key
	// marker is the kind whose 404 Neutron answers for a marker that names
	// nothing, where its plugin looks the marker up (networks, ports,
	// routers); the other lists (no marker kind) ignore such a marker and
	// start from the first (neutron-subnets-unknown-marker.json).
	marker neutronKind
}

// neutronKind is how Neutron names a kind in its 404: the fault's type and
// its message, a format of the id.
type neutronKind struct{ notFound, Message string }

var (
	networkKind           = neutronKind{"NetworkNotFound", "Network %s could not be found."}
	subnetKind            = neutronKind{"SubnetNotFound", "Subnet %s could not be found."}
	portKind              = neutronKind{"PortNotFound", "Port %s could not be found."}
	routerKind            = neutronKind{"RouterNotFound", "Router %s could not be found"}
	floatingIPKind        = neutronKind{"FloatingIPNotFound", "Floating IP %s could not be found"}
	SecurityGroupKind     = neutronKind{"SecurityGroupNotFound", "Security group %s does not exist"}
	SecurityGroupRuleKind = neutronKind{"SecurityGroupRuleNotFound", "Security group rule %s does not exist"}
)

// refuse answers Neutron's 404 for the kind's id.
func (k neutronKind) refuse(w http.ResponseWriter, id string) {
	neutronFault(w, http.StatusNotFound, k.notFound, k.Message, id)
}

// neutronFound is what byID finds of id, or nil after Neutron's 404 for
// the kind.
func neutronFound[T any](w http.ResponseWriter, k neutronKind, id string, byID func(string) *T) *T {
	v := byID(id)
	if v == nil {
		k.refuse(w, id)
	}
	return v
}

// neutronList answers a Neutron list as Neutron does: every query key other
// than paging must be an attribute of the resource (filter validation) and
// is an exact match (several values of a key are ORed; a list attribute
// matches when it holds the value). A limit pages it by id, from after the
// marker (which filters may exclude), with "<plural>_links": next when the
// page is full, previous always; without a limit Neutron ignores the
// marker and links nowhere. Records are already rendered, in Neutron's
// order.
func neutronList(w http.ResponseWriter, r *http.Request, records []map[string]any, l neutronListed) {
	q := r.URL.Query()
	var kept []map[string]any
	for key := range q {
		if len(records) == 0 || neutronPaging[key] || tagFilters[key] != nil {
			continue
		}
		if _, ok := records[0][key]; !ok {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "['%s'] is invalid attribute for filtering", key)
			return
		}
	}
	if reverse, _ := strconv.ParseBool(q.Get("page_reverse")); reverse {
		core.NotServed(w, r, "a page before the marker (page_reverse)")
		return
	}
	limit := 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			neutronFault(w, http.StatusBadRequest, "BadRequest", "Bad limit request: Limit must be an integer 0 or greater and not '%s'.", v)
			return
		}
		limit = n
	}
	records = slices.Clone(records)
	if limit > 0 {
		slices.SortStableFunc(records, func(a, b map[string]any) int { return strings.Compare(a["id"].(string), b["id"].(string)) })
	}
	if !neutronSorted(w, r, records) {
		return
	}
	if limit > 0 {
		if m := q.Get("marker"); m != "" {
			at := slices.IndexFunc(records, func(rec map[string]any) bool { return rec["id"] == m })
			if at < 0 && l.marker.notFound != "" {
				l.marker.refuse(w, m)
				return
			}
			records = records[at+1:] // from the first when the marker names nothing
		}
	}
	for _, rec := range records {
		if Matches(rec, q) && TagsMatch(rec, q) {
			kept = append(kept, rec)
		}
	}
	if limit > 0 && len(kept) > limit {
		kept = kept[:limit]
	}
	if kept == nil {
		kept = []map[string]any{}
	}
	body := map[string]any{l.plural: kept}
	if limit > 0 {
		body[l.plural+"_links"] = neutronLinks(r, kept, limit)
	}
	core.WriteJSON(w, http.StatusOK, body)
}

// neutronLinks are the links of a page Neutron gives under a limit: next
// (after the last item) when the page is full, even when nothing follows,
// and previous (before the first; without a marker on an empty page)
// always (neutron-subnets-unknown-marker.json).
func neutronLinks(r *http.Request, page []map[string]any, limit int) []map[string]string {
	var links []map[string]string
	if len(page) == limit {
		links = core.NextLink(r, page[len(page)-1]["id"].(string))
	}
	q := r.URL.Query()
	q.Del("marker")
	if len(page) > 0 {
		q.Set("marker", page[0]["id"].(string))
	}
	q.Set("page_reverse", "True")
	return append(links, map[string]string{"rel": "previous", "href": core.BaseURL(r) + r.URL.Path + "?" + q.Encode()})
}

// neutronPaging are the query keys that page or shape a list, not filters.
var neutronPaging = map[string]bool{"limit": true, "marker": true, "page_reverse": true, "fields": true,
	"sort_key": true, "sort_dir": true}

// Matches applies the query's filters to one rendered record.
func Matches(rec map[string]any, q map[string][]string) bool {
	for key, want := range q {
		if neutronPaging[key] || tagFilters[key] != nil {
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
		return core.SQLEqual(x, want)
	case []string:
		return slices.ContainsFunc(x, func(s string) bool { return core.SQLEqual(s, want) })
	case []map[string]any:
		// fixed_ips=ip_address=10.0.0.5 or fixed_ips=subnet_id=...
		k, val, ok := strings.Cut(want, "=")
		return ok && slices.ContainsFunc(x, func(m map[string]any) bool { return fmt.Sprint(m[k]) == val })
	}
	return fmt.Sprint(v) == want
}
