package cloudkitty

import (
	"maps"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cinder"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/nova"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/octavia"
)

// ratingLag is how long after an hour ends it is rated: Infomaniak's
// rating runs about an hour behind.
const ratingLag = time.Hour

// ratingState is what the sandbox's CloudKitty knows: the usage it has
// metered (every server, volume, floating IP and load balancer, from its
// creation to its deletion), and whether the project may read the rating
// rules.
type ratingState struct {
	usage         []*usageRecord
	current       map[string]*usageRecord // each resource's latest record, by ID
	rulesReadable bool
}

// usageRecord is a stretch of one resource's life in one shape (type,
// quantity and metadata), as a collector sees it: a resize, a stop or a
// start ends one and begins the next, so that past hours keep the price
// they had.
type usageRecord struct {
	Type       string
	ID         string
	Qty        float64
	Meta       map[string]string
	Start, End time.Time // End zero while it exists
}

// ratedPoint is one rated hour of one resource: a copy of its record, read
// after s.Mu is let go (observe never edits a record's metadata).
type ratedPoint struct {
	Begin time.Time
	usageRecord
	Price float64
}

// AllowRatingRules lets the project of c read CloudKitty's hashmap rules,
// which CloudKitty's default policy keeps for admins (the lab's demo gets a
// 403).
func AllowRatingRules(c *core.Cloud) {
	s := of(c)
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.rating.rulesReadable = true
}

// meterUsage notes, before and after every request to a service whose
// resources it rates, what exists and in what shape, so that a resource's
// hours are rated from its creation to its deletion (a delete under way
// ends where its transition ends) and a stop that ended is seen before the
// request (a start) changes the server again. What ends on the clock alone
// is noted at its end's time whenever it is next observed (a rating read
// observes first), so the other services' requests pass by.
func meterUsage(c *core.Cloud, next http.Handler) http.Handler {
	s := of(c)
	observe := func() {
		s.Mu.Lock()
		s.rating.observe(s.metered(), s.Now())
		s.Mu.Unlock()
	}
	rated := []core.Service{nova.Service, cinder.Service, neutron.Service, octavia.Service}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !slices.ContainsFunc(rated, func(sv core.Service) bool { return sv.Serves(r.URL.Path) }) {
			next.ServeHTTP(w, r)
			return
		}
		observe()
		next.ServeHTTP(w, r)
		observe()
	})
}

// observe records new resources, begins a new record of those whose shape
// changed, and ends those that are gone. Callers hold s.Mu.
func (rs *ratingState) observe(st metered, now time.Time) {
	if rs.current == nil {
		rs.current = map[string]*usageRecord{}
	}
	st.compute.Tick() // a stop, start or resize that has ended changes how its server is rated from its end
	seen := map[string]bool{}
	// note a resource as it is now; changed is when it took this shape, if it
	// did since it was last noted.
	note := func(typ, id string, qty float64, meta map[string]string, created, changed, ends time.Time) {
		seen[id] = true
		rec := rs.current[id]
		if rec != nil && (rec.Type != typ || rec.Qty != qty || !maps.Equal(rec.Meta, meta)) {
			created = changed
			if created.Before(rec.Start) || created.After(now) {
				created = now
			}
			rec.End, rec = created, nil
		}
		if rec == nil {
			rec = &usageRecord{Type: typ, ID: id, Qty: qty, Meta: meta, Start: created}
			rs.current[id] = rec
			rs.usage = append(rs.usage, rec)
		}
		rec.End = ends
	}
	for _, sv := range st.compute.Servers {
		if sv.VMState == "error" {
			continue // a failed build runs nothing to rate
		}
		var ends time.Time
		if sv.Op != nil && sv.Op.Kind == "delete" {
			ends = sv.Op.End
		}
		typ, meta := st.serverUsage(sv)
		note(typ, sv.ID, 1, meta, sv.Created, sv.Updated, ends)
	}
	for _, vol := range st.volume.Volumes {
		var ends time.Time
		if vol.Op != nil && vol.Op.Kind == "delete" {
			ends = vol.Op.End
		}
		note(metricVolume, vol.ID, float64(vol.Size), map[string]string{"volume_type": vol.Type}, vol.Created, now, ends)
	}
	for _, f := range st.network.FloatingIPs {
		note(metricFloatingIP, f.ID, 1, map[string]string{"state": "1"}, f.Created, now, time.Time{})
	}
	for _, lb := range st.lb.LoadBalancers {
		var ends time.Time
		if lb.Op != nil && lb.Op.Kind == "delete" {
			ends = lb.Op.End
		}
		note(metricLoadBalancer, lb.ID, 1, map[string]string{}, lb.Created, now, ends)
	}
	for _, rec := range rs.usage {
		if !seen[rec.ID] && rec.End.IsZero() {
			rec.End = now
		}
	}
}

