package dns

import (
	"context"
	"fmt"
	"net/mail"
	"net/url"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// Zone is a DNS zone: a domain whose records Designate serves.
type Zone struct {
	ID          string `json:"id"`
	Name        string `json:"name" jsonschema_description:"Fully qualified, with its final dot."`
	Status      string `json:"status" jsonschema_description:"PENDING while the name servers take a change, then ACTIVE."`
	Email       string `json:"email"`
	TTL         int    `json:"ttl"`
	Serial      int    `json:"serial"`
	Description string `json:"description,omitempty"`
	Created     string `json:"created,omitempty"`
}

func zoneView(z designateZone) Zone {
	v := Zone{ID: z.ID, Name: z.Name, Status: z.Status, Email: z.Email, TTL: z.TTL, Serial: z.Serial, Created: kit.Time(designateTime(z.CreatedAt))}
	if z.Description != nil {
		v.Description = *z.Description
	}
	return v
}

type zoneRef struct {
	Zone string `json:"zone" jsonschema:"required,minLength=1" jsonschema_description:"Its name (example.com) or ID."`
}

type listZonesArgs struct {
	Name string `json:"name,omitempty"`
	kit.Page
}

type ZoneList struct {
	Zones []Zone `json:"zones"`
	kit.More
}

func listZones() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_zones", Title: "List DNS zones", Effect: mcptool.Read,
		Description: "List the project's DNS zones."},
		func(ctx context.Context, s *client.Services, a listZonesArgs) (ZoneList, error) {
			q := url.Values{}
			if a.Name != "" {
				q.Set("name", strings.ToLower(fqdn(a.Name)))
			}
			page, more, err := kit.Read(ctx, s.DNS, s.DNS.ServiceURL("zones")+"?"+q.Encode(), "zones", a.Page,
				func(z *designateZone) string { return z.ID })
			if err != nil {
				return ZoneList{}, err
			}
			return ZoneList{Zones: kit.Views(page, zoneView), More: more}, nil
		})
}

type createZoneArgs struct {
	Name        string `json:"name" jsonschema:"required,minLength=3,maxLength=255" jsonschema_description:"The domain, e.g. example.com (the final dot is added)."`
	Email       string `json:"email,omitempty" jsonschema_description:"The zone's contact; omit for hostmaster@ the domain."`
	TTL         int    `json:"ttl,omitempty" jsonschema:"minimum=60,maximum=604800" jsonschema_description:"Seconds; omit for 3600."`
	Description string `json:"description,omitempty" jsonschema:"maxLength=160"`
	kit.Waiting
}

func createZone() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "create_zone", Title: "Create a DNS zone", Effect: mcptool.Write,
		Description: "Create a DNS zone and wait until the name servers serve it. Returns the new zone."},
		func(ctx context.Context, s *client.Services, a createZoneArgs) (Zone, error) {
			name := strings.ToLower(fqdn(strings.TrimSpace(a.Name)))
			if err := checkZoneName(name); err != nil {
				return Zone{}, err
			}
			email := a.Email
			if email == "" {
				email = "hostmaster@" + strings.TrimSuffix(name, ".")
			}
			if _, err := mail.ParseAddress(email); err != nil || strings.ContainsAny(email, "<> ") {
				return Zone{}, fault.Errorf(fault.CodeInvalidArgument, "email %q is not an address", email).
					WithHint("pass the zone's contact as name@domain, or omit email for hostmaster@" + strings.TrimSuffix(name, "."))
			}
			body := map[string]any{"name": name, "email": email}
			if a.TTL > 0 {
				body["ttl"] = a.TTL
			}
			if a.Description != "" {
				body["description"] = a.Description
			}
			z, err := client.CreateNamed(ctx, "zone", name, false,
				func(ctx context.Context) (*designateZone, error) {
					return send[designateZone](ctx, s.DNS, "POST", s.DNS.ServiceURL("zones"), body)
				},
				func(ctx context.Context) ([]designateZone, error) { return zonesNamed(ctx, s, name) },
				func(z *designateZone) client.Named {
					return client.Named{ID: z.ID, Name: z.Name, Created: designateTime(z.CreatedAt)}
				})
			if err != nil {
				return Zone{}, takenElsewhere(err, name)
			}
			if a.Wait {
				if err := waitZone(ctx, s, z.ID, a.Waiting, false); err != nil {
					return Zone{}, err
				}
				if z, err = getZone(ctx, s, z.ID); err != nil {
					return Zone{}, err
				}
			}
			return zoneView(*z), nil
		})
}

