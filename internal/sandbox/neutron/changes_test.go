package neutron_test

import (
	"net/http"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// The changes gophercloud's acceptance tests make in Neutron, made as
// test/openstack/capture-neutron-change-samples.sh made them on the lab:
// the same steps give the same fields, revisions and refusals.
func TestNeutronChangesAsLab(t *testing.T) {
	a := newAPI(t)
	ext := a.FirstID("/network/v2.0/networks", "networks", "ext-floating1")
	net := a.JSON("POST", "/network/v2.0/networks", map[string]any{"network": map[string]any{"name": "change-net"}}, 201)["network"].(map[string]any)["id"].(string)
	netPath := "/network/v2.0/networks/" + net
	upd := a.JSON("PUT", netPath, map[string]any{"network": map[string]any{"name": "change-net2", "description": "", "port_security_enabled": false}}, 200)
	sandboxtest.SampleKeys(t, "neutron-network-update.json", upd["network"].(map[string]any), sandboxtest.Under("network"))
	a.SameFields("neutron-network-update.json", upd, "network", "revision_number", "port_security_enabled")
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-network-update-read-only-400.txt", Method: "PUT", Path: netPath, Body: map[string]any{"network": map[string]any{"id": "x"}}})
	a.refusesWithIfMatch("neutron-network-update-stale-412.txt", netPath, "revision_number=1", map[string]any{"network": map[string]any{"description": "x"}})
	sandboxtest.SameAsSample(t, "neutron-network-tags-replace.json", a.JSON("PUT", netPath+"/tags", map[string]any{"tags": []string{"b", "a", "c"}}, 200))
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-network-tags-not-list-400.txt", Method: "PUT", Path: netPath + "/tags", Body: map[string]any{"tags": "x"}})
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-network-tags-duplicate-400.txt", Method: "PUT", Path: netPath + "/tags", Body: map[string]any{"tags": []string{"a", "a"}}})
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-network-tag-absent-404.txt", Method: "GET", Path: netPath + "/tags/zz"})
	a.SameFields("neutron-network-tagged.json", a.JSON("GET", netPath, nil, 200), "network", "revision_number", "tags")

	created := a.JSON("POST", "/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"name": "change-sub", "network_id": net, "ip_version": 4,
		"cidr": "10.77.0.0/24", "gateway_ip": nil, "allocation_pools": []map[string]string{{"start": "10.77.0.10", "end": "10.77.0.20"}}, "enable_dhcp": false}}, 201)
	sandboxtest.SampleKeys(t, "neutron-subnet-create-pools.json", created["subnet"].(map[string]any), sandboxtest.Under("subnet"))
	a.SameFields("neutron-subnet-create-pools.json", created, "subnet", "gateway_ip", "allocation_pools", "revision_number")
	sub := created["subnet"].(map[string]any)["id"].(string)
	subPath := "/network/v2.0/subnets/" + sub
	a.SameFields("neutron-subnet-update.json", a.JSON("PUT", subPath, map[string]any{"subnet": map[string]any{"gateway_ip": "10.77.0.1", "dns_nameservers": []string{"1.1.1.1"}}}, 200),
		"subnet", "gateway_ip", "dns_nameservers", "revision_number")
	for _, c := range []sandboxtest.FaultCase{
		{Sample: "neutron-subnet-gateway-conflict-409.txt", Method: "PUT", Path: subPath, Body: map[string]any{"subnet": map[string]any{"gateway_ip": "10.77.0.15"}}},
		{Sample: "neutron-subnet-service-type-400.txt", Method: "PUT", Path: subPath, Body: map[string]any{"subnet": map[string]any{"service_types": []string{"bogus"}}}},
		{Sample: "neutron-subnet-nameserver-400.txt", Method: "PUT", Path: subPath, Body: map[string]any{"subnet": map[string]any{"dns_nameservers": []string{"x"}}}},
		{Sample: "neutron-subnet-update-cidr-400.txt", Method: "PUT", Path: subPath, Body: map[string]any{"subnet": map[string]any{"cidr": "10.78.0.0/24"}}},
		{Sample: "neutron-subnet-pool-out-of-bounds-400.txt", Method: "POST", Path: "/network/v2.0/subnets", Body: map[string]any{"subnet": map[string]any{"network_id": net, "ip_version": 4,
			"cidr": "10.83.0.0/24", "allocation_pools": []map[string]string{{"start": "10.82.0.1", "end": "10.82.0.30"}}}}},
	} {
		a.RefusesAsLab(c)
	}

	port := a.JSON("POST", "/network/v2.0/ports", map[string]any{"port": map[string]any{"network_id": net, "name": "change-port", "admin_state_up": false,
		"port_security_enabled": false, "extra_dhcp_opts": []map[string]any{{"opt_name": "test_option_1", "opt_value": "v1"}}}}, 201)
	sandboxtest.SampleKeys(t, "neutron-port-create-extras-201.json", port["port"].(map[string]any), sandboxtest.Under("port"))
	a.SameFields("neutron-port-create-extras-201.json", port, "port", "admin_state_up", "status", "port_security_enabled", "security_groups", "extra_dhcp_opts", "revision_number")
	portPath := "/network/v2.0/ports/" + port["port"].(map[string]any)["id"].(string)
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-port-pairs-no-security-409.txt", Method: "PUT", Path: portPath, Body: map[string]any{"port": map[string]any{"allowed_address_pairs": []map[string]string{{"ip_address": "192.168.255.10"}}}}})
	extras := a.JSON("PUT", portPath, map[string]any{"port": map[string]any{"port_security_enabled": true, "allowed_address_pairs": []map[string]string{{"ip_address": "192.168.255.10"}},
		"extra_dhcp_opts": []map[string]any{{"opt_name": "test_option_1", "opt_value": nil}, {"opt_name": "test_option_2", "opt_value": "v2"}}}}, 200)
	a.SameFields("neutron-port-update-extras.json", extras, "port", "port_security_enabled", "extra_dhcp_opts", "revision_number")
	if pair := extras["port"].(map[string]any)["allowed_address_pairs"].([]any)[0].(map[string]any); pair["mac_address"] != extras["port"].(map[string]any)["mac_address"] {
		t.Errorf("a pair without a MAC takes the port's: %v", pair)
	}
	def := a.FirstID("/network/v2.0/security-groups", "security_groups", "default")
	port2 := a.JSON("POST", "/network/v2.0/ports", map[string]any{"port": map[string]any{"network_id": net, "name": "change-port2", "port_security_enabled": true, "security_groups": []string{def}}}, 201)
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-port-disable-security-409.txt", Method: "PUT", Path: "/network/v2.0/ports/" + port2["port"].(map[string]any)["id"].(string), Body: map[string]any{"port": map[string]any{"port_security_enabled": false}}})
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-port-groups-no-security-400.txt", Method: "POST", Path: "/network/v2.0/ports", Body: map[string]any{"port": map[string]any{"network_id": net, "port_security_enabled": false, "security_groups": []string{def}}}})

	rt := a.JSON("POST", "/network/v2.0/routers", map[string]any{"router": map[string]any{"name": "change-router"}}, 201)["router"].(map[string]any)["id"].(string)
	rtPath := "/network/v2.0/routers/" + rt
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-router-routes-unreachable-400.txt", Method: "PUT", Path: rtPath, Body: map[string]any{"router": map[string]any{"routes": []map[string]string{{"destination": "192.168.11.0/30", "nexthop": "10.77.0.251"}}}}})
	a.JSON("PUT", rtPath+"/add_router_interface", map[string]any{"subnet_id": sub}, 200)
	routed := a.JSON("PUT", rtPath, map[string]any{"router": map[string]any{"name": "change-router2", "description": "", "routes": []map[string]string{{"destination": "192.168.11.0/30", "nexthop": "10.77.0.251"}}}}, 200)
	sandboxtest.SampleKeys(t, "neutron-router-update.json", routed["router"].(map[string]any), sandboxtest.Under("router"))
	a.SameFields("neutron-router-update.json", routed, "router", "routes", "revision_number")
	a.SameFields("neutron-router-add-extraroutes.json", a.JSON("PUT", rtPath+"/add_extraroutes", map[string]any{"router": map[string]any{"routes": []map[string]string{{"destination": "192.168.13.0/30", "nexthop": "10.77.0.251"}}}}, 200),
		"router", "routes", "revision_number")
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-router-gateway-snat-403.txt", Method: "PUT", Path: rtPath, Body: map[string]any{"router": map[string]any{"external_gateway_info": map[string]any{"network_id": ext, "enable_snat": false}}}})
	gw := a.JSON("PUT", rtPath, map[string]any{"router": map[string]any{"external_gateway_info": map[string]any{"network_id": ext}}}, 200)
	a.SameFields("neutron-router-update-gateway.json", gw, "router", "revision_number")
	a.JSON("PUT", rtPath, map[string]any{"router": map[string]any{"routes": []any{}}}, 200)
	a.JSON("PUT", rtPath+"/remove_router_interface", map[string]any{"subnet_id": sub}, 200)
	a.JSON("DELETE", rtPath, nil, 204)
	a.SameFields("neutron-subnet-update-service-types.json", a.JSON("PUT", subPath, map[string]any{"subnet": map[string]any{"service_types": []string{"network:floatingip", "compute:nova"}}}, 200),
		"subnet", "service_types", "revision_number")
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-port-no-service-subnet-409.txt", Method: "POST", Path: "/network/v2.0/ports", Body: map[string]any{"port": map[string]any{"network_id": net}}})
}

