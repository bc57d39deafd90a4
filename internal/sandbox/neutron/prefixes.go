package neutron

import (
	"encoding/binary"
	"net/http"
	"net/netip"
	"slices"
)

// IPv4 prefix arithmetic for subnet pools: merging, excluding, and the
// first free block of a length (Neutron uses netaddr's cidr_merge and IPSet).

func v4(a netip.Addr) uint32 { b := a.As4(); return binary.BigEndian.Uint32(b[:]) }

func fromV4(x uint32) netip.Addr {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], x)
	return netip.AddrFrom4(b)
}

// blockEnd is the last address of p, as a number.
func blockEnd(p netip.Prefix) uint32 { return v4(lastAddr(p)) }

// mergePrefixes drops the prefixes another holds and joins sibling halves,
// sorted by address.
func mergePrefixes(ps []netip.Prefix) []netip.Prefix {
	out := slices.Clone(ps)
	for changed := true; changed; {
		changed = false
		slices.SortFunc(out, func(a, b netip.Prefix) int {
			if c := a.Addr().Compare(b.Addr()); c != 0 {
				return c
			}
			return a.Bits() - b.Bits()
		})
		out = slices.Compact(out)
		for i := 0; i+1 < len(out); i++ {
			a, b := out[i], out[i+1]
			switch {
			case a.Overlaps(b): // sorted: a holds b
				out = slices.Delete(out, i+1, i+2)
				changed = true
			case a.Bits() == b.Bits() && a.Bits() > 0:
				parent, _ := a.Addr().Prefix(a.Bits() - 1)
				if parent.Contains(b.Addr()) {
					out[i] = parent
					out = slices.Delete(out, i+1, i+2)
					changed = true
				}
			}
		}
	}
	return out
}

// excludePrefixes is ps without the addresses of removed.
func excludePrefixes(ps, removed []netip.Prefix) []netip.Prefix {
	var out []netip.Prefix
	var cut func(p netip.Prefix)
	cut = func(p netip.Prefix) {
		switch {
		case !slices.ContainsFunc(removed, p.Overlaps):
			out = append(out, p)
		case slices.ContainsFunc(removed, func(r netip.Prefix) bool { return r.Bits() <= p.Bits() && r.Contains(p.Addr()) }):
		default: // a removed prefix lies inside p: keep its halves' rest
			lo, _ := p.Addr().Prefix(p.Bits() + 1)
			hi := netip.PrefixFrom(fromV4(v4(p.Addr())|1<<(31-p.Bits())), p.Bits()+1)
			cut(lo)
			cut(hi)
		}
	}
	for _, p := range ps {
		cut(p)
	}
	return mergePrefixes(out)
}

// allocateFromPool is the cidr a subnet gets from pool id: the one asked
// for when it is free in the pool, or the first free block of prefixlen
// (the pool's default when 0), refused as Neutron refuses.
func (s *api) allocateFromPool(w http.ResponseWriter, id, cidr string, prefixlen int) (netip.Prefix, string, bool) {
	n := &s.network
	sp := neutronFound(w, subnetPoolKind, id, n.subnetPool)
	if sp == nil {
		return netip.Prefix{}, "", false
	}
	var taken []netip.Prefix
	for _, sn := range n.subnets {
		if sn.PoolID == sp.ID {
			taken = append(taken, sn.Prefix)
		}
	}
	free := func(c netip.Prefix) bool {
		return slices.ContainsFunc(sp.Prefixes, func(p netip.Prefix) bool { return p.Bits() <= c.Bits() && p.Contains(c.Addr()) }) &&
			!slices.ContainsFunc(taken, c.Overlaps)
	}
	if cidr != "" {
		c, err := netip.ParsePrefix(cidr)
		if err != nil {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Invalid input for cidr. Reason: '%s' is not a valid IP subnet.", cidr)
			return netip.Prefix{}, "", false
		}
		if c = c.Masked(); c.Addr().Is4() && free(c) && c.Bits() >= sp.MinLen && c.Bits() <= sp.MaxLen {
			return c, sp.ID, true
		}
		return netip.Prefix{}, "", subnetAllocationFailed(w)
	}
	if prefixlen == 0 {
		prefixlen = sp.DefaultLen
	}
	if prefixlen < sp.MinLen {
		neutronFault(w, http.StatusBadRequest, "MinPrefixSubnetAllocationError", "Unable to allocate subnet with prefix length %d, minimum allowed prefix is %d.", prefixlen, sp.MinLen)
		return netip.Prefix{}, "", false
	}
	if prefixlen > sp.MaxLen {
		neutronFault(w, http.StatusBadRequest, "MaxPrefixSubnetAllocationError", "Unable to allocate subnet with prefix length %d, maximum allowed prefix is %d.", prefixlen, sp.MaxLen)
		return netip.Prefix{}, "", false
	}
	size := uint64(1) << (32 - prefixlen)
	for _, p := range sp.Prefixes {
		if p.Bits() > prefixlen {
			continue
		}
		for at := uint64(v4(p.Addr())); at <= uint64(blockEnd(p)); at += size {
			c := netip.PrefixFrom(fromV4(uint32(at)), prefixlen)
			i := slices.IndexFunc(taken, c.Overlaps)
			if i < 0 {
				return c, sp.ID, true
			}
			// jump past what overlaps, to the next block boundary
			if end := uint64(blockEnd(taken[i])); end+1 > at+size {
				at = end + 1 - size
			}
		}
	}
	return netip.Prefix{}, "", subnetAllocationFailed(w)
}

func subnetAllocationFailed(w http.ResponseWriter) bool {
	neutronFault(w, http.StatusInternalServerError, "SubnetAllocationError", "Failed to allocate subnet: Cannot allocate requested subnet from the available set of prefixes.")
	return false
}
