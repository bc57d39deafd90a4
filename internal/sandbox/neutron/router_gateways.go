package neutron

import (
	"net/http"
	"slices"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// A router's external gateway, on create and update: a network_id only.
// Its other fields (enable_snat, external_fixed_ips) are the admin's by
// Neutron's default policy, so a member's request naming them is a 403,
// as the lab answers.

// gatewayFields are the fields of external_gateway_info, in the order
// Neutron's policy message names their rules.
var gatewayFields = []string{"network_id", "enable_snat", "external_fixed_ips"}

// gatewayAllowed answers Neutron's 403 for a gateway naming more than its
// network, by rule (create_router or update_router), and the sandbox's 501
// for a field Neutron does not have there.
func gatewayAllowed(w http.ResponseWriter, r *http.Request, rule string, gw map[string]any) bool {
	var rules []string
	for f := range gw {
		if !slices.Contains(gatewayFields, f) {
			core.NotServed(w, r, "%s in a router's external_gateway_info", f)
			return false
		}
	}
	for _, f := range gatewayFields {
		if _, ok := gw[f]; ok {
			rules = append(rules, "rule:"+rule+":external_gateway_info:"+f)
		}
	}
	if _, ok := gw["network_id"]; len(rules) == 0 || (ok && len(rules) == 1) {
		return true
	}
	inner := strings.Join(rules, " and ")
	if len(rules) > 1 {
		inner = "(" + inner + ")"
	}
	neutronFault(w, http.StatusForbidden, "PolicyNotAuthorized", "(rule:%s and (rule:%s:external_gateway_info and %s)) is disallowed by policy", rule, rule, inner)
	return false
}

// setRouterGateway gives rt a gateway on the external network gw names, or
// none for an empty gw; false after Neutron's refusal.
func (s *api) setRouterGateway(w http.ResponseWriter, rt *router, gw map[string]any) bool {
	n := &s.network
	id, _ := gw["network_id"].(string)
	if id == "" {
		if rt.GatewayNetworkID != "" {
			rt.GatewayNetworkID, rt.GatewayIP = "", ""
			rt.Revision += 3 // Neutron's gateway port goes in three writes
		}
		return true
	}
	if id == rt.GatewayNetworkID {
		return true
	}
	ext := neutronFound(w, networkKind, id, n.NetworkByID)
	if ext == nil {
		return false
	}
	if !ext.External || len(ext.SubnetIDs) == 0 {
		neutronFault(w, http.StatusBadRequest, "BadRequest", "Bad router request: Network %s is not an external network.", ext.ID)
		return false
	}
	rt.GatewayNetworkID, rt.GatewayIP = ext.ID, n.Allocate(n.Subnet(ext.SubnetIDs[0]))
	rt.Revision += 2 // and comes in two
	return true
}
