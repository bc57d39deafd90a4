package sandbox_test

import (
	"net/http"
	"testing"
)

// The changes gophercloud's acceptance tests make in Neutron, made as
// test/openstack/capture-neutron-change-samples.sh made them on the lab:
// the same steps give the same fields, revisions and refusals.
func TestNeutronChangesAsLab(t *testing.T) {
	a := newAPI(t)
	ext := a.firstID("/network/v2.0/networks", "networks", "ext-floating1")
	net := a.json("POST", "/network/v2.0/networks", map[string]any{"network": map[string]any{"name": "change-net"}}, 201)["network"].(map[string]any)["id"].(string)
	netPath := "/network/v2.0/networks/" + net
	upd := a.json("PUT", netPath, map[string]any{"network": map[string]any{"name": "change-net2", "description": "", "port_security_enabled": false}}, 200)
	sampleKeys(t, "neutron-network-update.json", upd["network"].(map[string]any), under("network"))
	a.sameFields("neutron-network-update.json", upd, "network", "revision_number", "port_security_enabled")
	a.refusesAsLab(faultCase{"neutron-network-update-read-only-400.txt", "PUT", netPath, map[string]any{"network": map[string]any{"id": "x"}}})
	a.refusesWithIfMatch("neutron-network-update-stale-412.txt", netPath, "revision_number=1", map[string]any{"network": map[string]any{"description": "x"}})
	sameAsSample(t, "neutron-network-tags-replace.json", a.json("PUT", netPath+"/tags", map[string]any{"tags": []string{"b", "a", "c"}}, 200))
	a.refusesAsLab(faultCase{"neutron-network-tags-not-list-400.txt", "PUT", netPath + "/tags", map[string]any{"tags": "x"}})
	a.refusesAsLab(faultCase{"neutron-network-tags-duplicate-400.txt", "PUT", netPath + "/tags", map[string]any{"tags": []string{"a", "a"}}})
	a.refusesAsLab(faultCase{"neutron-network-tag-absent-404.txt", "GET", netPath + "/tags/zz", nil})
	a.sameFields("neutron-network-tagged.json", a.json("GET", netPath, nil, 200), "network", "revision_number", "tags")

	created := a.json("POST", "/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"name": "change-sub", "network_id": net, "ip_version": 4,
		"cidr": "10.77.0.0/24", "gateway_ip": nil, "allocation_pools": []map[string]string{{"start": "10.77.0.10", "end": "10.77.0.20"}}, "enable_dhcp": false}}, 201)
	sampleKeys(t, "neutron-subnet-create-pools.json", created["subnet"].(map[string]any), under("subnet"))
	a.sameFields("neutron-subnet-create-pools.json", created, "subnet", "gateway_ip", "allocation_pools", "revision_number")
	sub := created["subnet"].(map[string]any)["id"].(string)
	subPath := "/network/v2.0/subnets/" + sub
	a.sameFields("neutron-subnet-update.json", a.json("PUT", subPath, map[string]any{"subnet": map[string]any{"gateway_ip": "10.77.0.1", "dns_nameservers": []string{"1.1.1.1"}}}, 200),
		"subnet", "gateway_ip", "dns_nameservers", "revision_number")
	for _, c := range []faultCase{
		{"neutron-subnet-gateway-conflict-409.txt", "PUT", subPath, map[string]any{"subnet": map[string]any{"gateway_ip": "10.77.0.15"}}},
		{"neutron-subnet-service-type-400.txt", "PUT", subPath, map[string]any{"subnet": map[string]any{"service_types": []string{"bogus"}}}},
		{"neutron-subnet-nameserver-400.txt", "PUT", subPath, map[string]any{"subnet": map[string]any{"dns_nameservers": []string{"x"}}}},
		{"neutron-subnet-update-cidr-400.txt", "PUT", subPath, map[string]any{"subnet": map[string]any{"cidr": "10.78.0.0/24"}}},
		{"neutron-subnet-pool-out-of-bounds-400.txt", "POST", "/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"network_id": net, "ip_version": 4,
			"cidr": "10.83.0.0/24", "allocation_pools": []map[string]string{{"start": "10.82.0.1", "end": "10.82.0.30"}}}}},
	} {
		a.refusesAsLab(c)
	}

	port := a.json("POST", "/network/v2.0/ports", map[string]any{"port": map[string]any{"network_id": net, "name": "change-port", "admin_state_up": false,
		"port_security_enabled": false, "extra_dhcp_opts": []map[string]any{{"opt_name": "test_option_1", "opt_value": "v1"}}}}, 201)
	sampleKeys(t, "neutron-port-create-extras-201.json", port["port"].(map[string]any), under("port"))
	a.sameFields("neutron-port-create-extras-201.json", port, "port", "admin_state_up", "status", "port_security_enabled", "security_groups", "extra_dhcp_opts", "revision_number")
	portPath := "/network/v2.0/ports/" + port["port"].(map[string]any)["id"].(string)
	a.refusesAsLab(faultCase{"neutron-port-pairs-no-security-409.txt", "PUT", portPath, map[string]any{"port": map[string]any{"allowed_address_pairs": []map[string]string{{"ip_address": "192.168.255.10"}}}}})
	extras := a.json("PUT", portPath, map[string]any{"port": map[string]any{"port_security_enabled": true, "allowed_address_pairs": []map[string]string{{"ip_address": "192.168.255.10"}},
		"extra_dhcp_opts": []map[string]any{{"opt_name": "test_option_1", "opt_value": nil}, {"opt_name": "test_option_2", "opt_value": "v2"}}}}, 200)
	a.sameFields("neutron-port-update-extras.json", extras, "port", "port_security_enabled", "extra_dhcp_opts", "revision_number")
	if pair := extras["port"].(map[string]any)["allowed_address_pairs"].([]any)[0].(map[string]any); pair["mac_address"] != extras["port"].(map[string]any)["mac_address"] {
		t.Errorf("a pair without a MAC takes the port's: %v", pair)
	}
	def := a.firstID("/network/v2.0/security-groups", "security_groups", "default")
	port2 := a.json("POST", "/network/v2.0/ports", map[string]any{"port": map[string]any{"network_id": net, "name": "change-port2", "port_security_enabled": true, "security_groups": []string{def}}}, 201)
	a.refusesAsLab(faultCase{"neutron-port-disable-security-409.txt", "PUT", "/network/v2.0/ports/" + port2["port"].(map[string]any)["id"].(string), map[string]any{"port": map[string]any{"port_security_enabled": false}}})
	a.refusesAsLab(faultCase{"neutron-port-groups-no-security-400.txt", "POST", "/network/v2.0/ports", map[string]any{"port": map[string]any{"network_id": net, "port_security_enabled": false, "security_groups": []string{def}}}})

	rt := a.json("POST", "/network/v2.0/routers", map[string]any{"router": map[string]any{"name": "change-router"}}, 201)["router"].(map[string]any)["id"].(string)
	rtPath := "/network/v2.0/routers/" + rt
	a.refusesAsLab(faultCase{"neutron-router-routes-unreachable-400.txt", "PUT", rtPath, map[string]any{"router": map[string]any{"routes": []map[string]string{{"destination": "192.168.11.0/30", "nexthop": "10.77.0.251"}}}}})
	a.json("PUT", rtPath+"/add_router_interface", map[string]any{"subnet_id": sub}, 200)
	routed := a.json("PUT", rtPath, map[string]any{"router": map[string]any{"name": "change-router2", "description": "", "routes": []map[string]string{{"destination": "192.168.11.0/30", "nexthop": "10.77.0.251"}}}}, 200)
	sampleKeys(t, "neutron-router-update.json", routed["router"].(map[string]any), under("router"))
	a.sameFields("neutron-router-update.json", routed, "router", "routes", "revision_number")
	a.sameFields("neutron-router-add-extraroutes.json", a.json("PUT", rtPath+"/add_extraroutes", map[string]any{"router": map[string]any{"routes": []map[string]string{{"destination": "192.168.13.0/30", "nexthop": "10.77.0.251"}}}}, 200),
		"router", "routes", "revision_number")
	a.refusesAsLab(faultCase{"neutron-router-gateway-snat-403.txt", "PUT", rtPath, map[string]any{"router": map[string]any{"external_gateway_info": map[string]any{"network_id": ext, "enable_snat": false}}}})
	gw := a.json("PUT", rtPath, map[string]any{"router": map[string]any{"external_gateway_info": map[string]any{"network_id": ext}}}, 200)
	a.sameFields("neutron-router-update-gateway.json", gw, "router", "revision_number")
	a.json("PUT", rtPath, map[string]any{"router": map[string]any{"routes": []any{}}}, 200)
	a.json("PUT", rtPath+"/remove_router_interface", map[string]any{"subnet_id": sub}, 200)
	a.json("DELETE", rtPath, nil, 204)
	a.sameFields("neutron-subnet-update-service-types.json", a.json("PUT", subPath, map[string]any{"subnet": map[string]any{"service_types": []string{"network:floatingip", "compute:nova"}}}, 200),
		"subnet", "service_types", "revision_number")
	a.refusesAsLab(faultCase{"neutron-port-no-service-subnet-409.txt", "POST", "/network/v2.0/ports", map[string]any{"port": map[string]any{"network_id": net}}})
}

