package designate

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Designate v2 record sets of a zone: list (filters, limit/marker), create,
// show, replace and delete, as in designate-recordset*.json, with the
// refusals of the lab's Designate: a record that is not of its type, a name
// outside the zone, a CNAME beside other records, a duplicate, a quota.
func (s *api) routeRecordsets(mux *http.ServeMux) {
	mux.HandleFunc("GET /dns/v2/zones/{zone}/recordsets", s.Authed(s.listRecordsets))
	mux.HandleFunc("GET /dns/v2/recordsets", s.Authed(s.listAllRecordsets))
	mux.HandleFunc("POST /dns/v2/zones/{zone}/recordsets", s.Authed(s.createRecordset))
	mux.HandleFunc("GET /dns/v2/zones/{zone}/recordsets/{id}", s.Authed(s.getRecordset))
	mux.HandleFunc("PUT /dns/v2/zones/{zone}/recordsets/{id}", s.Authed(s.updateRecordset))
	mux.HandleFunc("DELETE /dns/v2/zones/{zone}/recordsets/{id}", s.Authed(s.deleteRecordset))
}

// dnsTypes are the record types Designate serves (its supported_record_type).
var dnsTypes = map[string]bool{"A": true, "AAAA": true, "CNAME": true, "MX": true, "SRV": true, "TXT": true, "SPF": true,
	"NS": true, "PTR": true, "SSHFP": true, "SOA": true, "NAPTR": true, "CAA": true, "CERT": true}

func (s *api) recordsetJSON(r *http.Request, z *dnsZone, rs *dnsRecordset) map[string]any {
	var ttl any
	if rs.TTL != nil {
		ttl = *rs.TTL
	}
	return map[string]any{
		"id": rs.ID, "zone_id": z.ID, "project_id": z.ProjectID, "name": rs.Name, "zone_name": z.Name, "type": rs.Type,
		"records": append([]string{}, rs.Records...), "description": strOrNull(rs.Description), "ttl": ttl,
		"status": rs.Status, "action": rs.Action, "version": rs.Version,
		"created_at": core.TimeMicro(rs.Created), "updated_at": core.TimeMicroOrNull(rs.Updated),
		"links": map[string]string{"self": core.BaseURL(r) + "/dns/v2/zones/" + z.ID + "/recordsets/" + rs.ID},
	}
}

// dnsRecordsetOf is the zone and record set the path names, after
// Designate's 400s and 404s.
func (s *api) dnsRecordsetOf(w http.ResponseWriter, r *http.Request) (*dnsZone, *dnsRecordset) {
	z := s.dnsZoneOf(w, r, "zone")
	if z == nil {
		return nil, nil
	}
	id := r.PathValue("id")
	if !uuidPattern.MatchString(id) {
		designateFault(w, http.StatusBadRequest, "invalid_uuid", "Invalid UUID recordset_id: %s", id)
		return nil, nil
	}
	rs := z.recordsetByID(id)
	if rs == nil {
		designateFault(w, http.StatusNotFound, "recordset_not_found", "Could not find RecordSet")
	}
	return z, rs
}

// listAllRecordsets lists the record sets of all the project's zones.
func (s *api) listAllRecordsets(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	s.dns.tick()
	var all []map[string]any
	for _, z := range s.dns.mine() {
		all = append(all, s.recordsetsOf(r, z)...)
	}
	s.Mu.Unlock()
	designatePage(w, r, "recordsets", all)
}

// recordsetsOf are the views of z's record sets the request's filters keep.
func (s *api) recordsetsOf(r *http.Request, z *dnsZone) []map[string]any {
	var out []map[string]any
	for _, rs := range z.recordsets {
		if x := s.recordsetJSON(r, z, rs); matchesFilters(r, x, "name", "type", "status", "ttl", "description") {
			out = append(out, x)
		}
	}
	return out
}

func (s *api) listRecordsets(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	z := s.dnsZoneOf(w, r, "zone")
	if z == nil {
		s.Mu.Unlock()
		return
	}
	all := s.recordsetsOf(r, z)
	s.Mu.Unlock()
	designatePage(w, r, "recordsets", all)
}

