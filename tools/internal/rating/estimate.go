package rating

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
)

// CloudKitty's metric types (its default metrics.yml) and the metadata
// field each one's price depends on. A load balancer is Ceilometer's
// meter of one (network.services.lb.loadbalancer, unit loadbalancer,
// Gnocchi's resource type loadbalancer), which CloudKitty's default
// metrics leave out and a cloud that rates load balancers adds.
const (
	TypeInstance     = "instance"
	TypeVolume       = "volume.size"
	TypeFloatingIP   = "ip.floating"
	TypeLoadBalancer = "network.services.lb.loadbalancer"
)

var priceField = map[string]string{TypeInstance: "flavor_name", TypeVolume: "volume_type"}

// Item is what a create makes, as the rating sees it: a type, the value
// its price depends on (a flavor's name, a volume type) and a quantity
// (GiB of a volume, else 1).
type Item struct {
	Type, Key string
	Qty       float64
}

// Instance, Volume, FloatingIP and LoadBalancer are the items of the
// creates that carry an estimate. A load balancer is priced as one:
// create_load_balancer asks for no Octavia flavor, so it gets the cloud's
// default.
func Instance(flavorName string) Item        { return Item{TypeInstance, flavorName, 1} }
func Volume(volumeType string, gib int) Item { return Item{TypeVolume, volumeType, float64(gib)} }
func FloatingIP() Item                       { return Item{TypeFloatingIP, "", 1} }
func LoadBalancer() Item                     { return Item{TypeLoadBalancer, "", 1} }

// Server is what a server of a flavor costs: nothing to price when its
// flavor is not known by name.
func Server(flavorName string) []Item {
	if flavorName == "" {
		return nil
	}
	return []Item{Instance(flavorName)}
}

// Estimate is what a new resource will cost an hour and 30 days, and
// where the figure comes from; with no price known, no figure and a note
// saying why.
type Estimate struct {
	ICUHour   float64 `json:"icu_hour,omitempty"`
	CHFHour   float64 `json:"chf_hour,omitempty"`
	CHF30Days float64 `json:"chf_30_days,omitempty"`
	EUR30Days float64 `json:"eur_30_days,omitempty"`
	Source    string  `json:"source,omitempty"`
	Note      string  `json:"note,omitempty"`
}

// estimateTimeout bounds the look-ups: an estimate never holds up a create.
const estimateTimeout = 5 * time.Second

// EstimateOf prices what a create made, the sum of its items (a load
// balancer and its floating IP), each from, in this order, the cloud's
// rating rules (where the credential may read them), the unit prices in
// the project's own rated data, and the --prices table. It never fails:
// an item it cannot price leaves no figure (a part would understate the
// cost) and a note saying why.
func EstimateOf(ctx context.Context, s *client.Services, items ...Item) *Estimate {
	ctx, cancel := context.WithTimeout(ctx, estimateTimeout)
	defer cancel()
	total := 0.0
	var sources []string
	for _, it := range items {
		icu, source, why := priceOf(ctx, s, it)
		if source == "" {
			if len(items) > 1 {
				why = strings.Replace(why, "no price known", "no price known for the "+it.describe(), 1)
			}
			return &Estimate{Note: why}
		}
		total += icu
		if !slices.Contains(sources, source) {
			sources = append(sources, source)
		}
	}
	return priced(total, strings.Join(sources, " and "))
}

// priceOf is an hour of it in ICU and where that comes from, or why no
// price is known.
func priceOf(ctx context.Context, s *client.Services, it Item) (icu float64, source, why string) {
	why = "no price known"
	if sc, err := s.Need(ctx, client.Rating); err != nil {
		why += ": the cloud has no rating service (CloudKitty)"
	} else {
		if icu, ok := fromRules(ctx, s.Cloud, sc, it); ok {
			return icu, "the cloud's rating rules", ""
		}
		if icu, ok := fromRated(ctx, s.Cloud, sc, it); ok {
			return icu, "the project's rated usage", ""
		}
		why += fmt.Sprintf(": the rating rules are not readable with this credential and the project's rated usage this month has no %s", it.describe())
	}
	if icu, src, ok := fromFile(it); ok {
		return icu, src, ""
	}
	return 0, "", why + "; --prices FILE gives one"
}

func (it Item) describe() string {
	switch it.Type {
	case TypeInstance:
		return "server of flavor " + it.Key
	case TypeVolume:
		return "volume of type " + it.Key
	case TypeLoadBalancer:
		return "load balancer"
	}
	return "floating IP"
}

func priced(icu float64, source string) *Estimate {
	h, d := InICU(icu), InICU(icu*24*30)
	return &Estimate{ICUHour: h.ICU, CHFHour: h.CHF, CHF30Days: round(d.CHF, 2), EUR30Days: round(d.EUR, 2), Source: source}
}

