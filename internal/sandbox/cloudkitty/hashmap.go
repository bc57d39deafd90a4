package cloudkitty

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// CloudKitty's hashmap rules, read-only: the services, their fields and
// the flat mappings that price them, made of SandboxPrices (as
// cloudkitty-hashmap-*.json). CloudKitty's default policy keeps them for
// admins: a project gets the lab's 403 page unless AllowRatingRules.
func (s *api) routeHashmap(mux *http.ServeMux) {
	const hm = "GET /rating/v1/rating/module_config/hashmap/"
	mux.HandleFunc(hm+"services", s.Authed(s.rulesReadable(s.hashmapServices)))
	mux.HandleFunc(hm+"fields", s.Authed(s.rulesReadable(s.hashmapFields)))
	mux.HandleFunc(hm+"mappings", s.Authed(s.rulesReadable(s.hashmapMappings)))
}

func (s *api) rulesReadable(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.Mu.Lock()
		ok := s.rating.rulesReadable
		s.Mu.Unlock()
		if !ok {
			w.Header().Set("Content-Type", "text/html; charset=UTF-8")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, "<html>\n <head>\n  <title>403 Forbidden</title>\n </head>\n <body>\n  <h1>403 Forbidden</h1>\n"+
				"  Access was denied to this resource.<br /><br />\nPolicy doesn&#x27;t allow rating:module_config to be performed.\n\n\n </body>\n</html>")
			return
		}
		h(w, r)
	}
}

// hashmapRule is a mapping of the sandbox's prices: on a field's value, or
// on the whole service when field is "".
type hashmapRule struct {
	service, field, value string
	cost                  float64
}

func hashmapRules() []hashmapRule {
	var out []hashmapRule
	for name, c := range SandboxPrices.Flavors {
		out = append(out, hashmapRule{metricInstance, "flavor_name", name, c})
	}
	for name, c := range SandboxPrices.VolumeTypes {
		out = append(out, hashmapRule{metricVolume, "volume_type", name, c})
	}
	out = append(out, hashmapRule{service: metricFloatingIP, cost: SandboxPrices.FloatingIP},
		hashmapRule{service: metricLoadBalancer, cost: SandboxPrices.LoadBalancer})
	slices.SortFunc(out, func(a, b hashmapRule) int {
		return slices.Compare([]string{a.service, a.field, a.value}, []string{b.service, b.field, b.value})
	})
	return out
}

func hashmapID(kind string, parts ...string) string {
	key := kind
	for _, p := range parts {
		key += "/" + p
	}
	return core.StableID("hashmap", key)
}

func (s *api) hashmapServices(w http.ResponseWriter, r *http.Request) {
	out := []map[string]any{}
	for _, name := range []string{metricFloatingIP, metricInstance, metricVolume, metricLoadBalancer} {
		out = append(out, map[string]any{"service_id": hashmapID("service", name), "name": name})
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"services": out})
}

func (s *api) hashmapFields(w http.ResponseWriter, r *http.Request) {
	out := []map[string]any{}
	sid := r.URL.Query().Get("service_id")
	for _, f := range [][2]string{{metricInstance, "flavor_name"}, {metricVolume, "volume_type"}} {
		if sv := hashmapID("service", f[0]); sid == sv {
			out = append(out, map[string]any{"field_id": hashmapID("field", f[0], f[1]), "name": f[1], "service_id": sv})
		}
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"fields": out})
}

func (s *api) hashmapMappings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	out := []map[string]any{}
	for _, rule := range hashmapRules() {
		m := map[string]any{"mapping_id": hashmapID("mapping", rule.service, rule.field, rule.value), "value": rule.value,
			"type": "flat", "cost": decimal28(rule.cost), "service_id": nil, "field_id": nil,
			"group_id": nil, "tenant_id": nil}
		switch {
		case rule.field == "" && q.Get("service_id") == hashmapID("service", rule.service):
			m["service_id"] = hashmapID("service", rule.service)
		case rule.field != "" && q.Get("field_id") == hashmapID("field", rule.service, rule.field):
			m["field_id"] = hashmapID("field", rule.service, rule.field)
		default:
			continue
		}
		out = append(out, m)
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"mappings": out})
}

// decimal28 writes a cost as CloudKitty's Numeric(30, 28) column reads
// back: 0.45 is "0.4500000000000000000000000000".
func decimal28(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	return whole + "." + frac + strings.Repeat("0", 28-len(frac))
}
