package neutron_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestFloatingIPs(t *testing.T) {
	a := newAPI(t)
	ext := a.FirstID("/network/v2.0/networks", "networks", "ext-floating1")
	private := a.FirstID("/network/v2.0/networks", "networks", "private")
	a.neutronRefuses("POST", "/network/v2.0/floatingips", map[string]any{"floatingip": map[string]any{"floating_network_id": private}}, 400,
		"BadRequest", "Bad floatingip request: Network "+private+" is not a valid external network.")

	fip := a.JSON("POST", "/network/v2.0/floatingips", map[string]any{"floatingip": map[string]any{"floating_network_id": ext}}, 201)["floatingip"].(map[string]any)
	fid, addr := fip["id"].(string), fip["floating_ip_address"].(string)
	if fip["status"] != "DOWN" || fip["port_id"] != nil || !strings.HasPrefix(addr, "198.51.100.") {
		t.Fatalf("new floating IP: %v", fip)
	}

	srv := a.CreateServer("vm", "Debian 12 bookworm", "private", nil)
	a.Clock.Advance(4 * time.Second)
	port := a.serverPort(srv)
	fixed := port["fixed_ips"].([]any)[0].(map[string]any)["ip_address"].(string)
	got := a.JSON("PUT", "/network/v2.0/floatingips/"+fid, map[string]any{"floatingip": map[string]any{"port_id": port["id"]}}, 200)["floatingip"].(map[string]any)
	if got["fixed_ip_address"] != fixed || got["router_id"] == nil || got["status"] != "ACTIVE" || got["port_details"].(map[string]any)["device_id"] != srv {
		t.Fatalf("associated: %v", got)
	}
	if a := fmt.Sprint(a.Server(srv)["addresses"]); !strings.Contains(a, "addr:"+fixed) || !strings.Contains(a, "OS-EXT-IPS:type:floating addr:"+addr) &&
		!strings.Contains(a, "addr:"+addr) {
		t.Errorf("Nova's addresses: %s", a)
	}
	// One floating IP per fixed IP and external network.
	second := a.JSON("POST", "/network/v2.0/floatingips", map[string]any{"floatingip": map[string]any{"floating_network_id": ext}}, 201)["floatingip"].(map[string]any)
	a.neutronRefuses("PUT", "/network/v2.0/floatingips/"+second["id"].(string), map[string]any{"floatingip": map[string]any{"port_id": port["id"]}}, 409,
		"FloatingIPPortAlreadyAssociated", fmt.Sprintf("Cannot associate floating IP %s (%s) with port %s using fixed IP %s, as that fixed IP already has a floating IP on external network %s.",
			second["floating_ip_address"], second["id"], port["id"], fixed, ext))

	// A server on ext-net1 has public addresses of its own and no router to ext-floating1.
	pub := a.CreateServer("pub", "Debian 12 bookworm", "ext-net1", nil)
	a.Clock.Advance(4 * time.Second)
	pa := a.Server(pub)["addresses"].(map[string]any)["ext-net1"].([]any)
	if len(pa) != 2 || pa[0].(map[string]any)["version"] != float64(4) || pa[1].(map[string]any)["version"] != float64(6) {
		t.Errorf("ext-net1 addresses: %v", pa)
	}
	pport := a.serverPort(pub)
	var v4Subnet string
	for _, x := range pport["fixed_ips"].([]any) {
		if ip := x.(map[string]any); !strings.Contains(ip["ip_address"].(string), ":") {
			v4Subnet = ip["subnet_id"].(string)
		}
	}
	a.neutronRefuses("PUT", "/network/v2.0/floatingips/"+second["id"].(string), map[string]any{"floatingip": map[string]any{"port_id": pport["id"]}}, 404,
		"ExternalGatewayForFloatingIPNotFound", fmt.Sprintf("External network %s is not reachable from subnet %s.  Therefore, cannot associate Port %s with a Floating IP.",
			ext, v4Subnet, pport["id"]))

	// Disassociate, then the server's deletion leaves the other one unassociated.
	got = a.JSON("PUT", "/network/v2.0/floatingips/"+fid, map[string]any{"floatingip": map[string]any{"port_id": nil}}, 200)["floatingip"].(map[string]any)
	if got["port_id"] != nil || got["fixed_ip_address"] != nil || got["status"] != "DOWN" {
		t.Errorf("disassociated: %v", got)
	}
	a.JSON("PUT", "/network/v2.0/floatingips/"+second["id"].(string), map[string]any{"floatingip": map[string]any{"port_id": port["id"]}}, 200)
	a.JSON("DELETE", "/compute/v2.1/servers/"+srv, nil, 204)
	a.Clock.Advance(time.Second)
	if f := a.JSON("GET", "/network/v2.0/floatingips/"+second["id"].(string), nil, 200)["floatingip"].(map[string]any); f["port_id"] != nil {
		t.Errorf("floating IP of a deleted server: %v", f)
	}
	// A port's delete disassociates its floating IP, as Neutron's does.
	loose := a.JSON("POST", "/network/v2.0/ports", map[string]any{"port": map[string]any{"network_id": private, "name": "loose"}}, 201)["port"].(map[string]any)
	a.JSON("PUT", "/network/v2.0/floatingips/"+second["id"].(string), map[string]any{"floatingip": map[string]any{"port_id": loose["id"]}}, 200)
	a.JSON("DELETE", "/network/v2.0/ports/"+loose["id"].(string), nil, 204)
	if f := a.JSON("GET", "/network/v2.0/floatingips/"+second["id"].(string), nil, 200)["floatingip"].(map[string]any); f["port_id"] != nil || f["fixed_ip_address"] != nil {
		t.Errorf("floating IP of a deleted port: %v", f)
	}
	a.JSON("DELETE", "/network/v2.0/floatingips/"+fid, nil, 204)
	a.neutronRefuses("DELETE", "/network/v2.0/floatingips/"+fid, nil, 404, "FloatingIPNotFound", "Floating IP "+fid+" could not be found")
	if l := a.JSON("GET", "/network/v2.0/floatingips", nil, 200)["floatingips"].([]any); len(l) != 1 {
		t.Errorf("floating IPs left: %v", l)
	}
}