// A subnet pool gives its subnets the first free block of the length asked
// for, keeps its prefixes merged, and is not emptied under its subnets.
func TestNeutronSubnetPoolsAsLab(t *testing.T) {
	a := newAPI(t)
	net := a.json("POST", "/network/v2.0/networks", map[string]any{"network": map[string]any{"name": "change-net"}}, 201)["network"].(map[string]any)["id"].(string)
	pool := a.json("POST", "/network/v2.0/subnetpools", map[string]any{"subnetpool": map[string]any{"name": "change-pool", "description": "d", "prefixes": []string{"10.0.0.0/8"}, "default_prefixlen": 24}}, 201)
	sampleKeys(t, "neutron-subnetpool-create-201.json", pool["subnetpool"].(map[string]any), under("subnetpool"))
	a.sameFields("neutron-subnetpool-create-201.json", pool, "subnetpool", "default_prefixlen", "min_prefixlen", "max_prefixlen", "prefixes", "revision_number")
	sp := pool["subnetpool"].(map[string]any)["id"].(string)
	spPath := "/network/v2.0/subnetpools/" + sp
	upd := a.json("PUT", spPath, map[string]any{"subnetpool": map[string]any{"name": "change-pool2", "description": ""}}, 200)
	sampleKeys(t, "neutron-subnetpool-update.json", upd["subnetpool"].(map[string]any), under("subnetpool"))
	a.sameFields("neutron-subnetpool-update.json", upd, "subnetpool", "default_prefixlen", "revision_number")
	first := a.json("POST", "/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"name": "pool-sub", "network_id": net, "ip_version": 4, "subnetpool_id": sp, "enable_dhcp": false}}, 201)
	a.sameFields("neutron-subnet-from-pool.json", first, "subnet", "cidr", "gateway_ip", "allocation_pools")
	a.sameFields("neutron-subnet-from-pool-prefixlen.json", a.json("POST", "/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"name": "pool-sub12", "network_id": net, "ip_version": 4,
		"subnetpool_id": sp, "prefixlen": 12, "enable_dhcp": false}}, 201), "subnet", "cidr", "gateway_ip", "allocation_pools")
	a.refusesAsLab(faultCase{"neutron-subnet-from-pool-min-400.txt", "POST", "/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"network_id": net, "ip_version": 4, "subnetpool_id": sp, "prefixlen": 4}}})
	a.refusesAsLab(faultCase{"neutron-subnet-pool-affinity-400.txt", "POST", "/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"network_id": net, "ip_version": 4, "cidr": "10.201.0.0/24"}}})
	sameAsSample(t, "neutron-subnetpool-add-prefixes.json", a.json("PUT", spPath+"/add_prefixes", map[string]any{"prefixes": []string{"172.16.0.0/16", "192.168.0.0/16"}}, 200))
	a.refusesAsLab(faultCase{"neutron-subnetpool-remove-in-use-400.txt", "PUT", spPath + "/remove_prefixes", map[string]any{"prefixes": []string{"10.0.0.0/8"}}})
	a.refusesAsLab(faultCase{"neutron-subnetpool-delete-in-use-400.txt", "DELETE", spPath, nil})
	a.sameFields("neutron-subnetpool.json", a.json("GET", spPath, nil, 200), "subnetpool", "prefixes", "revision_number", "default_prefixlen")
	if status, b, _ := a.do("POST", "/network/v2.0/subnetpools", map[string]any{"subnetpool": map[string]any{"name": "v6", "prefixes": []string{"fd00::/8"}}}); status != http.StatusNotImplemented {
		t.Errorf("an IPv6 pool: %d %s", status, b)
	}
}

// sameFields compares fields of the sandbox's {"<key>": {...}} answer with
// the lab's sample.
func (a *api) sameFields(sample string, got map[string]any, key string, fields ...string) {
	a.t.Helper()
	want := readSample(a.t, sample)[key].(map[string]any)
	for _, f := range fields {
		if w, g := compact(want[f]), compact(got[key].(map[string]any)[f]); w != g {
			a.t.Errorf("%s: %s\nthe lab:     %s\nthe sandbox: %s", sample, f, w, g)
		}
	}
}

// refusesWithIfMatch sends a PUT with an If-Match the lab refused.
func (a *api) refusesWithIfMatch(sample, path, ifMatch string, body any) {
	a.t.Helper()
	wantStatus, wantBody := sampleFault(a.t, sample)
	req, _ := http.NewRequest("PUT", a.srv.URL+path, jsonBody(body))
	req.Header.Set("X-Auth-Token", a.token)
	req.Header.Set("If-Match", ifMatch)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	if b := readAll(resp); resp.StatusCode != wantStatus || normalizeFault(string(b)) != normalizeFault(wantBody) {
		a.t.Errorf("%s: %d %s, the lab: %d %s", sample, resp.StatusCode, b, wantStatus, wantBody)
	}
}
