package sandbox

import (
	"net/http"
	"slices"
	"strconv"
)

// Neutron networks: list (with the name, status, shared and router:external
// filters and limit/marker) and show, as in neutron-networks*.json.
func init() {
	extraRoutes = append(extraRoutes, func(s *Sandbox, mux *http.ServeMux) {
		mux.HandleFunc("GET /network/v2.0/networks", s.authed(s.listNetworks))
		mux.HandleFunc("GET /network/v2.0/networks/{id}", s.authed(s.getNetwork))
	})
}

// subnetPrefix is the first three octets of network n's IPv4 subnet, where
// servers get their addresses (documentation ranges, never real ones).
func subnetPrefix(n *network) string {
	switch {
	case n.External && !n.Shared:
		return "198.51.100."
	case n.Shared:
		return "203.0.113."
	}
	return "10.0.0."
}

func (s *Sandbox) networkJSON(n *network) map[string]any {
	created := timestamp(s.db.compute.seeded)
	return map[string]any{
		"id": n.ID, "name": n.Name, "tenant_id": s.projectID, "project_id": s.projectID,
		"admin_state_up": true, "mtu": 1450, "status": n.Status, "subnets": nonNilStrings(n.SubnetIDs),
		"shared": n.Shared, "router:external": n.External,
		"availability_zone_hints": []string{}, "availability_zones": []string{},
		"ipv4_address_scope": nil, "ipv6_address_scope": nil, "description": "",
		"port_security_enabled": true, "tags": []string{}, "created_at": created, "updated_at": created,
		"revision_number": 2,
	}
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (s *Sandbox) listNetworks(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	boolFilter := func(key string) (*bool, bool) {
		v := q.Get(key)
		if v == "" {
			return nil, true
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Invalid input for %s. Reason: '%s' cannot be converted to boolean.", key, v)
			return nil, false
		}
		return &b, true
	}
	shared, ok := boolFilter("shared")
	if !ok {
		return
	}
	external, ok := boolFilter("router:external")
	if !ok {
		return
	}
	s.mu.Lock()
	var all []*network
	for _, n := range s.db.networks {
		// Neutron's filters are exact matches; several values of one key are ORed.
		if names, set := q["name"]; set && !slices.Contains(names, n.Name) {
			continue
		}
		if st, set := q["status"]; set && !slices.Contains(st, n.Status) {
			continue
		}
		if ids, set := q["id"]; set && !slices.Contains(ids, n.ID) {
			continue
		}
		if shared != nil && n.Shared != *shared || external != nil && n.External != *external {
			continue
		}
		all = append(all, n)
	}
	s.mu.Unlock()
	if m := q.Get("marker"); m != "" {
		i := 0
		for i < len(all) && all[i].ID != m {
			i++
		}
		if i == len(all) {
			neutronFault(w, http.StatusNotFound, "NetworkNotFound", "Network %s could not be found.", m)
			return
		}
		all = all[i+1:]
	}
	more := false
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 {
			neutronFault(w, http.StatusBadRequest, "BadRequest", "Bad limit request: Limit must be an integer 0 or greater and not '%s'.", l)
			return
		}
		if n > 0 && len(all) > n {
			all, more = all[:n], true
		}
	}
	out := make([]map[string]any, len(all))
	for i, n := range all {
		out[i] = s.networkJSON(n)
	}
	body := map[string]any{"networks": out}
	var links []map[string]string
	if more {
		links = append(links, nextLink(r, all[len(all)-1].ID)[0])
	}
	if q.Get("marker") != "" && len(all) > 0 {
		pq := r.URL.Query()
		pq.Set("marker", all[0].ID)
		pq.Set("page_reverse", "True")
		links = append(links, map[string]string{"rel": "previous", "href": baseURL(r) + r.URL.Path + "?" + pq.Encode()})
	}
	if links != nil {
		body["networks_links"] = links
	}
	writeJSON(w, http.StatusOK, body)
}

func (s *Sandbox) getNetwork(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	n := s.db.networkByID(r.PathValue("id"))
	s.mu.Unlock()
	if n == nil {
		neutronFault(w, http.StatusNotFound, "NetworkNotFound", "Network %s could not be found.", r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"network": s.networkJSON(n)})
}