// serverUsage is how a server is rated now: a running one by its flavor
// (instance); a stopped one (SHUTOFF) by what Infomaniak still bills it
// (instance.stopped): its local disk and its public IPv4 addresses.
func (st metered) serverUsage(sv *nova.Server) (string, map[string]string) {
	f := nova.FlavorByID(st.cloud, sv.FlavorID)
	if sv.VMState != "stopped" {
		meta := map[string]string{"flavor_id": sv.FlavorID}
		if f != nil {
			meta["flavor_name"], meta["vcpus"] = f.Name, strconv.Itoa(f.VCPUs)
		}
		return metricInstance, meta
	}
	disk, public := 0, 0
	if f != nil && sv.ImageID != "" { // a server booted from a volume has its disk rated as that volume
		disk = f.Disk
	}
	for _, p := range st.network.ServerPorts(sv.ID) {
		for _, ip := range p.FixedIPs { // a public network's (ext-net1's) IPv4 address is not a private one
			if a, err := netip.ParseAddr(ip.Addr); err == nil && a.Is4() && a.IsGlobalUnicast() && !a.IsPrivate() {
				public++
			}
		}
	}
	meta := map[string]string{"flavor_id": sv.FlavorID, "disk_gb": strconv.Itoa(disk), "public_ipv4": strconv.Itoa(public)}
	if f != nil {
		meta["flavor_name"] = f.Name
	}
	return metricInstanceStopped, meta
}

// ratedUntil is the end of the last hour rated at now.
func ratedUntil(now time.Time) time.Time {
	return now.UTC().Truncate(time.Hour).Add(-ratingLag)
}

// rated are the rated hours beginning in [begin, end), by hour, type and
// resource: each hour a resource existed in, rated by the sandbox's prices.
// Callers hold s.Mu.
func (rs *ratingState) rated(begin, end, now time.Time) []ratedPoint {
	if until := ratedUntil(now); end.After(until) {
		end = until
	}
	var out []ratedPoint
	for h := begin.UTC().Truncate(time.Hour); h.Before(end); h = h.Add(time.Hour) {
		if h.Before(begin) {
			continue
		}
		at := map[string]int{} // this hour's point of each resource, by ID
		for _, rec := range rs.usage {
			if !rec.Start.Before(h.Add(time.Hour)) || (!rec.End.IsZero() && !rec.End.After(h)) {
				continue
			}
			p := ratedPoint{Begin: h, usageRecord: *rec, Price: SandboxPrices.hourly(rec.Type, rec.Qty, rec.Meta)}
			i, ok := at[rec.ID]
			switch {
			case !ok:
				at[rec.ID] = len(out)
				out = append(out, p)
			case out[i].Type != metricInstance || rec.Type == metricInstance:
				// One point an hour for a resource that changed within it: its
				// latest shape, but an hour a server ran in is a running hour
				// (an hour begun is rated whole).
				out[i] = p
			}
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
