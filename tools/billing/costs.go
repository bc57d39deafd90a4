package billing

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/rating"
)

type costsArgs struct {
	Since   string `json:"since,omitempty" jsonschema_description:"date or RFC 3339; default: this month so far"`
	Until   string `json:"until,omitempty"`
	GroupBy string `json:"group_by,omitempty" jsonschema:"enum=type,enum=resource,default=type"`
	Limit   int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=100,default=20"`
}

// Costs is the rated cost of a period: its total, its items most expensive
// first, and the rest summed in others.
type Costs struct {
	Since string `json:"since"`
	Until string `json:"until"`
	// RatedUntil is the end of the last hour rated (the rating runs about
	// an hour behind); Complete says whether it reaches the period's end.
	RatedUntil string       `json:"rated_until,omitempty"`
	Complete   bool         `json:"complete"`
	Total      rating.Money `json:"total"`
	Items      []CostItem   `json:"items"`
	Others     *Others      `json:"others,omitempty"`
	Note       string       `json:"note,omitempty"`
}

// notRatedYet says why a period shows nothing: a new resource is first
// rated about an hour after its first hour ends.
const notRatedYet = "nothing is rated in this period yet: the rating runs about an hour behind usage"

// CostItem is the cost of a resource type, or of one resource.
type CostItem struct {
	Type string  `json:"type"`
	ID   string  `json:"id,omitempty"`
	Qty  float64 `json:"qty"`
	rating.Money
}

// Others are the items past the limit, summed.
type Others struct {
	Count int `json:"count"`
	rating.Money
}

func getCosts() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "get_costs", Title: "Get costs", Effect: mcptool.Read, Idempotent: true,
		Description: "Rated costs in ICU, CHF and EUR, most expensive first."},
		func(ctx context.Context, svc *client.Services, a costsArgs) (Costs, error) {
			since, err := when("since", a.Since)
			if err != nil {
				return Costs{}, err
			}
			until, err := when("until", a.Until)
			if err != nil {
				return Costs{}, err
			}
			if a.Since == "" && a.Until != "" || a.Since != "" && a.Until == "" {
				// CloudKitty's defaults are this month's bounds by its own clock:
				// one given bound needs the other from ours.
				now := time.Now().UTC()
				if a.Since == "" {
					since = time.Date(until.Year(), until.Month(), 1, 0, 0, 0, 0, time.UTC)
				} else {
					until = now
				}
			}
			if !since.IsZero() && !until.After(since) {
				return Costs{}, fault.Errorf(fault.CodeInvalidArgument, "until (%s) is not after since (%s)", kit.Time(until), kit.Time(since)).
					WithHint("give until later than since, or neither for this month so far")
			}
			groupby := []string{"type"}
			if a.GroupBy == "resource" {
				groupby = append(groupby, "id")
			}
			rows, _, err := rating.Summary(ctx, svc.Rating, since, until, groupby...)
			if err != nil {
				return Costs{}, err
			}
			out := Costs{Since: kit.Time(since), Until: kit.Time(until), Items: []CostItem{}}
			end := until
			if len(rows) > 0 {
				out.Since, end = kit.Time(rows[0].Begin), rows[0].End
				if !until.IsZero() {
					end = until
				}
			}
			ratedUntil, err := lastRated(ctx, svc, since, until)
			if err != nil {
				return Costs{}, err
			}
			if !ratedUntil.IsZero() {
				out.RatedUntil = kit.Time(ratedUntil)
				out.Complete = !end.IsZero() && !end.After(ratedUntil)
			}
			if a.Until == "" {
				out.Until = cmp.Or(out.RatedUntil, out.Until) // this month so far: as far as it is rated
			}
			if ratedUntil.IsZero() {
				out.Note = notRatedYet
				out.Until = cmp.Or(out.Until, kit.Time(time.Now()))
			}
			if out.Since == "" { // nothing rated this month: its start, by the last hour rated or our clock
				t := cmp.Or(ratedUntil, time.Now()).UTC()
				out.Since = kit.Time(time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC))
			}
			return out.fill(rows, a.Limit), nil
		})
}

// fill lists the rows most expensive first, up to limit, and sums the rest.
func (c Costs) fill(rows []rating.Row, limit int) Costs {
	if limit <= 0 {
		limit = 20
	}
	slices.SortStableFunc(rows, func(a, b rating.Row) int { return cmp.Compare(b.Rate, a.Rate) })
	total, rest := 0.0, 0.0
	for i, r := range rows {
		total += r.Rate
		if i >= limit {
			rest += r.Rate
			continue
		}
		c.Items = append(c.Items, CostItem{Type: r.Keys["type"], ID: r.Keys["id"], Qty: r.Qty, Money: rating.InICU(r.Rate)})
	}
	c.Total = rating.InICU(total)
	if len(rows) > limit {
		c.Others = &Others{Count: len(rows) - limit, Money: rating.InICU(rest)}
	}
	return c
}

// lastRated is the end of the last hour rated: this month's latest, else
// the period's.
func lastRated(ctx context.Context, svc *client.Services, since, until time.Time) (time.Time, error) {
	for _, p := range [][2]time.Time{{}, {since, until}} {
		points, _, err := rating.Latest(ctx, svc.Rating, p[0], p[1], "", 1)
		if err != nil {
			return time.Time{}, err
		}
		if len(points) > 0 {
			return points[len(points)-1].End, nil
		}
	}
	return time.Time{}, nil
}

// when reads a time argument: RFC 3339, or a date (its midnight, UTC).
func when(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fault.Errorf(fault.CodeInvalidArgument, "%s %q is not a time", name, v).
		WithHint("give RFC 3339 (2026-12-01T00:00:00Z) or a date (2026-12-01)")
}