// A subnet pool gives its subnets the first free block of the length asked
// for, keeps its prefixes merged, and is not emptied under its subnets.
func TestNeutronSubnetPoolsAsLab(t *testing.T) {
	a := newAPI(t)
	net := a.JSON("POST", "/network/v2.0/networks", map[string]any{"network": map[string]any{"name": "change-net"}}, 201)["network"].(map[string]any)["id"].(string)
	pool := a.JSON("POST", "/network/v2.0/subnetpools", map[string]any{"subnetpool": map[string]any{"name": "change-pool", "description": "d", "prefixes": []string{"10.0.0.0/8"}, "default_prefixlen": 24}}, 201)
	sandboxtest.SampleKeys(t, "neutron-subnetpool-create-201.json", pool["subnetpool"].(map[string]any), sandboxtest.Under("subnetpool"))
	a.SameFields("neutron-subnetpool-create-201.json", pool, "subnetpool", "default_prefixlen", "min_prefixlen", "max_prefixlen", "prefixes", "revision_number")
	sp := pool["subnetpool"].(map[string]any)["id"].(string)
	spPath := "/network/v2.0/subnetpools/" + sp
	upd := a.JSON("PUT", spPath, map[string]any{"subnetpool": map[string]any{"name": "change-pool2", "description": ""}}, 200)
	sandboxtest.SampleKeys(t, "neutron-subnetpool-update.json", upd["subnetpool"].(map[string]any), sandboxtest.Under("subnetpool"))
	a.SameFields("neutron-subnetpool-update.json", upd, "subnetpool", "default_prefixlen", "revision_number")
	first := a.JSON("POST", "/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"name": "pool-sub", "network_id": net, "ip_version": 4, "subnetpool_id": sp, "enable_dhcp": false}}, 201)
	a.SameFields("neutron-subnet-from-pool.json", first, "subnet", "cidr", "gateway_ip", "allocation_pools")
	a.SameFields("neutron-subnet-from-pool-prefixlen.json", a.JSON("POST", "/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"name": "pool-sub12", "network_id": net, "ip_version": 4,
		"subnetpool_id": sp, "prefixlen": 12, "enable_dhcp": false}}, 201), "subnet", "cidr", "gateway_ip", "allocation_pools")
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-subnet-from-pool-min-400.txt", Method: "POST", Path: "/network/v2.0/subnets", Body: map[string]any{"subnet": map[string]any{"network_id": net, "ip_version": 4, "subnetpool_id": sp, "prefixlen": 4}}})
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-subnet-pool-affinity-400.txt", Method: "POST", Path: "/network/v2.0/subnets", Body: map[string]any{"subnet": map[string]any{"network_id": net, "ip_version": 4, "cidr": "10.201.0.0/24"}}})
	sandboxtest.SameAsSample(t, "neutron-subnetpool-add-prefixes.json", a.JSON("PUT", spPath+"/add_prefixes", map[string]any{"prefixes": []string{"172.16.0.0/16", "192.168.0.0/16"}}, 200))
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-subnetpool-remove-in-use-400.txt", Method: "PUT", Path: spPath + "/remove_prefixes", Body: map[string]any{"prefixes": []string{"10.0.0.0/8"}}})
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-subnetpool-delete-in-use-400.txt", Method: "DELETE", Path: spPath})
	a.SameFields("neutron-subnetpool.json", a.JSON("GET", spPath, nil, 200), "subnetpool", "prefixes", "revision_number", "default_prefixlen")
	if status, b, _ := a.Do("POST", "/network/v2.0/subnetpools", map[string]any{"subnetpool": map[string]any{"name": "v6", "prefixes": []string{"fd00::/8"}}}); status != http.StatusNotImplemented {
		t.Errorf("an IPv6 pool: %d %s", status, b)
	}
}

// refusesWithIfMatch sends a PUT with an If-Match the lab refused.
func (a *api) refusesWithIfMatch(sample, path, ifMatch string, body any) {
	a.T.Helper()
	wantStatus, wantBody := sandboxtest.SampleFault(a.T, sample)
	req, _ := http.NewRequest("PUT", a.URL+path, jsonBody(body))
	req.Header.Set("X-Auth-Token", a.Token)
	req.Header.Set("If-Match", ifMatch)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.T.Fatal(err)
	}
	defer resp.Body.Close()
	if b := readAll(resp); resp.StatusCode != wantStatus || sandboxtest.NormalizeFault(string(b)) != sandboxtest.NormalizeFault(wantBody) {
		a.T.Errorf("%s: %d %s, the lab: %d %s", sample, resp.StatusCode, b, wantStatus, wantBody)
	}
}
