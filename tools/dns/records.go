package dns

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// RecordSet is the records of one name and type in a zone.
type RecordSet struct {
	ID      string   `json:"id"`
	Name    string   `json:"name" jsonschema_description:"Fully qualified, with its final dot."`
	Type    string   `json:"type"`
	Records []string `json:"records"`
	TTL     int      `json:"ttl,omitempty" jsonschema_description:"Seconds; absent: the zone's."`
	Status  string   `json:"status" jsonschema_description:"PENDING while the name servers take a change, then ACTIVE."`
}

func recordsetView(r designateRecordset) RecordSet {
	v := RecordSet{ID: r.ID, Name: r.Name, Type: r.Type, Records: r.Records, Status: r.Status}
	if v.Records == nil {
		v.Records = []string{}
	}
	if r.TTL != nil {
		v.TTL = *r.TTL
	}
	return v
}

// recordTypes are the types set_record sets; Designate keeps SOA and NS.
var recordTypes = []string{"A", "AAAA", "CNAME", "TXT", "MX", "SRV", "CAA"}

type listRecordsArgs struct {
	zoneRef
	Type string `json:"type,omitempty" jsonschema:"enum=A,enum=AAAA,enum=CNAME,enum=TXT,enum=MX,enum=SRV,enum=CAA,enum=NS,enum=SOA"`
	Name string `json:"name,omitempty" jsonschema_description:"Relative to the zone (www) or fully qualified."`
	kit.Page
}

type RecordSetList struct {
	Zone       string      `json:"zone"`
	RecordSets []RecordSet `json:"record_sets"`
	kit.More
}

func listRecords() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_records", Title: "List DNS records", Effect: mcptool.Read,
		Description: "List a zone's record sets, by type and name if given."},
		func(ctx context.Context, s *client.Services, a listRecordsArgs) (RecordSetList, error) {
			z, err := findZone(ctx, s, a.Zone)
			if err != nil {
				return RecordSetList{}, err
			}
			q := url.Values{}
			if a.Type != "" {
				q.Set("type", a.Type)
			}
			if a.Name != "" {
				name, err := nameInZone(a.Name, z.Name)
				if err != nil {
					return RecordSetList{}, err
				}
				q.Set("name", name)
			}
			page, more, err := kit.Read(ctx, s.DNS, s.DNS.ServiceURL("zones", z.ID, "recordsets")+"?"+q.Encode(), "recordsets", a.Page,
				func(r *designateRecordset) string { return r.ID })
			if err != nil {
				return RecordSetList{}, err
			}
			return RecordSetList{Zone: z.Name, RecordSets: kit.Views(page, recordsetView), More: more}, nil
		})
}

type setRecordArgs struct {
	zoneRef
	Name    string   `json:"name" jsonschema:"required,minLength=1" jsonschema_description:"Relative to the zone (www; @ for the zone itself) or fully qualified."`
	Type    string   `json:"type,omitempty" jsonschema:"enum=A,enum=AAAA,enum=CNAME,enum=TXT,enum=MX,enum=SRV,enum=CAA" jsonschema_description:"Omit with target for both A and AAAA."`
	Records []string `json:"records,omitempty" jsonschema:"maxItems=20" jsonschema_description:"The record set's whole content, e.g. [\"203.0.113.7\"], [\"10 mail.example.com.\"]."`
	Target  string   `json:"target,omitempty" jsonschema_description:"Instead of records: a server or load balancer (name or ID), whose public addresses are put in."`
	TTL     int      `json:"ttl,omitempty" jsonschema:"minimum=60,maximum=604800" jsonschema_description:"Seconds; omit for the zone's."`
	kit.Waiting
}

// SetResult is what set_record did: the record sets as they are now, and
// whether anything changed.
type SetResult struct {
	Zone       string      `json:"zone"`
	Changed    bool        `json:"changed" jsonschema_description:"False when the records were already so."`
	RecordSets []RecordSet `json:"record_sets"`
}

