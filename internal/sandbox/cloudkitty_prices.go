package sandbox

// SandboxPrices are the prices the sandbox's CloudKitty rates by: the
// sandbox's own, in ICU (Infomaniak's unit: CHF 1 = 50 ICU), not
// Infomaniak's. Its hashmap rules show the same table.
var SandboxPrices = RatingPrices{
	Flavors: map[string]float64{ // ICU per hour
		"a1-ram2-disk20-perf1": 0.45, "a2-ram4-disk20-perf1": 0.9, "a2-ram4-disk50-perf1": 1.0,
		"a4-ram8-disk50-perf1": 1.8, "a4-ram16-disk80-perf1": 2.6, "a8-ram32-disk80-perf1": 5.2,
		"a16-ram64-disk100-perf1": 10.4, "a32-ram128-disk100-perf1": 20.8,
	},
	VolumeTypes: map[string]float64{"CEPH_1_perf1": 0.004, "CEPH_1_perf2": 0.008}, // ICU per GiB and hour
	FloatingIP:  0.12,                                                             // ICU per hour
}

// RatingPrices is a price table in ICU: per hour of a server by its
// flavor's name, per GiB and hour of a volume by its type, per hour of a
// floating IP.
type RatingPrices struct {
	Flavors     map[string]float64
	VolumeTypes map[string]float64
	FloatingIP  float64
}

// Metric types as CloudKitty's default metrics.yml names them, with their
// units and the metadata field a price depends on.
const (
	metricInstance   = "instance"
	metricVolume     = "volume.size"
	metricFloatingIP = "ip.floating"
)

var metricUnit = map[string]string{metricInstance: "instance", metricVolume: "GiB", metricFloatingIP: "ip"}

// hourly is what one hour of a resource costs: its unit price times qty.
func (p RatingPrices) hourly(typ string, qty float64, meta map[string]string) float64 {
	switch typ {
	case metricInstance:
		return p.Flavors[meta["flavor_name"]] * qty
	case metricVolume:
		return p.VolumeTypes[meta["volume_type"]] * qty
	case metricFloatingIP:
		return p.FloatingIP * qty
	}
	return 0
}
