package sandbox

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// ratingLag is how long after an hour ends it is rated: Infomaniak's
// rating runs about an hour behind.
const ratingLag = time.Hour

// ratingState is what the sandbox's CloudKitty knows: the usage it has
// metered (every server, volume and floating IP, from its creation to its
// deletion), and whether the project may read the rating rules.
type ratingState struct {
	usage         []*usageRecord
	byID          map[string]*usageRecord
	rulesReadable bool
}

// usageRecord is one resource's life, as a collector sees it.
type usageRecord struct {
	Type       string
	ID         string
	Qty        float64
	Meta       map[string]string
	Start, End time.Time // End zero while it exists
}

// ratedPoint is one rated hour of one resource: a copy of its record, read
// after s.mu is let go (observe replaces a record's metadata, never edits it).
type ratedPoint struct {
	Begin time.Time
	usageRecord
	Price float64
}

// AllowRatingRules lets the project read CloudKitty's hashmap rules, which
// CloudKitty's default policy keeps for admins (the lab's demo gets a 403).
func (s *Sandbox) AllowRatingRules() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.db.rating.rulesReadable = true
}

// meterUsage notes, after every request, what now exists, so that a
// resource's hours are rated from its creation to its deletion (a delete
// under way ends where its transition ends).
func (s *Sandbox) meterUsage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		s.mu.Lock()
		s.db.rating.observe(s.db, s.now())
		s.mu.Unlock()
	})
}

// observe records new resources and ends those that are gone. Callers hold s.mu.
func (rs *ratingState) observe(st *store, now time.Time) {
	if rs.byID == nil {
		rs.byID = map[string]*usageRecord{}
	}
	seen := map[string]bool{}
	note := func(typ, id string, qty float64, meta map[string]string, created, ends time.Time) {
		seen[id] = true
		rec := rs.byID[id]
		if rec == nil {
			rec = &usageRecord{Type: typ, ID: id, Start: created}
			rs.byID[id] = rec
			rs.usage = append(rs.usage, rec)
		}
		rec.Qty, rec.Meta, rec.End = qty, meta, ends
	}
	for _, sv := range st.compute.servers {
		if sv.VMState == "error" {
			continue // a failed build runs nothing to rate
		}
		var ends time.Time
		if sv.op != nil && sv.op.Kind == "delete" {
			ends = sv.op.End
		}
		meta := map[string]string{"flavor_id": sv.FlavorID}
		if f := st.flavorByID(sv.FlavorID); f != nil {
			meta["flavor_name"], meta["vcpus"] = f.Name, strconv.Itoa(f.VCPUs)
		}
		note(metricInstance, sv.ID, 1, meta, sv.Created, ends)
	}
	for _, vol := range st.volume.volumes {
		var ends time.Time
		if vol.op != nil && vol.op.Kind == "delete" {
			ends = vol.op.End
		}
		note(metricVolume, vol.ID, float64(vol.Size), map[string]string{"volume_type": vol.Type}, vol.Created, ends)
	}
	for _, f := range st.network.floatingIPs {
		note(metricFloatingIP, f.ID, 1, map[string]string{"state": "1"}, f.Created, time.Time{})
	}
	for _, rec := range rs.usage {
		if !seen[rec.ID] && rec.End.IsZero() {
			rec.End = now
		}
	}
}

// ratedUntil is the end of the last hour rated at now.
func ratedUntil(now time.Time) time.Time {
	return now.UTC().Truncate(time.Hour).Add(-ratingLag)
}

// rated are the rated hours beginning in [begin, end), by hour, type and
// resource: each hour a resource existed in, rated by the sandbox's prices.
// Callers hold s.mu.
func (rs *ratingState) rated(begin, end, now time.Time) []ratedPoint {
	if until := ratedUntil(now); end.After(until) {
		end = until
	}
	var out []ratedPoint
	for h := begin.UTC().Truncate(time.Hour); h.Before(end); h = h.Add(time.Hour) {
		if h.Before(begin) {
			continue
		}
		for _, rec := range rs.usage {
			if !rec.Start.Before(h.Add(time.Hour)) || (!rec.End.IsZero() && !rec.End.After(h)) {
				continue
			}
			out = append(out, ratedPoint{Begin: h, usageRecord: *rec, Price: SandboxPrices.hourly(rec.Type, rec.Qty, rec.Meta)})
		}
	}
	slices.SortStableFunc(out, func(a, b ratedPoint) int {
		if c := a.Begin.Compare(b.Begin); c != 0 {
			return c
		}
		if a.Type != b.Type {
			if a.Type < b.Type {
				return -1
			}
			return 1
		}
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	return out
}