func setRecord() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "set_record", Title: "Set a DNS record", Effect: mcptool.Write, Idempotent: true,
		Description: "Create or replace the record set of a name and type, from records or a target's public addresses; " +
			"the same call again changes nothing. Returns {zone, changed, record_sets}."},
		func(ctx context.Context, s *client.Services, a setRecordArgs) (SetResult, error) {
			z, err := findZone(ctx, s, a.Zone)
			if err != nil {
				return SetResult{}, err
			}
			name, err := nameInZone(a.Name, z.Name)
			if err != nil {
				return SetResult{}, err
			}
			wanted, err := wantedSets(ctx, s, a)
			if err != nil {
				return SetResult{}, err
			}
			existing, err := recordsets(ctx, s, z.ID, name, "")
			if err != nil {
				return SetResult{}, err
			}
			if err := checkCNAME(name, wanted, existing); err != nil {
				return SetResult{}, err
			}
			res := SetResult{Zone: z.Name, RecordSets: []RecordSet{}}
			for _, w := range wanted {
				r, changed, err := putRecordset(ctx, s, z, name, w, a.TTL, existing)
				if err != nil {
					return SetResult{}, err
				}
				res.Changed = res.Changed || changed
				if a.Wait && r.Status != "ACTIVE" {
					if err := waitRecordset(ctx, s, z.ID, r.ID, a.Waiting, false); err != nil {
						return SetResult{}, err
					}
					if r, err = getRecordset(ctx, s, z.ID, r.ID); err != nil {
						return SetResult{}, err
					}
				}
				res.RecordSets = append(res.RecordSets, recordsetView(*r))
			}
			return res, nil
		})
}

// putRecordset makes the record set of name and w's type hold w's records:
// nothing when it does already, a replacement when it holds others, a new
// record set when there is none.
func putRecordset(ctx context.Context, s *client.Services, z *designateZone, name string, w wantedSet, ttl int,
	existing []designateRecordset) (*designateRecordset, bool, error) {
	i := slices.IndexFunc(existing, func(r designateRecordset) bool { return r.Type == w.typ })
	if i < 0 {
		body := map[string]any{"name": name, "type": w.typ, "records": w.records}
		if ttl > 0 {
			body["ttl"] = ttl
		}
		r, err := send[designateRecordset](ctx, s.DNS, "POST", s.DNS.ServiceURL("zones", z.ID, "recordsets"), body)
		if err != nil {
			// A lost reply after Designate made it: the retry is a duplicate;
			// the record set as asked is there.
			if got, ok := settled(ctx, s, z.ID, name, w, ttl, err); ok {
				return got, true, nil
			}
			return nil, false, err
		}
		return r, true, nil
	}
	cur := existing[i]
	if sameRecords(cur.Records, w.records) && (ttl == 0 || cur.TTL != nil && *cur.TTL == ttl) {
		return &cur, false, nil
	}
	body := map[string]any{"records": w.records}
	if ttl > 0 {
		body["ttl"] = ttl
	}
	r, err := send[designateRecordset](ctx, s.DNS, "PUT", s.DNS.ServiceURL("zones", z.ID, "recordsets", cur.ID), body)
	if err != nil {
		if got, ok := settled(ctx, s, z.ID, name, w, ttl, err); ok {
			return got, true, nil
		}
		return nil, false, err
	}
	return r, true, nil
}

// settled looks again after a failed change: the record set as asked
// means the change was made (a lost reply, a retry refused as duplicate).
func settled(ctx context.Context, s *client.Services, zoneID, name string, w wantedSet, ttl int, err error) (*designateRecordset, bool) {
	var got *designateRecordset
	ok := kit.TookEffect(ctx, err, func(ctx context.Context) bool {
		rs, lerr := recordsets(ctx, s, zoneID, name, w.typ)
		if lerr != nil || len(rs) != 1 || !sameRecords(rs[0].Records, w.records) || ttl > 0 && (rs[0].TTL == nil || *rs[0].TTL != ttl) {
			return false
		}
		got = &rs[0]
		return true
	}) == nil
	return got, ok
}

