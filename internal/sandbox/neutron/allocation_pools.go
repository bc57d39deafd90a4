package neutron

import (
	"net/http"
	"net/netip"
)

// A subnet's allocation pools: the ranges its addresses are handed out
// from. By default, Neutron's: the whole subnet but its network address, its
// IPv4 broadcast and its gateway, the part above the gateway first.

type addrRange struct{ Start, End netip.Addr }

func (a addrRange) contains(x netip.Addr) bool {
	return a.Start.Compare(x) <= 0 && x.Compare(a.End) <= 0
}

func (a addrRange) String() string { return a.Start.String() + "-" + a.End.String() }

func (a addrRange) json() map[string]string {
	return map[string]string{"start": a.Start.String(), "end": a.End.String()}
}

// hostRange is the part of p that Neutron may hand out at all.
func hostRange(p netip.Prefix) addrRange {
	last := lastAddr(p)
	if last.Is4() {
		last = last.Prev() // the broadcast address
	}
	return addrRange{p.Masked().Addr().Next(), last}
}

// defaultPools are the pools of a subnet of p created without any.
func defaultPools(p netip.Prefix, gateway netip.Addr) []addrRange {
	all := hostRange(p)
	if !gateway.IsValid() || !all.contains(gateway) {
		return []addrRange{all}
	}
	var pools []addrRange
	if gateway != all.End {
		pools = append(pools, addrRange{gateway.Next(), all.End})
	}
	if gateway != all.Start {
		pools = append(pools, addrRange{all.Start, gateway.Prev()})
	}
	return pools
}

// parsePools reads the allocation_pools of a subnet's create and checks
// them as Neutron does: addresses, within the subnet, clear of its gateway;
// false after answering Neutron's refusal.
func parsePools(w http.ResponseWriter, in []map[string]string, p netip.Prefix, gateway netip.Addr) ([]addrRange, bool) {
	var pools []addrRange
	for _, raw := range in {
		var rg addrRange
		for _, f := range []struct {
			key string
			dst *netip.Addr
		}{{"start", &rg.Start}, {"end", &rg.End}} {
			a, err := netip.ParseAddr(raw[f.key])
			if err != nil {
				neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Invalid input for allocation_pools. Reason: '%s' is not a valid IP address.", raw[f.key])
				return nil, false
			}
			*f.dst = a
		}
		if !p.Contains(rg.Start) || !p.Contains(rg.End) {
			neutronFault(w, http.StatusBadRequest, "OutOfBoundsAllocationPool", "The allocation pool %s spans beyond the subnet cidr %s.", rg, p)
			return nil, false
		}
		if gateway.IsValid() && rg.contains(gateway) {
			neutronFault(w, http.StatusConflict, "GatewayConflictWithAllocationPools", "Gateway ip %s conflicts with allocation pool %s.", gateway, rg)
			return nil, false
		}
		pools = append(pools, rg)
	}
	return pools, true
}

// Allocate hands out the next address of sn's pools, wrapping around to
// the first (Neutron's IPAM keeps addresses unique per subnet; the sandbox
// never reuses one before going round).
func (n *State) Allocate(sn *subnet) string {
	if len(sn.Pools) == 0 {
		return ""
	}
	a := sn.next
	if !sn.inPools(a) {
		a = sn.Pools[0].Start
	}
	sn.next = sn.Pools[0].Start
	for i, rg := range sn.Pools {
		if rg.contains(a) {
			if a != rg.End {
				sn.next = a.Next()
			} else {
				sn.next = sn.Pools[(i+1)%len(sn.Pools)].Start
			}
		}
	}
	return a.String()
}

func (sn *subnet) inPools(a netip.Addr) bool {
	for _, rg := range sn.Pools {
		if a.IsValid() && rg.contains(a) {
			return true
		}
	}
	return false
}
