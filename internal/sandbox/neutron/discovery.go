package neutron

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Neutron's discovery documents: GET /v2.0/ lists the core resources and
// /v2.0/extensions the API extensions. The sandbox lists what it serves, in
// the lab's words (neutron-v2.0.json, neutron-extensions.json), so that a
// client that probes finds what is there and nothing that is not.
func (s *api) routeDiscovery(mux *http.ServeMux) {
	mux.HandleFunc("GET /network/v2.0/{$}", s.Authed(s.neutronResources))
	mux.HandleFunc("GET /network/v2.0/extensions", s.Authed(s.neutronExtensions))
	mux.HandleFunc("GET /network/v2.0/extensions/{alias}", s.Authed(s.neutronExtension))
}

func (s *api) neutronResources(w http.ResponseWriter, r *http.Request) {
	var out []map[string]any
	for _, name := range []string{"network", "subnet", "subnetpool", "port"} {
		out = append(out, map[string]any{"name": name, "collection": name + "s",
			"links": []map[string]string{{"rel": "self", "href": core.BaseURL(r) + "/network/v2.0/" + name + "s"}}})
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"resources": out})
}

// neutronExtensionDocs are the extensions the sandbox serves: alias, name,
// description and updated, as Neutron describes them.
var neutronExtensionDocs = [][4]string{
	{"external-net", "Neutron external network", "Adds external network attribute to network resource.", "2013-01-14T10:00:00-00:00"},
	{"filter-validation", "Filter parameters validation", "Provides validation on filter parameters.", "2018-07-04T10:00:00-00:00"},
	{"router", "Neutron L3 Router", "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.", "2012-07-20T10:00:00-00:00"},
	{"net-mtu", "Network MTU", "Provides MTU attribute for a network resource.", "2015-03-25T10:00:00-00:00"},
	{"pagination", "Pagination support", "Extension that indicates that pagination is enabled.", "2016-06-12T00:00:00-00:00"},
	{"project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled.", "2016-09-09T09:09:09-09:09"},
	{"quotas", "Quota management support", "Expose functions for quotas management per project", "2012-07-29T10:00:00-00:00"},
	{"quota_details", "Quota details management support", "Expose functions for quotas usage statistics per project", "2017-02-10T10:00:00-00:00"},
	{"revision-if-match", "If-Match constraints based on revision_number", "Extension indicating that If-Match based on revision_number is supported.", "2016-12-11T00:00:00-00:00"},
	{"standard-attr-revisions", "Resource revision numbers", "This extension will display the revision number of neutron resources.", "2016-04-11T10:00:00-00:00"},
	{"security-group", "security-group", "The security groups extension.", "2012-10-05T10:00:00-00:00"},
	{"standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.", "2016-09-12T10:00:00-00:00"},
	{"standard-attr-tag", "Tag support for resources with standard attribute: port, subnet, subnetpool, network, security_group, router, floatingip, policy, trunk, network_segment_range", "Enables to set tag on resources with standard attribute.", "2017-01-01T00:00:00-00:00"},
	{"subnet_allocation", "Subnet Allocation", "Enables allocation of subnets from a subnet pool", "2015-03-30T10:00:00-00:00"},
	{"subnetpool-prefix-ops", "Subnet Pool Prefix Operations", "Provides support for adjusting the prefix list of subnet pools", "2019-02-08T10:00:00-00:00"},
	{"extraroute", "Neutron Extra Route", "Extra routes configuration for L3 router", "2013-02-01T10:00:00-00:00"},
	{"extraroute-atomic", "Atomically add/remove extra routes", "Edit extra routes of a router on server side by atomically adding/removing extra routes", "2019-07-10T00:00:00+00:00"},
	{"allowed-address-pairs", "Allowed Address Pairs", "Provides allowed address pairs", "2013-07-23T10:00:00-00:00"},
	{"extra_dhcp_opt", "Neutron Extra DHCP options", "Extra options configuration for DHCP. For example PXE boot options to DHCP clients can be specified (e.g. tftp-server, server-ip-address, bootfile-name)", "2013-03-17T12:00:00-00:00"},
	{"port-security", "Port Security", "Provides port security", "2012-07-23T10:00:00-00:00"},
	{"subnet-service-types", "Subnet service types", "Provides ability to set the subnet service_types field", "2016-03-15T18:00:00-00:00"},
	{"sorting", "Sorting support", "Extension that indicates that sorting is enabled.", "2016-06-12T00:00:00-00:00"},
}

func neutronExtensionJSON(d [4]string) map[string]any {
	return map[string]any{"alias": d[0], "name": d[1], "description": d[2], "updated": d[3], "links": []any{}}
}

func (s *api) neutronExtensions(w http.ResponseWriter, r *http.Request) {
	out := make([]map[string]any, len(neutronExtensionDocs))
	for i, d := range neutronExtensionDocs {
		out[i] = neutronExtensionJSON(d)
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"extensions": out})
}

func (s *api) neutronExtension(w http.ResponseWriter, r *http.Request) {
	alias := r.PathValue("alias")
	for _, d := range neutronExtensionDocs {
		if d[0] == alias {
			core.WriteJSON(w, http.StatusOK, map[string]any{"extension": neutronExtensionJSON(d)})
			return
		}
	}
	// webob's 404, as Neutron's extension controller raises it.
	core.WriteJSON(w, http.StatusNotFound, map[string]any{"code": "404 Not Found", "title": "Not Found",
		"message": "The resource could not be found.<br /><br />\nExtension with alias " + alias + " does not exist\n\n"})
}
