package designate

import (
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// dnsState holds Designate's zones and record sets. Like servers and
// volumes, a change moves on a clock evaluated lazily: it is PENDING until
// ActionDelay after it began (the lab's Designate waits for BIND to have
// it), then ACTIVE; a delete then removes the zone or record set.
type dnsState struct {
	s     *core.Cloud
	zones []*dnsZone // in creation order; deleted ones are removed
	quota Quota
}

// Quota is a project's Designate quota; the defaults are Designate's.
type Quota struct {
	Zones, ZoneRecordsets, ZoneRecords, RecordsetRecords, APIExportSize int
}

// TakenZoneName is a zone another project owns: Designate refuses it to
// this project as it refuses a duplicate (409 duplicate_zone), and this
// project's list never shows it.
const TakenZoneName = "infomaniak.com."

// ErrorZoneName is a zone whose creation the name servers never take: it
// goes from PENDING to ERROR, as on a cloud whose pool refuses it, so that
// the failure path can be exercised.
const ErrorZoneName = "error-zone.test."

type dnsZone struct {
	ID, ProjectID, Name, Email string
	Description                *string
	TTL, Serial, Version       int
	Status, Action             string
	Created, Updated           time.Time
	pendingUntil               time.Time
	recordsets                 []*dnsRecordset
}

type dnsRecordset struct {
	ID, Name, Type   string
	Records          []string
	TTL              *int
	Description      *string
	Version          int
	Status, Action   string
	Created, Updated time.Time
	pendingUntil     time.Time
}

func (d *dnsState) init(s *core.Cloud) {
	d.s = s
	d.quota = Quota{Zones: 10, ZoneRecordsets: 500, ZoneRecords: 500, RecordsetRecords: 20, APIExportSize: 1000}
	seeded := s.Now().Add(-90 * 24 * time.Hour)
	other := &dnsZone{ID: core.StableID("zone", TakenZoneName), ProjectID: core.StableID("project", "another"), Name: TakenZoneName,
		Email: "hostmaster@infomaniak.com", TTL: 3600, Serial: int(seeded.Unix()), Version: 2, Status: "ACTIVE", Action: "NONE",
		Created: seeded, Updated: seeded}
	d.zones = append(d.zones, other)
}

// tick applies what has ended by now: PENDING becomes ACTIVE, and what was
// being deleted is gone.
func (d *dnsState) tick() {
	now := d.s.Now()
	zones := d.zones[:0]
	for _, z := range d.zones {
		rs := z.recordsets[:0]
		for _, r := range z.recordsets {
			if r.Status == "PENDING" && !now.Before(r.pendingUntil) {
				if r.Action == "DELETE" {
					continue
				}
				r.Status, r.Action = "ACTIVE", "NONE"
			}
			rs = append(rs, r)
		}
		z.recordsets = rs
		if z.Status == "PENDING" && !now.Before(z.pendingUntil) {
			if z.Action == "DELETE" {
				continue
			}
			if z.Name == ErrorZoneName && z.Action == "CREATE" {
				z.Status = "ERROR"
				zones = append(zones, z)
				continue
			}
			z.Status, z.Action = "ACTIVE", "NONE"
			z.Version++
			z.Updated = z.pendingUntil
		}
		zones = append(zones, z)
	}
	d.zones = zones
}

// mine are the zones of the sandbox's project.
func (d *dnsState) mine() []*dnsZone {
	var out []*dnsZone
	for _, z := range d.zones {
		if z.ProjectID == d.s.ProjectID() {
			out = append(out, z)
		}
	}
	return out
}

func (d *dnsState) zoneByID(id string) *dnsZone {
	for _, z := range d.mine() {
		if z.ID == id {
			return z
		}
	}
	return nil
}

// zoneNamed is the zone of any project with name, as Designate's names are
// unique across projects.
func (d *dnsState) zoneNamed(name string) *dnsZone {
	for _, z := range d.zones {
		if strings.EqualFold(z.Name, name) {
			return z
		}
	}
	return nil
}

// changed marks z PENDING while its name servers take a change: Designate
// raises the serial and pushes the zone again.
func (d *dnsState) changed(z *dnsZone, action string) {
	now := d.s.Now()
	if z.Status != "PENDING" || action == "DELETE" {
		z.Action = action
	}
	z.Status = "PENDING"
	z.Serial = max(z.Serial+1, int(now.Unix()))
	z.Version++
	if action != "CREATE" {
		z.Updated = now
	}
	z.pendingUntil = now.Add(d.s.Options().ActionDelay)
}

func (z *dnsZone) recordsetByID(id string) *dnsRecordset {
	for _, r := range z.recordsets {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// records counts the zone's records, for the zone_records quota.
func (z *dnsZone) records() int {
	n := 0
	for _, r := range z.recordsets {
		n += len(r.Records)
	}
	return n
}
