package neutron

import (
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"
)

// A port's fields that its create and update share: allowed address
// pairs, extra DHCP options, and the port security that both pairs and
// security groups need.

type addressPair struct{ IP, MAC string }

type dhcpOpt struct {
	Name, Value string
	Version     int
}

// addressPairsIn reads allowed_address_pairs; a pair without a MAC takes
// the port's.
func addressPairsIn(w http.ResponseWriter, in []map[string]string, mac string) ([]addressPair, bool) {
	out := []addressPair{}
	for _, p := range in {
		ip, ok := p["ip_address"]
		if !ok {
			neutronFault(w, http.StatusBadRequest, "AllowedAddressPairsMissingIP", "AllowedAddressPair must contain ip_address")
			return nil, false
		}
		if _, err := netip.ParseAddr(ip); err != nil {
			if _, err := netip.ParsePrefix(ip); err != nil {
				neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "'%s' is not a valid IP address", ip)
				return nil, false
			}
		}
		pair := addressPair{IP: ip, MAC: mac}
		if m := p["mac_address"]; m != "" {
			pair.MAC = m
		}
		out = append(out, pair)
	}
	return out, true
}

// dhcpOptsIn merges extra_dhcp_opts into have: an option named again is
// replaced, one with a null value removed (on an update; a create needs
// both the name and the value).
func dhcpOptsIn(w http.ResponseWriter, in []map[string]*string, have []dhcpOpt, creating bool) ([]dhcpOpt, bool) {
	out := slices.Clone(have)
	for _, o := range in {
		name, value := o["opt_name"], o["opt_value"]
		if name == nil || (creating && value == nil) {
			neutronFault(w, http.StatusBadRequest, "InvalidInput", "Invalid input for operation: No valid key specs matched for: %s.", pythonDict(o))
			return nil, false
		}
		out = slices.DeleteFunc(out, func(d dhcpOpt) bool { return d.Name == *name })
		if value != nil {
			out = append(out, dhcpOpt{Name: *name, Value: *value, Version: 4})
		}
	}
	return out, true
}

// pythonDict writes an option as Neutron's message prints it.
func pythonDict(o map[string]*string) string {
	var parts []string
	for _, k := range []string{"opt_name", "opt_value", "ip_version"} {
		if v, ok := o[k]; ok {
			val := "None"
			if v != nil {
				val = "'" + *v + "'"
			}
			parts = append(parts, fmt.Sprintf("'%s': %s", k, val))
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// portSecurityAllows refuses security groups or address pairs on a port
// without port security, as Neutron does (disabling: the change turns it
// off).
func portSecurityAllows(w http.ResponseWriter, p *Port, disabling bool) bool {
	if !p.NoPortSecurity {
		return true
	}
	switch {
	case len(p.SecurityGroupIDs) > 0 && disabling:
		neutronFault(w, http.StatusConflict, "PortSecurityPortHasSecurityGroup", "Port has security group associated. Cannot disable port security or IP address until security group is removed.")
	case len(p.SecurityGroupIDs) > 0:
		neutronFault(w, http.StatusBadRequest, "PortSecurityAndIPRequiredForSecurityGroups", "Port security must be enabled and port must have an IP address in order to use security groups.")
	case len(p.AddressPairs) > 0:
		neutronFault(w, http.StatusConflict, "AddressPairAndPortSecurityRequired", "Port Security must be enabled in order to have allowed address pairs on a port.")
	default:
		return true
	}
	return false
}

func (p *Port) pairsJSON() []map[string]string {
	out := make([]map[string]string, len(p.AddressPairs))
	for i, a := range p.AddressPairs {
		out[i] = map[string]string{"ip_address": a.IP, "mac_address": a.MAC}
	}
	return out
}

func (p *Port) dhcpOptsJSON() []map[string]any {
	out := make([]map[string]any, len(p.DHCPOpts))
	for i, o := range p.DHCPOpts {
		out[i] = map[string]any{"opt_name": o.Name, "opt_value": o.Value, "ip_version": o.Version}
	}
	return out
}
