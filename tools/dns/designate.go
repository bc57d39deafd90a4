package dns

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/progress"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// designateZone is a zone as Designate answers it, with what the views use.
type designateZone struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Email       string  `json:"email"`
	TTL         int     `json:"ttl"`
	Serial      int     `json:"serial"`
	Status      string  `json:"status"`
	Action      string  `json:"action"`
	Description *string `json:"description"`
	CreatedAt   string  `json:"created_at"`
}

// designateRecordset is a record set as Designate answers it.
type designateRecordset struct {
	ID      string   `json:"id"`
	ZoneID  string   `json:"zone_id"`
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Records []string `json:"records"`
	TTL     *int     `json:"ttl"`
	Status  string   `json:"status"`
	Action  string   `json:"action"`
}

// managed says whether Designate keeps r itself: the zone's SOA and its
// own NS records, which no one sets or deletes.
func (r designateRecordset) managed(zone string) bool {
	return r.Type == "SOA" || r.Type == "NS" && r.Name == zone
}

func getZone(ctx context.Context, s *client.Services, id string) (*designateZone, error) {
	var z designateZone
	_, err := s.DNS.Get(ctx, s.DNS.ServiceURL("zones", id), &z, nil)
	if err != nil {
		return nil, err
	}
	return &z, nil
}

// zonesNamed are the project's zones of exactly name ("" for all).
func zonesNamed(ctx context.Context, s *client.Services, name string) ([]designateZone, error) {
	q := url.Values{}
	if name != "" {
		q.Set("name", fqdn(name))
	}
	return client.Collect(ctx, s.DNS, s.DNS.ServiceURL("zones")+"?"+q.Encode(), "zones", "", kit.MaxLimit,
		func(z *designateZone) string { return z.ID })
}

// findZone finds a zone by ID or name (the final dot may be left out).
func findZone(ctx context.Context, s *client.Services, ref string) (*designateZone, error) {
	if strings.Contains(ref, ".") { // a name, as Designate keeps it
		ref = strings.ToLower(fqdn(strings.TrimSpace(ref)))
	}
	return kit.Find(ctx, "zone", ref,
		func(ctx context.Context, id string) (*designateZone, error) { return getZone(ctx, s, id) },
		func(ctx context.Context, name string) ([]designateZone, error) { return zonesNamed(ctx, s, name) },
		func(z *designateZone) client.Candidate { return client.Candidate{ID: z.ID, Name: z.Name} })
}

// recordsets are a zone's record sets, all of them or those of one name
// and type.
func recordsets(ctx context.Context, s *client.Services, zoneID, name, typ string) ([]designateRecordset, error) {
	q := url.Values{}
	if name != "" {
		q.Set("name", name)
	}
	if typ != "" {
		q.Set("type", typ)
	}
	var all []designateRecordset
	marker := ""
	for {
		page, err := client.Collect(ctx, s.DNS, s.DNS.ServiceURL("zones", zoneID, "recordsets")+"?"+q.Encode(), "recordsets", marker,
			kit.MaxLimit, func(r *designateRecordset) string { return r.ID })
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < kit.MaxLimit {
			return all, nil
		}
		marker = page[len(page)-1].ID
	}
}

func getRecordset(ctx context.Context, s *client.Services, zoneID, id string) (*designateRecordset, error) {
	var r designateRecordset
	if _, err := s.DNS.Get(ctx, s.DNS.ServiceURL("zones", zoneID, "recordsets", id), &r, nil); err != nil {
		return nil, err
	}
	return &r, nil
}

// fqdn is name with its final dot.
func fqdn(name string) string {
	if strings.HasSuffix(name, ".") {
		return name
	}
	return name + "."
}

// designateSteps are the steps of a wait on Designate: PENDING while it
// pushes the change to its name servers, then done.
var designateSteps = []string{"pushing to the name servers", "active"}

// waitDesignate waits until get's zone or record set is ACTIVE (or gone,
// for a delete), with progress. Designate gives no reason for an ERROR:
// the message says what it was doing (its action) and where to look.
func waitDesignate(ctx context.Context, s *client.Services, kind, id string, w kit.Waiting, gone bool,
	get func(context.Context) (status, action string, err error)) error {
	ctx = progress.Plan(ctx, designateSteps...)
	var action string
	_, err := s.Cloud.Wait(ctx, client.WaitFor{
		Kind: kind, ID: id, Until: []string{"ACTIVE"}, Gone: gone, Failed: []string{"ERROR"}, Timeout: w.Timeout(),
		Poll: func(ctx context.Context) (client.State, error) {
			st, act, err := get(ctx)
			if err != nil {
				return client.State{}, err
			}
			action = act
			return client.State{Status: st, Fault: "the name servers did not take its " + strings.ToLower(action) +
				"; Designate gives no reason: retry later, or ask the cloud's support if it stays ERROR"}, nil
		},
		Step: func(st client.State) string {
			if st.Status == "ACTIVE" || st.Gone {
				return designateSteps[1]
			}
			return designateSteps[0]
		},
	})
	return err
}

// send makes one Designate request whose answer is a zone or record set.
func send[T any](ctx context.Context, sc *gophercloud.ServiceClient, method, url string, body any) (*T, error) {
	var out T
	opts := &gophercloud.RequestOpts{JSONBody: body, JSONResponse: &out, OkCodes: []int{200, 201, 202}}
	if _, err := sc.Request(ctx, method, url, opts); err != nil {
		return nil, err
	}
	return &out, nil
}

// designateTime reads a Designate time: 2026-12-07T11:56:21.000000, UTC
// without saying so (zero for none).
func designateTime(t string) time.Time {
	at, _ := time.Parse("2006-01-02T15:04:05.999999", t)
	return at
}
