package sandbox_test

import "testing"

// TestPrivateNetworkWithRouter makes what create_network makes (a network,
// its subnet, a router to ext-floating1 with an interface on the subnet),
// compares each answer and refusal with the lab's, and takes it down again.
func TestPrivateNetworkWithRouter(t *testing.T) {
	a := newAPI(t)
	ext := a.firstID("/network/v2.0/networks", "networks", "ext-floating1")
	net := a.json("POST", "/network/v2.0/networks", map[string]any{"network": map[string]any{"name": "sample-net"}}, 201)["network"].(map[string]any)["id"].(string)
	sn := a.json("POST", "/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"name": "sample-net-subnet", "network_id": net, "ip_version": 4, "cidr": "10.9.0.0/24"}}, 201)["subnet"].(map[string]any)
	sampleKeys(t, "neutron-subnet-create-201.json", sn, under("subnet"))
	if sn["gateway_ip"] != "10.9.0.1" {
		t.Errorf("gateway %v", sn["gateway_ip"])
	}
	sub := sn["id"].(string)
	rt := a.json("POST", "/network/v2.0/routers", map[string]any{"router": map[string]any{"name": "sample-net-router", "external_gateway_info": map[string]any{"network_id": ext}}}, 201)["router"].(map[string]any)
	sampleKeys(t, "neutron-router-create-gateway-201.json", rt, under("router"))
	router := rt["id"].(string)
	iface := a.json("PUT", "/network/v2.0/routers/"+router+"/add_router_interface", map[string]any{"subnet_id": sub}, 200)
	sampleKeys(t, "neutron-router-add-interface.json", iface, func(m map[string]any) map[string]any { return m })
	ports := a.json("GET", "/network/v2.0/ports?network_id="+net, nil, 200)["ports"].([]any)
	if len(ports) != 1 || ports[0].(map[string]any)["device_owner"] != "network:router_interface" {
		t.Fatalf("the network's ports: %v", ports)
	}
	sampleKeys(t, "neutron-ports-router-interface.json", ports[0].(map[string]any), firstOf("ports"))
	for _, c := range []faultCase{
		{"neutron-router-add-interface-again-400.txt", "PUT", "/network/v2.0/routers/" + router + "/add_router_interface", map[string]any{"subnet_id": sub}},
		{"neutron-router-delete-in-use-409.txt", "DELETE", "/network/v2.0/routers/" + router, nil},
		{"neutron-subnet-delete-in-use-409.txt", "DELETE", "/network/v2.0/subnets/" + sub, nil},
		{"neutron-network-delete-in-use-409.txt", "DELETE", "/network/v2.0/networks/" + net, nil},
	} {
		a.refusesAsLab(c)
	}
	sampleKeys(t, "neutron-router-remove-interface.json", a.json("PUT", "/network/v2.0/routers/"+router+"/remove_router_interface", map[string]any{"subnet_id": sub}, 200), func(m map[string]any) map[string]any { return m })
	a.refusesAsLab(faultCase{"neutron-router-remove-interface-absent-404.txt", "PUT", "/network/v2.0/routers/" + router + "/remove_router_interface", map[string]any{"subnet_id": sub}})
	a.json("DELETE", "/network/v2.0/routers/"+router, nil, 204)
	a.json("DELETE", "/network/v2.0/subnets/"+sub, nil, 204)
	a.json("DELETE", "/network/v2.0/networks/"+net, nil, 204)
	if status, _, _ := a.do("GET", "/network/v2.0/networks/"+net, nil); status != 404 {
		t.Errorf("the network is still there: %d", status)
	}
}