// sameRecords compares two record lists as sets: Designate keeps them in
// an order of its own.
func sameRecords(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

func waitRecordset(ctx context.Context, s *client.Services, zoneID, id string, w kit.Waiting, gone bool) error {
	return waitDesignate(ctx, s, "record set", id, w, gone, func(ctx context.Context) (string, string, error) {
		r, err := getRecordset(ctx, s, zoneID, id)
		if err != nil {
			return "", "", err
		}
		return r.Status, r.Action, nil
	})
}

type deleteRecordArgs struct {
	zoneRef
	Name string `json:"name" jsonschema:"required,minLength=1" jsonschema_description:"Relative to the zone (www; @ for the zone itself) or fully qualified."`
	Type string `json:"type" jsonschema:"required,enum=A,enum=AAAA,enum=CNAME,enum=TXT,enum=MX,enum=SRV,enum=CAA"`
	kit.Waiting
}

// findRecordset is the record set of a's name and type.
func findRecordset(ctx context.Context, s *client.Services, a deleteRecordArgs) (*designateZone, *designateRecordset, error) {
	z, err := findZone(ctx, s, a.Zone)
	if err != nil {
		return nil, nil, err
	}
	name, err := nameInZone(a.Name, z.Name)
	if err != nil {
		return nil, nil, err
	}
	rs, err := recordsets(ctx, s, z.ID, name, a.Type)
	if err != nil {
		return nil, nil, err
	}
	if len(rs) == 0 {
		return nil, nil, fault.Errorf(fault.CodeNotFound, "zone %s has no %s record set named %s", z.Name, a.Type, name).
			WithHint("list_records shows the zone's record sets")
	}
	return z, &rs[0], nil
}

func deleteRecord() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_record", Title: "Delete a DNS record set", Effect: mcptool.Destructive,
		Idempotent: true, Ask: askDeleteRecord(),
		Description: "Delete the record set of a name and type. Returns {success, id, name}."},
		func(ctx context.Context, s *client.Services, a deleteRecordArgs) (Deleted, error) {
			z, r, err := findRecordset(ctx, s, a)
			if err != nil {
				return Deleted{}, err
			}
			if r.Action != "DELETE" {
				_, err := send[designateRecordset](ctx, s.DNS, "DELETE", s.DNS.ServiceURL("zones", z.ID, "recordsets", r.ID), nil)
				if err := kit.Deleted(ctx, err, func(ctx context.Context) error { _, err := getRecordset(ctx, s, z.ID, r.ID); return err }); err != nil {
					return Deleted{}, err
				}
			}
			if a.Wait {
				if err := waitRecordset(ctx, s, z.ID, r.ID, a.Waiting, true); err != nil {
					return Deleted{}, err
				}
			}
			return Deleted{Success: true, ID: r.ID, Name: r.Name}, nil
		})
}

// nameInZone is name fully qualified in zone: "@" or "" is the zone
// itself, a name ending in a dot is taken as it is, and so is one that
// ends with the zone's name (www.example.com for www.example.com.); any
// other is relative to the zone. A fully qualified name outside the zone
// is refused. The name is lower case but for the zone's own part, spelt as
// the zone is: Designate matches a record set to its zone case by case.
func nameInZone(name, zone string) (string, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	lower := strings.ToLower(zone)
	bare := strings.TrimSuffix(lower, ".")
	switch {
	case name == "@" || name == "":
		return zone, nil
	case name == bare || strings.HasSuffix(name, "."+bare):
		name += "."
	case !strings.HasSuffix(name, "."):
		name += "." + lower
	}
	if name != lower && !strings.HasSuffix(name, "."+lower) {
		return "", fault.Errorf(fault.CodeInvalidArgument, "%s is outside zone %s", name, zone).
			WithHint("pass a name relative to the zone (www for www." + zone + ") or one ending in ." + zone)
	}
	for _, l := range strings.Split(strings.TrimSuffix(name, "."), ".") {
		if l != "*" && !hostLabel(l) {
			return "", fault.Errorf(fault.CodeInvalidArgument, "%q is not a name a record can have (label %q)", name, l).
				WithHint("labels are 1 to 63 letters, digits, '-' or '_' ('*' for a wildcard), not starting or ending with '-'")
		}
	}
	return strings.TrimSuffix(name, lower) + zone, nil
}
