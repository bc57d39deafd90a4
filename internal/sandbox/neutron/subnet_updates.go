package neutron

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"slices"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// A subnet's update: name, description, DHCP, gateway (clear of the
// allocation pools, or null for none), DNS nameservers and service types,
// under its revision, by its owner.
func (s *api) routeSubnetUpdates(mux *http.ServeMux) {
	mux.HandleFunc("PUT /network/v2.0/subnets/{id}", s.Authed(s.updateSubnet))
}

func init() {
	ifMatchRoutes["PUT /network/v2.0/subnets/{id}"] = true
}

var subnetReadOnly = []string{"id", "tenant_id", "project_id", "network_id", "ip_version", "cidr", "subnetpool_id",
	"prefixlen", "created_at", "updated_at", "revision_number"}

func (s *api) updateSubnet(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Subnet struct {
			Name         *string         `json:"name"`
			Description  *string         `json:"description"`
			EnableDHCP   *bool           `json:"enable_dhcp"`
			GatewayIP    json.RawMessage `json:"gateway_ip"`
			DNS          *[]string       `json:"dns_nameservers"`
			ServiceTypes *[]string       `json:"service_types"`
		} `json:"subnet"`
	}
	if !neutronUpdateDecoded(w, r, &req, "subnet", subnetReadOnly, "name", "description", "enable_dhcp", "gateway_ip", "dns_nameservers", "service_types") {
		return
	}
	in := req.Subnet
	gateway, gatewayOK := netip.Addr{}, true
	if in.GatewayIP != nil {
		gateway, gatewayOK = parseGateway(w, in.GatewayIP)
	}
	if !gatewayOK || (in.DNS != nil && !validNameservers(w, *in.DNS)) || (in.ServiceTypes != nil && !validServiceTypes(w, *in.ServiceTypes)) {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	sn := neutronFound(w, subnetKind, r.PathValue("id"), s.network.Subnet)
	if sn == nil || !s.ownsOrForbids(w, sn.ProjectID, "update_subnet") || !revisionMatches(w, r, sn.Revision) {
		return
	}
	if in.GatewayIP != nil && gateway.IsValid() {
		if !sn.Prefix.Contains(gateway) {
			core.NotServed(w, r, "a gateway_ip outside the subnet's cidr")
			return
		}
		for _, rg := range sn.Pools {
			if rg.contains(gateway) {
				neutronFault(w, http.StatusConflict, "GatewayConflictWithAllocationPools", "Gateway ip %s conflicts with allocation pool %s.", gateway, rg)
				return
			}
		}
	}
	changed := setIf(&sn.Name, in.Name)
	changed = setIf(&sn.Description, in.Description) || changed
	if in.EnableDHCP != nil && sn.NoDHCP == *in.EnableDHCP {
		sn.NoDHCP, changed = !*in.EnableDHCP, true
	}
	if in.GatewayIP != nil && gateway != sn.Gateway {
		sn.Gateway, changed = gateway, true
	}
	if in.DNS != nil && !slices.Equal(*in.DNS, sn.DNS) {
		sn.DNS, changed = *in.DNS, true
	}
	if in.ServiceTypes != nil && !slices.Equal(sortedCopy(*in.ServiceTypes), sn.ServiceTypes) {
		sn.ServiceTypes, changed = sortedCopy(*in.ServiceTypes), true
	}
	if changed {
		sn.Updated = s.Now()
		sn.Revision++
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"subnet": s.subnetJSON(sn)})
}
