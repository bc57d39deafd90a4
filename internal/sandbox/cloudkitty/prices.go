package cloudkitty

import "strconv"

// SandboxPrices are the prices the sandbox's CloudKitty rates by: the
// sandbox's own, in ICU (Infomaniak's unit: CHF 1 = 50 ICU), not
// Infomaniak's. Its hashmap rules show the same table, but for a stopped
// server's hours, whose parts add up where the hashmap keeps the largest
// flat cost of its matches.
var SandboxPrices = RatingPrices{
	Flavors: map[string]float64{ // ICU per hour
		"a1-ram2-disk20-perf1": 0.45, "a2-ram4-disk20-perf1": 0.9, "a2-ram4-disk50-perf1": 1.0,
		"a4-ram8-disk50-perf1": 1.8, "a4-ram16-disk80-perf1": 2.6, "a8-ram32-disk80-perf1": 5.2,
		"a16-ram64-disk100-perf1": 10.4, "a32-ram128-disk100-perf1": 20.8,
	},
	VolumeTypes:    map[string]float64{"CEPH_1_perf1": 0.004, "CEPH_1_perf2": 0.008}, // ICU per GiB and hour
	FloatingIP:     0.12,                                                             // ICU per hour
	LoadBalancer:   0.5,                                                              // ICU per hour
	StoppedDiskGiB: 0.004,                                                            // ICU per GiB and hour
	PublicIPv4:     0.1,                                                              // ICU per hour
}

// RatingPrices is a price table in ICU: per hour of a running server by
// its flavor's name, per GiB and hour of a volume by its type, per hour of
// a floating IP and of a load balancer. A stopped (SHUTOFF) server pays,
// as on Infomaniak, not its flavor but what it still holds: its local disk
// (StoppedDiskGiB per GiB of its flavor's disk, unless it boots from a
// volume, which is rated as a volume), its public IPv4 addresses (on a
// public network such as ext-net1; floating IPs are rated on their own)
// and its GPU (no sandbox flavor has one).
type RatingPrices struct {
	Flavors        map[string]float64
	VolumeTypes    map[string]float64
	FloatingIP     float64
	LoadBalancer   float64
	StoppedDiskGiB float64
	PublicIPv4     float64
}

// Metric types as CloudKitty's default metrics.yml names them, with their
// units and the metadata field a price depends on; a load balancer as
// Ceilometer's meter of one (network.services.lb.loadbalancer, which a
// cloud that rates load balancers adds to its metrics.yml), and a stopped
// server's hours as instance.stopped, apart from its running ones.
const (
	metricInstance        = "instance"
	metricInstanceStopped = "instance.stopped"
	metricVolume          = "volume.size"
	metricFloatingIP      = "ip.floating"
	metricLoadBalancer    = "network.services.lb.loadbalancer"
)

var metricUnit = map[string]string{metricInstance: "instance", metricInstanceStopped: "instance", metricVolume: "GiB",
	metricFloatingIP: "ip", metricLoadBalancer: "loadbalancer"}

// hourly is what one hour of a resource costs: its unit price times qty.
func (p RatingPrices) hourly(typ string, qty float64, meta map[string]string) float64 {
	switch typ {
	case metricInstance:
		return p.Flavors[meta["flavor_name"]] * qty
	case metricInstanceStopped:
		disk, _ := strconv.Atoi(meta["disk_gb"])
		ips, _ := strconv.Atoi(meta["public_ipv4"])
		return (p.StoppedDiskGiB*float64(disk) + p.PublicIPv4*float64(ips)) * qty
	case metricVolume:
		return p.VolumeTypes[meta["volume_type"]] * qty
	case metricFloatingIP:
		return p.FloatingIP * qty
	case metricLoadBalancer:
		return p.LoadBalancer * qty
	}
	return 0
}
