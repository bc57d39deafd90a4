// Package rating reads CloudKitty, OpenStack's rating service, for the
// billing toolset and for the estimates other toolsets' creates carry: the
// v2 summary and dataframes of the project's rated hours, and the hashmap
// rules that price them. Infomaniak bills in ICU: CHF 1 = 50 ICU, EUR 1 =
// 55.5 ICU.
package rating

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// ICU per franc and per euro, as Infomaniak's billing documentation says.
const (
	ICUPerCHF = 50.0
	ICUPerEUR = 55.5
)

// Money is an amount in ICU and converted to CHF and EUR.
type Money struct {
	ICU float64 `json:"icu"`
	CHF float64 `json:"chf"`
	EUR float64 `json:"eur"`
}

// InICU is icu in the three units, rounded to what a person reads (ICU to
// 4 decimals, francs and euros to 4: an hour of a small server is a cent).
func InICU(icu float64) Money {
	return Money{ICU: round(icu, 4), CHF: round(icu/ICUPerCHF, 4), EUR: round(icu/ICUPerEUR, 4)}
}

func round(f float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(f*p) / p
}

// period is begin and end as CloudKitty's query parameters take them; a
// zero time is left out, for CloudKitty's default: this month by the
// cloud's own clock (the start of this month, the start of the next).
func period(begin, end time.Time) url.Values {
	q := url.Values{}
	for k, t := range map[string]time.Time{"begin": begin, "end": end} {
		if !t.IsZero() {
			q.Set(k, t.UTC().Format("2006-01-02T15:04:05Z"))
		}
	}
	return q
}

// get reads a CloudKitty path (with its version) into v.
func get(ctx context.Context, sc *gophercloud.ServiceClient, path string, q url.Values, v any) error {
	u := sc.ServiceURL(path)
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	_, err := sc.Get(ctx, u, v, &gophercloud.RequestOpts{OkCodes: []int{http.StatusOK}})
	return err
}

// Row is one line of a summary: the quantity and price over the period,
// and the values of the keys it was grouped by.
type Row struct {
	Begin, End time.Time // the period asked for
	Qty, Rate  float64
	Keys       map[string]string
}

// pageSize is the rows a summary page asks for; maxRows bounds a summary.
const (
	pageSize = 100
	maxRows  = 2000
)

// Summary is the project's rated total over [begin, end) grouped by the
// keys (type, id), every row (up to maxRows; complete says whether all were
// read), and the period CloudKitty answered for.
func Summary(ctx context.Context, sc *gophercloud.ServiceClient, begin, end time.Time, groupby ...string) (rows []Row, complete bool, err error) {
	for offset := 0; offset < maxRows; offset += pageSize {
		q := period(begin, end)
		q.Set("response_format", "object")
		q.Set("offset", strconv.Itoa(offset))
		q.Set("limit", strconv.Itoa(pageSize))
		for _, g := range groupby {
			q.Add("groupby", g)
		}
		var page struct {
			Total   int              `json:"total"`
			Results []map[string]any `json:"results"`
		}
		if err := get(ctx, sc, "v2/summary", q, &page); err != nil {
			return nil, false, err
		}
		for _, r := range page.Results {
			row := Row{Qty: number(r["qty"]), Rate: number(r["rate"]), Keys: map[string]string{}}
			row.Begin, _ = time.Parse(time.RFC3339, fmt.Sprint(r["begin"]))
			row.End, _ = time.Parse(time.RFC3339, fmt.Sprint(r["end"]))
			for _, g := range groupby {
				row.Keys[g], _ = r[g].(string)
			}
			rows = append(rows, row)
		}
		if len(page.Results) < pageSize || offset+len(page.Results) >= page.Total {
			return rows, true, nil
		}
	}
	return rows, false, nil
}

func number(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case json.Number: // gophercloud decodes numbers so
		f, _ := n.Float64()
		return f
	case string:
		f, _ := strconv.ParseFloat(n, 64)
		return f
	}
	return 0
}

// Point is one rated hour of one resource.
type Point struct {
	Begin, End time.Time
	Type, ID   string
	Qty, Price float64
	Metadata   map[string]string
}

type dataframes struct {
	Total      int `json:"total"`
	Dataframes []struct {
		Period struct {
			Begin string `json:"begin"`
			End   string `json:"end"`
		} `json:"period"`
		Usage map[string][]struct {
			Vol struct {
				Qty any `json:"qty"`
			} `json:"vol"`
			Rating struct {
				Price any `json:"price"`
			} `json:"rating"`
			Groupby  map[string]string `json:"groupby"`
			Metadata map[string]string `json:"metadata"`
		} `json:"usage"`
	} `json:"dataframes"`
}

// Latest is up to n of the latest rated points in [begin, end) (zero
// times: this month) of a type ("" for any), and how many there are in all: CloudKitty pages points
// oldest first, so it asks for the count, then the last page. None is no
// error.
func Latest(ctx context.Context, sc *gophercloud.ServiceClient, begin, end time.Time, typ string, n int) ([]Point, int, error) {
	q := period(begin, end)
	q.Set("limit", "1")
	if typ != "" {
		q.Set("filters", "type:"+typ)
	}
	var first dataframes
	if err := get(ctx, sc, "v2/dataframes", q, &first); err != nil {
		if fault.Classify(err).Code == fault.CodeNotFound { // CloudKitty's dataframes: nothing rated in the period
			return nil, 0, nil
		}
		return nil, 0, err
	}
	q.Set("offset", strconv.Itoa(max(0, first.Total-n)))
	q.Set("limit", strconv.Itoa(n))
	var last dataframes
	if err := get(ctx, sc, "v2/dataframes", q, &last); err != nil {
		return nil, 0, err
	}
	var out []Point
	for _, f := range last.Dataframes {
		b, _ := time.Parse(time.RFC3339, f.Period.Begin)
		e, _ := time.Parse(time.RFC3339, f.Period.End)
		for typ, pts := range f.Usage {
			for _, p := range pts {
				out = append(out, Point{Begin: b, End: e, Type: typ, ID: p.Groupby["id"],
					Qty: number(p.Vol.Qty), Price: number(p.Rating.Price), Metadata: p.Metadata})
			}
		}
	}
	return out, first.Total, nil
}
