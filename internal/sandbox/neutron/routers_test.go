package neutron_test

import (
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// TestPrivateNetworkWithRouter makes what create_network makes (a network,
// its subnet, a router to ext-floating1 with an interface on the subnet),
// compares each answer and refusal with the lab's, and takes it down again.
func TestPrivateNetworkWithRouter(t *testing.T) {
	a := newAPI(t)
	ext := a.FirstID("/network/v2.0/networks", "networks", "ext-floating1")
	net := a.JSON("POST", "/network/v2.0/networks", map[string]any{"network": map[string]any{"name": "sample-net"}}, 201)["network"].(map[string]any)["id"].(string)
	sn := a.JSON("POST", "/network/v2.0/subnets", map[string]any{"subnet": map[string]any{"name": "sample-net-subnet", "network_id": net, "ip_version": 4, "cidr": "10.9.0.0/24"}}, 201)["subnet"].(map[string]any)
	sandboxtest.SampleKeys(t, "neutron-subnet-create-201.json", sn, sandboxtest.Under("subnet"))
	if sn["gateway_ip"] != "10.9.0.1" {
		t.Errorf("gateway %v", sn["gateway_ip"])
	}
	sub := sn["id"].(string)
	rt := a.JSON("POST", "/network/v2.0/routers", map[string]any{"router": map[string]any{"name": "sample-net-router", "external_gateway_info": map[string]any{"network_id": ext}}}, 201)["router"].(map[string]any)
	sandboxtest.SampleKeys(t, "neutron-router-create-gateway-201.json", rt, sandboxtest.Under("router"))
	router := rt["id"].(string)
	iface := a.JSON("PUT", "/network/v2.0/routers/"+router+"/add_router_interface", map[string]any{"subnet_id": sub}, 200)
	sandboxtest.SampleKeys(t, "neutron-router-add-interface.json", iface, func(m map[string]any) map[string]any { return m })
	ports := a.JSON("GET", "/network/v2.0/ports?network_id="+net, nil, 200)["ports"].([]any)
	if len(ports) != 1 || ports[0].(map[string]any)["device_owner"] != "network:router_interface" {
		t.Fatalf("the network's ports: %v", ports)
	}
	sandboxtest.SampleKeys(t, "neutron-ports-router-interface.json", ports[0].(map[string]any), sandboxtest.FirstOf("ports"))
	for _, c := range []sandboxtest.FaultCase{
		{Sample: "neutron-router-add-interface-again-400.txt", Method: "PUT", Path: "/network/v2.0/routers/" + router + "/add_router_interface", Body: map[string]any{"subnet_id": sub}},
		{Sample: "neutron-router-delete-in-use-409.txt", Method: "DELETE", Path: "/network/v2.0/routers/" + router},
		{Sample: "neutron-subnet-delete-in-use-409.txt", Method: "DELETE", Path: "/network/v2.0/subnets/" + sub},
		{Sample: "neutron-network-delete-in-use-409.txt", Method: "DELETE", Path: "/network/v2.0/networks/" + net},
	} {
		a.RefusesAsLab(c)
	}
	sandboxtest.SampleKeys(t, "neutron-router-remove-interface.json", a.JSON("PUT", "/network/v2.0/routers/"+router+"/remove_router_interface", map[string]any{"subnet_id": sub}, 200), func(m map[string]any) map[string]any { return m })
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "neutron-router-remove-interface-absent-404.txt", Method: "PUT", Path: "/network/v2.0/routers/" + router + "/remove_router_interface", Body: map[string]any{"subnet_id": sub}})
	a.JSON("DELETE", "/network/v2.0/routers/"+router, nil, 204)
	a.JSON("DELETE", "/network/v2.0/subnets/"+sub, nil, 204)
	a.JSON("DELETE", "/network/v2.0/networks/"+net, nil, 204)
	if status, _, _ := a.Do("GET", "/network/v2.0/networks/"+net, nil); status != 404 {
		t.Errorf("the network is still there: %d", status)
	}
}
