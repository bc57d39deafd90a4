package neutron

import (
	"net/http"
	"net/netip"
	"slices"
	"strings"
)

// The checks of a subnet's fields that its create and its update share.

// validNameservers refuses a dns_nameservers entry that is not an address.
func validNameservers(w http.ResponseWriter, dns []string) bool {
	for _, d := range dns {
		if _, err := netip.ParseAddr(d); err != nil {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Invalid input for dns_nameservers. Reason: '%s' is not a valid nameserver. '%s' is not a valid IP address.", d, d)
			return false
		}
	}
	return true
}

// deviceOwnerPrefixes are what Neutron's subnet service types must start
// with: the owners of ports (compute:<zone>, network:floatingip, ...).
var deviceOwnerPrefixes = []string{"compute:", "network:", "neutron:"}

// validServiceTypes refuses a service type no port's device owner can have.
func validServiceTypes(w http.ResponseWriter, types []string) bool {
	for _, t := range types {
		if !slices.ContainsFunc(deviceOwnerPrefixes, func(p string) bool { return strings.HasPrefix(t, p) }) {
			neutronFault(w, http.StatusBadRequest, "InvalidSubnetServiceType", "Subnet service type %s does not correspond to a valid device owner.", t)
			return false
		}
	}
	return true
}

// sortedCopy is s sorted, as Neutron lists a subnet's service types.
func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// subnetPrefix is the cidr a subnet's create asks for: its own, or one
// allocated from the subnet pool it names (subnet_pools.go).
func (s *api) subnetPrefix(w http.ResponseWriter, cidr, poolID string, prefixlen int) (netip.Prefix, string, bool) {
	if poolID != "" {
		return s.allocateFromPool(w, poolID, cidr, prefixlen)
	}
	prefix, err := netip.ParsePrefix(cidr)
	if err != nil {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Invalid input for cidr. Reason: '%s' is not a valid IP subnet.", cidr)
		return netip.Prefix{}, "", false
	}
	return prefix.Masked(), "", true
}

// serves says whether a port of device owner may have an address on sn:
// a subnet with service types serves those owners only.
func (sn *subnet) serves(owner string) bool {
	return len(sn.ServiceTypes) == 0 || slices.Contains(sn.ServiceTypes, owner)
}
