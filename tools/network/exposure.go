package network

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// What a rule opens is judged on the addresses it admits, not on how its
// prefix is spelt: 1.2.3.4/0 is all of IPv4, and 0.0.0.0/1 with
// 128.0.0.0/1 is the whole internet as surely as 0.0.0.0/0.

// parsePrefix reads remote_ip_prefix: a CIDR, masked by its length (what
// Neutron would match), or a bare address, taken as that one address. note
// says what was read otherwise than written, for the result.
func parsePrefix(s string) (p netip.Prefix, note string, err error) {
	if a, aerr := netip.ParseAddr(s); aerr == nil && a.Zone() == "" {
		p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		return p, fmt.Sprintf("remote_ip_prefix %s was taken as %s: that one address", s, p), nil
	}
	if p, err = netip.ParsePrefix(s); err != nil {
		return netip.Prefix{}, "", err
	}
	if m := p.Masked(); m != p {
		return m, fmt.Sprintf("remote_ip_prefix %s was taken as %s: a prefix of length %d leaves the address's other bits out", s, m, p.Bits()), nil
	}
	return p, "", nil
}

// shownPrefix is a stored prefix as it applies (masked): a rule stored
// unmasked (by another client) shows what it opens.
func shownPrefix(s string) string {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked().String()
	}
	return s
}

// internet is the whole address space of each ethertype.
var internet = map[string]netip.Prefix{"IPv4": netip.MustParsePrefix("0.0.0.0/0"), "IPv6": netip.MustParsePrefix("::/0")}

// opens reports whether ingress rule r admits protocol (tcp or udp) on
// port (0: every port of it), and from which prefix: a rule with neither a
// prefix nor a remote group admits its whole ethertype; one with a remote
// group admits only that group's members, which are no internet.
func (r neutronRule) opens(protocol string, port int) (netip.Prefix, bool) {
	if r.Direction != "ingress" || r.RemoteGroupID != nil && *r.RemoteGroupID != "" {
		return netip.Prefix{}, false
	}
	if r.Protocol != nil && *r.Protocol != "" && *r.Protocol != protocol {
		return netip.Prefix{}, false
	}
	if r.PortMin != nil {
		hi := *r.PortMin
		if r.PortMax != nil {
			hi = *r.PortMax
		}
		if port == 0 || port < *r.PortMin || port > hi {
			return netip.Prefix{}, false
		}
	}
	if r.RemoteIPPrefix == nil || *r.RemoteIPPrefix == "" {
		p, ok := internet[r.EtherType]
		return p, ok
	}
	p, err := netip.ParsePrefix(*r.RemoteIPPrefix)
	if err != nil {
		return netip.Prefix{}, false
	}
	return p.Masked(), true
}

// coversAll reports whether prefixes together hold every address of
// target's family from target on.
func coversAll(target netip.Prefix, prefixes []netip.Prefix) bool {
	inside := false
	for _, p := range prefixes {
		if p.Addr().Is4() != target.Addr().Is4() {
			continue
		}
		if p.Bits() <= target.Bits() && p.Contains(target.Addr()) {
			return true
		}
		inside = inside || target.Contains(p.Addr())
	}
	if !inside || target.Bits() == target.Addr().BitLen() {
		return false
	}
	lo, hi := halves(target)
	return coversAll(lo, prefixes) && coversAll(hi, prefixes)
}

// halves splits p into its two prefixes one bit longer.
func halves(p netip.Prefix) (netip.Prefix, netip.Prefix) {
	b := p.Addr().AsSlice()
	bit := p.Bits()
	b[bit/8] |= 0x80 >> (bit % 8)
	hi, _ := netip.AddrFromSlice(b)
	return netip.PrefixFrom(p.Addr(), bit+1), netip.PrefixFrom(hi, bit+1)
}

// groupWarning is what the group's rules, the one just added among them,
// open to the whole internet though no one rule does: an administrative
// port the new rule admits, or every port, through prefixes of its family
// that together make up that family.
func groupWarning(rules []neutronRule, added neutronRule) string {
	if added.Protocol != nil && *added.Protocol == "icmp" {
		return "" // icmp has no ports to expose
	}
	all := append(slices.Clone(rules), added)
	protocols := []string{"tcp", "udp"}
	if added.Protocol != nil && *added.Protocol != "" {
		protocols = []string{*added.Protocol}
	}
	var open []string
	opened := func(protocol string, port int) (string, bool) {
		for family, whole := range internet {
			var ps []netip.Prefix
			for _, r := range all {
				if p, ok := r.opens(protocol, port); ok && r.EtherType == family {
					ps = append(ps, p)
				}
			}
			if _, ok := added.opens(protocol, port); ok && added.EtherType == family && coversAll(whole, ps) {
				return family, true
			}
		}
		return "", false
	}
	for _, protocol := range protocols {
		if family, ok := opened(protocol, 0); ok {
			open = append(open, fmt.Sprintf("every %s port (%s)", protocol, family))
			continue
		}
		for port, name := range adminPorts {
			if family, ok := opened(protocol, port); ok {
				open = append(open, fmt.Sprintf("%s (%d, %s)", name, port, family))
			}
		}
	}
	if len(open) == 0 {
		return ""
	}
	slices.Sort(open)
	return fmt.Sprintf("this group's rules together open %s to the whole internet: their prefixes add up to every address; "+
		"narrow the rules' remote_ip_prefix to the addresses that need it", strings.Join(open, ", "))
}