// Priced is a create's handler that then prices what it made (items says
// what, from the handler's result; none for nothing to price) and wraps
// the result with the estimate. The estimate never fails the create.
func Priced[A, R, P any](fn func(context.Context, *client.Services, A) (R, error),
	items func(R) []Item, wrap func(R, *Estimate) P) func(context.Context, *client.Services, A) (P, error) {
	return func(ctx context.Context, s *client.Services, a A) (P, error) {
		r, err := fn(ctx, s, a)
		if err != nil {
			var zero P
			return zero, err
		}
		var e *Estimate
		if its := items(r); len(its) > 0 {
			e = EstimateOf(ctx, s, its...)
		}
		return wrap(r, e), nil
	}
}

// hashmap is the part of CloudKitty's hashmap rules an estimate reads.
type hashmapMapping struct {
	Value string `json:"value"`
	Type  string `json:"type"`
	Cost  string `json:"cost"`
}

// fromRules prices it as CloudKitty's hashmap module would: the largest
// flat cost among the mappings that match (the service's own, and its
// field's for the item's key), times every matching rate, times the
// quantity. Thresholds are not read. A credential that may not read the
// rules (CloudKitty's default policy: admins only) gets no figure.
func fromRules(ctx context.Context, cloud *client.Cloud, sc *gophercloud.ServiceClient, it Item) (float64, bool) {
	key := "rating-rules/" + it.Type + "/" + it.Key
	if v, ok := cloud.Cached(key); ok {
		return v.(float64) * it.Qty, true
	}
	unit, ok := unitFromRules(ctx, sc, it)
	if ok { // only a price is kept: rules made readable, or set, count at once
		cloud.Remember(key, unit)
	}
	return unit * it.Qty, ok
}

// unitFromRules is the price of one unit of it by the rules (the cache
// keeps it per type and key, whatever the quantity).
func unitFromRules(ctx context.Context, sc *gophercloud.ServiceClient, it Item) (float64, bool) {
	const hm = "v1/rating/module_config/hashmap/"
	var services struct {
		Services []struct {
			ServiceID string `json:"service_id"`
			Name      string `json:"name"`
		} `json:"services"`
	}
	if get(ctx, sc, hm+"services", nil, &services) != nil {
		return 0, false
	}
	serviceID := ""
	for _, sv := range services.Services {
		if sv.Name == it.Type {
			serviceID = sv.ServiceID
		}
	}
	if serviceID == "" {
		return 0, false
	}
	var mappings []hashmapMapping
	var own struct {
		Mappings []hashmapMapping `json:"mappings"`
	}
	if get(ctx, sc, hm+"mappings", url.Values{"service_id": {serviceID}}, &own) == nil {
		mappings = append(mappings, own.Mappings...)
	}
	if field := priceField[it.Type]; field != "" {
		var fields struct {
			Fields []struct {
				FieldID string `json:"field_id"`
				Name    string `json:"name"`
			} `json:"fields"`
		}
		if get(ctx, sc, hm+"fields", url.Values{"service_id": {serviceID}}, &fields) == nil {
			for _, f := range fields.Fields {
				if f.Name != field {
					continue
				}
				var byValue struct {
					Mappings []hashmapMapping `json:"mappings"`
				}
				if get(ctx, sc, hm+"mappings", url.Values{"field_id": {f.FieldID}}, &byValue) == nil {
					for _, m := range byValue.Mappings {
						if m.Value == it.Key {
							mappings = append(mappings, m)
						}
					}
				}
			}
		}
	}
	flat, rate, matched := 0.0, 1.0, false
	for _, m := range mappings {
		c, err := strconv.ParseFloat(m.Cost, 64)
		if err != nil {
			continue
		}
		matched = true
		if m.Type == "rate" {
			rate *= c
		} else if c > flat {
			flat = c
		}
	}
	return flat * rate, matched
}

// ratedPoints is how many of this month's latest rated points are read
// for a unit price.
const ratedPoints = 100

// fromRated prices it by the unit price of a resource like it in the
// project's latest rated hours this month (price over quantity).
func fromRated(ctx context.Context, cloud *client.Cloud, sc *gophercloud.ServiceClient, it Item) (float64, bool) {
	key := "rating-rated/" + it.Type + "/" + it.Key
	if v, ok := cloud.Cached(key); ok {
		return v.(float64) * it.Qty, true
	}
	points, _, err := Latest(ctx, sc, time.Time{}, time.Time{}, it.Type, ratedPoints)
	if err != nil {
		return 0, false
	}
	for i := len(points) - 1; i >= 0; i-- {
		pt := points[i]
		if pt.Qty <= 0 || pt.Price <= 0 {
			continue
		}
		if f := priceField[it.Type]; f != "" && pt.Metadata[f] != it.Key {
			continue
		}
		unit := pt.Price / pt.Qty
		cloud.Remember(key, unit)
		return unit * it.Qty, true
	}
	return 0, false
}
