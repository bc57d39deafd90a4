package designate

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Designate v2 zones: list (filters, limit/marker), create, show, delete,
// as in designate-zone*.json. A zone is PENDING until its name servers have
// it (state.go).
func (s *api) routeZones(mux *http.ServeMux) {
	mux.HandleFunc("GET /dns", s.designateVersions)
	mux.HandleFunc("GET /dns/{$}", s.designateVersions)
	mux.HandleFunc("GET /dns/v2/zones", s.Authed(s.listDNSZones))
	mux.HandleFunc("POST /dns/v2/zones", s.Authed(s.createDNSZone))
	mux.HandleFunc("GET /dns/v2/zones/{id}", s.Authed(s.getDNSZone))
	mux.HandleFunc("PATCH /dns/v2/zones/{id}", s.Authed(s.updateDNSZone))
	mux.HandleFunc("DELETE /dns/v2/zones/{id}", s.Authed(s.deleteDNSZone))
}

// dnsPoolID is Designate's default pool, the one every zone of the lab is in.
const dnsPoolID = "794ccc2c-d751-44fe-b57f-8894c9f5c842"

// dnsNameServer is the sandbox pool's one name server, in each zone's NS
// and SOA records.
const dnsNameServer = "ns1.sandbox.test."

func (s *api) designateVersions(w http.ResponseWriter, r *http.Request) {
	v := func(id, status string) map[string]any {
		return map[string]any{"id": id, "status": status, "updated": "2022-06-29T00:00:00Z", "links": []map[string]string{
			{"href": core.BaseURL(r) + "/dns/v2", "rel": "self"}, {"href": "https://docs.openstack.org/api-ref/dns", "rel": "help"}}}
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"versions": []any{v("v2", "SUPPORTED"), v("v2.0", "CURRENT")}})
}

// designateFault answers as Designate does: {"code", "type", "message", "request_id"}.
func designateFault(w http.ResponseWriter, status int, typ, format string, args ...any) {
	core.WriteJSON(w, status, map[string]any{"code": status, "type": typ, "message": fmt.Sprintf(format, args...), "request_id": core.RequestID()})
}