func (s *api) getRecordset(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	if z, rs := s.dnsRecordsetOf(w, r); rs != nil {
		core.WriteJSON(w, http.StatusOK, s.recordsetJSON(r, z, rs))
	}
}

type recordsetRequest struct {
	Name        *string         `json:"name"`
	Type        *string         `json:"type"`
	Records     *[]string       `json:"records"`
	TTL         optional[int64] `json:"ttl"`
	Description *string         `json:"description"`
}

// decodeDesignate reads a zone's or record set's body into v, refusing what
// is no JSON as Designate does and a field v has no place for with a 501,
// rather than answering 2xx without it.
func decodeDesignate(w http.ResponseWriter, r *http.Request, v any) bool {
	return core.DecodeServedOr(w, r, v, func(error) {
		designateFault(w, http.StatusBadRequest, "invalid_json", "Invalid JSON")
	})
}

// checkRecords refuses a record that is not of typ, as Designate's schema
// does (a list of errors, each with the record's path).
func checkRecords(w http.ResponseWriter, typ string, records []string) bool {
	var errs []map[string]any
	for i, rec := range records {
		ok := true
		switch typ {
		case "A":
			a, err := netip.ParseAddr(rec)
			ok = err == nil && a.Is4()
		case "AAAA":
			a, err := netip.ParseAddr(rec)
			ok = err == nil && a.Is6() && !a.Is4In6()
		case "CNAME", "NS", "PTR":
			ok = strings.HasSuffix(rec, ".") && len(rec) > 1
		default:
			ok = strings.TrimSpace(rec) != ""
		}
		if !ok {
			errs = append(errs, map[string]any{"path": []any{"records", i}, "message": "'" + rec + "' is not a '" + typ + "' Record",
				"validator": "format", "validator_value": []string{typ}})
		}
	}
	if len(errs) == 0 {
		return true
	}
	core.WriteJSON(w, http.StatusBadRequest, map[string]any{"code": 400, "type": "invalid_object",
		"errors": map[string]any{"errors": errs}, "request_id": core.RequestID()})
	return false
}

// withinZone says whether name is the zone's own name or a name under it,
// the zone's part spelt as the zone is (Designate compares it case by case,
// though two names that differ only in case are the same record set).
func withinZone(name, zone string) bool {
	return name == zone || strings.HasSuffix(name, "."+zone)
}

// checkQuota refuses what would pass one of the zone's quotas.
func (d *dnsState) checkQuota(w http.ResponseWriter, z *dnsZone, newSets, newRecords, setRecords int) bool {
	over := ""
	switch {
	case len(z.recordsets)+newSets > d.quota.ZoneRecordsets:
		over = "zone_recordsets"
	case z.records()+newRecords > d.quota.ZoneRecords:
		over = "zone_records"
	case setRecords > d.quota.RecordsetRecords:
		over = "recordset_records"
	}
	if over == "" {
		return true
	}
	designateFault(w, http.StatusRequestEntityTooLarge, "over_quota", "Quota exceeded for %s.", over)
	return false
}

