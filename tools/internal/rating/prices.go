package rating

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
)

// PriceFile is the price table a user gives (--prices FILE), for clouds
// whose rating the credential cannot read:
//
//	{"unit": "ICU",
//	 "flavors": {"a1-ram2-disk20-perf1": 0.45},
//	 "volume_types": {"CEPH_1_perf1": 0.004},
//	 "floating_ip": 0.12,
//	 "load_balancer": 0.8}
//
// Prices are per hour: of a server by its flavor's name, of a GiB of
// volume by its type, of a floating IP, of a load balancer. unit is ICU
// (the default), CHF or EUR.
type PriceFile struct {
	Unit         string             `json:"unit"`
	Flavors      map[string]float64 `json:"flavors"`
	VolumeTypes  map[string]float64 `json:"volume_types"`
	FloatingIP   *float64           `json:"floating_ip"`
	LoadBalancer *float64           `json:"load_balancer"`
	path         string
}

var (
	pricesMu sync.RWMutex
	prices   *PriceFile
)

// UsePrices reads the price table of path for every estimate that neither
// the cloud's rules nor its rated data can give.
func UsePrices(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("--prices: %w", err)
	}
	var p PriceFile
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return fmt.Errorf("--prices %s: %v (the format: {\"unit\": \"ICU\", \"flavors\": {\"NAME\": PRICE_PER_HOUR}, "+
			"\"volume_types\": {\"TYPE\": PRICE_PER_GIB_HOUR}, \"floating_ip\": PRICE_PER_HOUR, \"load_balancer\": PRICE_PER_HOUR})", path, err)
	}
	factor := map[string]float64{"": 1, "ICU": 1, "CHF": ICUPerCHF, "EUR": ICUPerEUR}[strings.ToUpper(p.Unit)]
	if factor == 0 {
		return fmt.Errorf("--prices %s: unit %q is none of ICU, CHF and EUR", path, p.Unit)
	}
	for _, m := range []map[string]float64{p.Flavors, p.VolumeTypes} {
		for k, v := range m {
			m[k] = v * factor
		}
	}
	for _, v := range []*float64{p.FloatingIP, p.LoadBalancer} {
		if v != nil {
			*v *= factor
		}
	}
	p.path = path
	pricesMu.Lock()
	prices = &p
	pricesMu.Unlock()
	return nil
}

// fromFile is the price in ICU of an hour of it from the --prices table.
func fromFile(it Item) (float64, string, bool) {
	pricesMu.RLock()
	p := prices
	pricesMu.RUnlock()
	if p == nil {
		return 0, "", false
	}
	src := "the prices file " + p.path
	switch it.Type {
	case TypeInstance:
		v, ok := p.Flavors[it.Key]
		return v * it.Qty, src, ok
	case TypeVolume:
		v, ok := p.VolumeTypes[it.Key]
		return v * it.Qty, src, ok
	case TypeFloatingIP:
		if p.FloatingIP != nil {
			return *p.FloatingIP * it.Qty, src, true
		}
	case TypeLoadBalancer:
		if p.LoadBalancer != nil {
			return *p.LoadBalancer * it.Qty, src, true
		}
	}
	return 0, "", false
}