func TestSubnetsAndRouter(t *testing.T) {
	a := newAPI(t)
	private := a.FirstID("/network/v2.0/networks", "networks", "private")
	sn := a.JSON("GET", "/network/v2.0/subnets?network_id="+private, nil, 200)["subnets"].([]any)
	if len(sn) != 1 || sn[0].(map[string]any)["cidr"] != "10.0.0.0/24" || sn[0].(map[string]any)["gateway_ip"] != "10.0.0.1" {
		t.Fatalf("private subnets: %v", sn)
	}
	ext := a.JSON("GET", "/network/v2.0/subnets?network_id="+a.FirstID("/network/v2.0/networks", "networks", "ext-net1"), nil, 200)["subnets"].([]any)
	if len(ext) != 2 || ext[1].(map[string]any)["ip_version"] != float64(6) {
		t.Fatalf("ext-net1 subnets: %v", ext)
	}
	routers := a.JSON("GET", "/network/v2.0/routers", nil, 200)["routers"].([]any)
	if len(routers) != 1 || routers[0].(map[string]any)["external_gateway_info"].(map[string]any)["network_id"] != a.FirstID("/network/v2.0/networks", "networks", "ext-floating1") {
		t.Fatalf("routers: %v", routers)
	}
	names := []string{}
	for _, n := range a.JSON("GET", "/network/v2.0/networks", nil, 200)["networks"].([]any) {
		names = append(names, n.(map[string]any)["name"].(string))
	}
	if strings.Join(names, ",") != "ext-net1,private,ext-floating1" {
		t.Errorf("networks in order %v: everyday ones first", names)
	}
}