func (s *api) createRecordset(w http.ResponseWriter, r *http.Request) {
	var req recordsetRequest
	if !decodeDesignate(w, r, &req) {
		return
	}
	switch {
	case req.Name == nil:
		designateFault(w, http.StatusBadRequest, "invalid_object", "'name' is a required property")
		return
	case req.Type == nil:
		designateFault(w, http.StatusBadRequest, "invalid_object", "'type' is a required property")
		return
	case req.Records == nil:
		designateFault(w, http.StatusBadRequest, "invalid_object", "'records' is a required property")
		return
	case !dnsTypes[*req.Type]:
		designateFault(w, http.StatusBadRequest, "invalid_object", "'%s' is not one of the supported record types", *req.Type)
		return
	}
	if !checkDNSName(w, *req.Name) || !checkTTL(w, req.TTL.V) || !checkRecords(w, *req.Type, *req.Records) {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	d := &s.dns
	z := s.dnsZoneOf(w, r, "zone")
	if z == nil || !d.checkQuota(w, z, 1, len(*req.Records), len(*req.Records)) {
		return
	}
	name := *req.Name // kept as written: Designate compares names in any case
	if !withinZone(name, z.Name) {
		designateFault(w, http.StatusBadRequest, "invalid_recordset_location", "RecordSet is not contained within it's parent zone")
		return
	}
	for _, o := range z.recordsets {
		if !strings.EqualFold(o.Name, name) {
			continue
		}
		if o.Type == *req.Type {
			designateFault(w, http.StatusConflict, "duplicate_recordset", "Duplicate RecordSet")
			return
		}
		if *req.Type == "CNAME" || o.Type == "CNAME" {
			designateFault(w, http.StatusBadRequest, "invalid_recordset_location", "CNAME recordsets may not share a name with any other records")
			return
		}
	}
	now := s.Now()
	rs := &dnsRecordset{ID: core.NewID(), Name: name, Type: *req.Type, Records: append([]string{}, *req.Records...),
		Description: req.Description, Version: 1, Status: "PENDING", Action: "CREATE", Created: now,
		pendingUntil: now.Add(s.Options().ActionDelay)}
	if req.TTL.V != nil {
		ttl := int(*req.TTL.V)
		rs.TTL = &ttl
	}
	z.recordsets = append(z.recordsets, rs)
	d.changed(z, "UPDATE")
	core.WriteJSON(w, http.StatusAccepted, s.recordsetJSON(r, z, rs))
}

// updateRecordset replaces a record set's records, TTL or description.
func (s *api) updateRecordset(w http.ResponseWriter, r *http.Request) {
	var req recordsetRequest
	if !decodeDesignate(w, r, &req) || !checkTTL(w, req.TTL.V) {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	d := &s.dns
	z, rs := s.dnsRecordsetOf(w, r)
	if rs == nil {
		return
	}
	if req.Name != nil && !strings.EqualFold(*req.Name, rs.Name) || req.Type != nil && !strings.EqualFold(*req.Type, rs.Type) {
		core.NotServed(w, r, "a change of a record set's name or type")
		return
	}
	if req.Records != nil {
		if !checkRecords(w, rs.Type, *req.Records) || !d.checkQuota(w, z, 0, len(*req.Records)-len(rs.Records), len(*req.Records)) {
			return
		}
		rs.Records = append([]string{}, *req.Records...)
	}
	if req.TTL.V != nil {
		ttl := int(*req.TTL.V)
		rs.TTL = &ttl
	} else if req.TTL.Set { // null: back to the zone's TTL
		rs.TTL = nil
	}
	if req.Description != nil {
		rs.Description = req.Description
	}
	s.recordsetChanging(w, r, z, rs, "UPDATE")
}

func (s *api) deleteRecordset(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	z, rs := s.dnsRecordsetOf(w, r)
	if rs == nil {
		return
	}
	if rs.Type == "SOA" || rs.Type == "NS" && strings.EqualFold(rs.Name, z.Name) {
		designateFault(w, http.StatusBadRequest, "bad_request", "Managed records may not be deleted")
		return
	}
	s.recordsetChanging(w, r, z, rs, "DELETE")
}

// recordsetChanging puts a record set's change (action UPDATE or DELETE)
// under way, a new version pending as its zone's change is, and answers
// it with Designate's 202.
func (s *api) recordsetChanging(w http.ResponseWriter, r *http.Request, z *dnsZone, rs *dnsRecordset, action string) {
	now := s.Now()
	rs.Version++
	rs.Status, rs.Action, rs.Updated, rs.pendingUntil = "PENDING", action, now, now.Add(s.Options().ActionDelay)
	s.dns.changed(z, "UPDATE")
	core.WriteJSON(w, http.StatusAccepted, s.recordsetJSON(r, z, rs))
}

// optional is a field that may be absent, null or a value: a record set's
// "ttl": null sets its TTL back to the zone's, which a pointer cannot tell
// from no ttl at all.
type optional[T any] struct {
	Set bool // the key was there, null or not
	V   *T   // its value, nil for null
}

func (n *optional[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.V = nil
		return nil
	}
	n.V = new(T)
	return json.Unmarshal(b, n.V)
}