// designateInvalid is Designate's 400 for an object its fields refuse.
func designateInvalid(w http.ResponseWriter, format string, args ...any) {
	designateFault(w, http.StatusBadRequest, "invalid_object", "Provided object is not valid. Got a ValueError error with message "+format, args...)
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$`)

// dnsZoneOf is the zone the path's key names (a UUID), as it is now (the
// state's clock applied), after Designate's 400 for what is no UUID and its
// 404. The caller holds s.Mu.
func (s *api) dnsZoneOf(w http.ResponseWriter, r *http.Request, key string) *dnsZone {
	s.dns.tick()
	id := r.PathValue(key)
	if !uuidPattern.MatchString(id) {
		designateFault(w, http.StatusBadRequest, "invalid_uuid", "Invalid UUID zone_id: %s", id)
		return nil
	}
	z := s.dns.zoneByID(id)
	if z == nil {
		designateFault(w, http.StatusNotFound, "zone_not_found", "Could not find Zone")
	}
	return z
}

func strOrNull(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func (s *api) zoneJSON(r *http.Request, z *dnsZone) map[string]any {
	return map[string]any{
		"id": z.ID, "pool_id": dnsPoolID, "project_id": z.ProjectID, "name": z.Name, "email": z.Email,
		"description": strOrNull(z.Description), "ttl": z.TTL, "serial": z.Serial, "status": z.Status, "action": z.Action,
		"version": z.Version, "attributes": map[string]any{}, "type": "PRIMARY", "masters": []string{},
		"created_at": core.TimeMicro(z.Created), "updated_at": core.TimeMicroOrNull(z.Updated), "transferred_at": nil,
		"links": map[string]string{"self": core.BaseURL(r) + "/dns/v2/zones/" + z.ID},
	}
}

// designatePage is one page of a Designate list: limit (default 20, 1 to
// 1000; more is taken as 1000) and marker (an item's ID), with the links
// and total count Designate adds.
func designatePage(w http.ResponseWriter, r *http.Request, key string, all []map[string]any) {
	q := r.URL.Query()
	limit := 20
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			designateFault(w, http.StatusBadRequest, "invalid_limit", "limit should be an integer between 1 and 1000")
			return
		}
		limit = min(n, 1000)
	}
	start := 0
	if m := q.Get("marker"); m != "" {
		start = -1
		for i, x := range all {
			if x["id"] == m {
				start = i + 1
			}
		}
		if start < 0 {
			// Designate names None here, not the marker: its message is built
			// before the marker is read.
			designateFault(w, http.StatusBadRequest, "marker_not_found", "Marker None could not be found")
			return
		}
	}
	page := all[start:]
	links := map[string]string{"self": core.BaseURL(r) + r.URL.Path + queryOf(q)}
	if len(page) > limit {
		page = page[:limit]
		next := url.Values{}
		for k, v := range q {
			next[k] = v
		}
		next.Set("marker", page[limit-1]["id"].(string))
		links["next"] = core.BaseURL(r) + r.URL.Path + queryOf(next)
	}
	if page == nil {
		page = []map[string]any{}
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{key: page, "links": links, "metadata": map[string]any{"total_count": len(all)}})
}

func queryOf(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// matchesFilters keeps what Designate's list filters select: each given
// field equal, case aside (MySQL's collation), "*" as a wildcard.
func matchesFilters(r *http.Request, x map[string]any, fields ...string) bool {
	q := r.URL.Query()
	for _, f := range fields {
		want := q.Get(f)
		if want == "" {
			continue
		}
		got := fmt.Sprint(x[f])
		pattern := "^(?i)" + strings.ReplaceAll(regexp.QuoteMeta(want), `\*`, ".*") + "$"
		if ok, _ := regexp.MatchString(pattern, got); !ok {
			return false
		}
	}
	return true
}

func (s *api) listDNSZones(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	s.dns.tick()
	var all []map[string]any
	for _, z := range s.dns.mine() {
		if x := s.zoneJSON(r, z); matchesFilters(r, x, "name", "email", "status", "type", "ttl", "description") {
			all = append(all, x)
		}
	}
	s.Mu.Unlock()
	designatePage(w, r, "zones", all)
}

type zoneRequest struct {
	Name        *string `json:"name"`
	Email       *string `json:"email"`
	TTL         *int64  `json:"ttl"`
	Description *string `json:"description"`
	Type        *string `json:"type"`
}

// checkTTL is Designate's range for a TTL: a 32-bit signed integer above 0.
func checkTTL(w http.ResponseWriter, ttl *int64) bool {
	switch {
	case ttl == nil:
		return true
	case *ttl > 2147483647:
		designateInvalid(w, "Value too high for ttl")
		return false
	case *ttl < 1:
		designateInvalid(w, "Value too low for ttl")
		return false
	}
	return true
}

// checkDNSName is Designate's check of a fully qualified name: it ends with
// a dot, and its labels are 1 to 63 characters of letters, digits, '-' and
// '_' (a leading '*' label for wildcards).
func checkDNSName(w http.ResponseWriter, name string) bool {
	if !strings.HasSuffix(name, ".") {
		designateInvalid(w, "Domain %s does not end with a dot", name)
		return false
	}
	if len(name) > 255 {
		designateInvalid(w, "Name too long")
		return false
	}
	for i, l := range strings.Split(strings.TrimSuffix(name, "."), ".") {
		if l == "*" && i == 0 {
			continue
		}
		if !dnsLabel.MatchString(l) {
			designateInvalid(w, "Domain %s is invalid", name)
			return false
		}
	}
	return true
}

var dnsLabel = regexp.MustCompile(`^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$`)

func (s *api) createDNSZone(w http.ResponseWriter, r *http.Request) {
	var req zoneRequest
	if !decodeDesignate(w, r, &req) {
		return
	}
	if req.Type != nil && !strings.EqualFold(*req.Type, "PRIMARY") {
		core.NotServed(w, r, "a zone of type %s", *req.Type)
		return
	}
	if req.Name == nil || req.Email == nil {
		missing := "name"
		if req.Name != nil {
			missing = "email"
		}
		designateFault(w, http.StatusBadRequest, "invalid_object", "'%s' is a required property", missing)
		return
	}
	if !checkDNSName(w, *req.Name) || !checkTTL(w, req.TTL) {
		return
	}
	if !strings.Contains(*req.Email, "@") {
		designateInvalid(w, "%s is not a valid email address", *req.Email)
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	d := &s.dns
	d.tick()
	if len(d.mine()) >= d.quota.Zones {
		designateFault(w, http.StatusRequestEntityTooLarge, "over_quota", "Quota exceeded for zones.")
		return
	}
	if d.zoneNamed(*req.Name) != nil {
		designateFault(w, http.StatusConflict, "duplicate_zone", "Duplicate Zone")
		return
	}
	now := s.Now()
	ttl := 3600
	if req.TTL != nil {
		ttl = int(*req.TTL)
	}
	z := &dnsZone{ID: core.NewID(), ProjectID: s.ProjectID(), Name: *req.Name, Email: *req.Email, Description: req.Description,
		TTL: ttl, Serial: int(now.Unix()), Version: 1, Status: "PENDING", Action: "CREATE", Created: now,
		pendingUntil: now.Add(s.Options().ActionDelay)}
	// Designate makes a zone's SOA and NS record sets with it.
	soa := fmt.Sprintf("%s %s %d 3600 600 86400 3600", dnsNameServer, strings.Replace(z.Email, "@", ".", 1)+".", z.Serial)
	for _, rs := range []struct{ typ, record string }{{"SOA", soa}, {"NS", dnsNameServer}} {
		z.recordsets = append(z.recordsets, &dnsRecordset{ID: core.NewID(), Name: z.Name, Type: rs.typ, Records: []string{rs.record},
			Version: 1, Status: "PENDING", Action: "CREATE", Created: now, pendingUntil: z.pendingUntil})
	}
	d.zones = append(d.zones, z)
	core.WriteJSON(w, http.StatusAccepted, s.zoneJSON(r, z))
}

func (s *api) getDNSZone(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	if z := s.dnsZoneOf(w, r, "id"); z != nil {
		core.WriteJSON(w, http.StatusOK, s.zoneJSON(r, z))
	}
}

// deleteDNSZone deletes a zone with its record sets, as Designate does.
func (s *api) deleteDNSZone(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	z := s.dnsZoneOf(w, r, "id")
	if z == nil {
		return
	}
	s.dns.changed(z, "DELETE")
	core.WriteJSON(w, http.StatusAccepted, s.zoneJSON(r, z))
}

// updateDNSZone changes a zone's email, TTL or description; its name and
// type cannot change, as Designate's schema says.
func (s *api) updateDNSZone(w http.ResponseWriter, r *http.Request) {
	var req zoneRequest
	if !decodeDesignate(w, r, &req) || !checkTTL(w, req.TTL) {
		return
	}
	var fixed []string // in the order Designate's schema lists them, so the answer is always the same
	if req.Name != nil {
		fixed = append(fixed, "'name'")
	}
	if req.Type != nil {
		fixed = append(fixed, "'type'")
	}
	if len(fixed) > 0 {
		designateFault(w, http.StatusBadRequest, "invalid_object", "Provided object does not match schema. Keys [%s] are not valid for zone", strings.Join(fixed, ", "))
		return
	}
	if req.Email != nil && !strings.Contains(*req.Email, "@") {
		designateInvalid(w, "%s is not a valid email address", *req.Email)
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	z := s.dnsZoneOf(w, r, "id")
	if z == nil {
		return
	}
	if req.Email != nil {
		z.Email = *req.Email
	}
	if req.TTL != nil {
		z.TTL = int(*req.TTL)
	}
	if req.Description != nil {
		z.Description = req.Description
	}
	s.dns.changed(z, "UPDATE")
	core.WriteJSON(w, http.StatusAccepted, s.zoneJSON(r, z))
}