// checkZoneName refuses what Designate would: a name of one label, a
// label that is empty or too long, characters a host name has not.
func checkZoneName(name string) error {
	labels := strings.Split(strings.TrimSuffix(name, "."), ".")
	bad := len(labels) < 2 || len(name) > 255
	for _, l := range labels {
		bad = bad || !hostLabel(l)
	}
	if bad {
		return fault.Errorf(fault.CodeInvalidArgument, "%q is not a domain name a zone can have", name).
			WithHint("pass a domain of two labels or more, of letters, digits and '-', e.g. example.com")
	}
	return nil
}

func hostLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for _, c := range l {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// takenElsewhere explains Designate's duplicate_zone when the project has
// no zone of that name: another project holds it, and Designate's names
// are unique across the cloud.
func takenElsewhere(err error, name string) error {
	e := fault.Classify(err)
	if e == nil || e.Code != fault.CodeConflict || !strings.Contains(e.Message, "Duplicate Zone") {
		return err
	}
	return fault.Errorf(fault.CodeConflict, "zone %s belongs to another project: a zone's name is unique across the cloud", name).
		WithHint("use a name under a domain you own (a subdomain such as app." + strings.TrimSuffix(name, ".") +
			" may be free), or ask the owner of " + name + " to delete or transfer it")
}

func waitZone(ctx context.Context, s *client.Services, id string, w kit.Waiting, gone bool) error {
	return waitDesignate(ctx, s, "zone", id, w, gone, func(ctx context.Context) (string, string, error) {
		z, err := getZone(ctx, s, id)
		if err != nil {
			return "", "", err
		}
		return z.Status, z.Action, nil
	})
}

type deleteZoneArgs struct {
	zoneRef
	kit.Waiting
}

// Deleted is what a delete returns.
type Deleted struct {
	Success bool   `json:"success"`
	ID      string `json:"id"`
	Name    string `json:"name"`
}

func deleteZone() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_zone", Title: "Delete a DNS zone", Effect: mcptool.Destructive,
		Idempotent: true, Ask: askDeleteZone(),
		Description: "Delete a DNS zone and all its records. Returns {success, id, name}."},
		func(ctx context.Context, s *client.Services, a deleteZoneArgs) (Deleted, error) {
			z, err := findZone(ctx, s, a.Zone)
			if err != nil {
				return Deleted{}, err
			}
			if z.Action != "DELETE" {
				_, err := send[designateZone](ctx, s.DNS, "DELETE", s.DNS.ServiceURL("zones", z.ID), nil)
				if err := kit.Deleted(ctx, err, func(ctx context.Context) error { _, err := getZone(ctx, s, z.ID); return err }); err != nil {
					return Deleted{}, err
				}
			}
			if a.Wait {
				if err := waitZone(ctx, s, z.ID, a.Waiting, true); err != nil {
					return Deleted{}, err
				}
			}
			return Deleted{Success: true, ID: z.ID, Name: z.Name}, nil
		})
}

// zoneContents says what a zone holds, for the question before deleting
// it: its record sets and records, less the SOA and NS Designate keeps.
func zoneContents(ctx context.Context, s *client.Services, z *designateZone) (string, error) {
	rs, err := recordsets(ctx, s, z.ID, "", "")
	if err != nil {
		return "", err
	}
	sets, records := 0, 0
	for _, r := range rs {
		if !r.managed(z.Name) {
			sets++
			records += len(r.Records)
		}
	}
	return fmt.Sprintf("%d record set(s), %d record(s)", sets, records), nil
}
