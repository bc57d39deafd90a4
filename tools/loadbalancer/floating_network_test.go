package loadbalancer_test

import (
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/loadbalancer"
)

// TestFloatingIPFromTheCloudsExternalNetwork: create_load_balancer takes
// its floating IP where create_floating_ip does (kit.FloatingNetwork): the
// one external network that is not shared, or the only one when it is
// shared (a lab's layout); with several, the call says which; with none,
// it is refused before anything is made.
func TestFloatingIPFromTheCloudsExternalNetwork(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	layout := func(change func(n *neutron.State, floating *neutron.Network)) {
		h.Sandbox.Cloud.Mu.Lock()
		defer h.Sandbox.Cloud.Mu.Unlock()
		n := neutron.Of(h.Sandbox.Cloud)
		change(n, n.NetworkByID(core.StableID("network", "ext-floating1")))
	}
	created := func(r servertest.Result) loadbalancer.LoadBalancer {
		t.Helper()
		var lb loadbalancer.LoadBalancer
		r.MustSucceed(t).Decode(t, &lb)
		return lb
	}
	create := func(name string, args map[string]any) servertest.Result {
		a := map[string]any{"name": name, "network": "private", "floating_ip": true,
			"listeners": []any{map[string]any{"protocol": "TCP", "port": 22}}}
		for k, v := range args {
			a[k] = v
		}
		return h.Call(t, "create_load_balancer", a)
	}

	layout(func(_ *neutron.State, floating *neutron.Network) { floating.Shared = true })
	if lb := created(create("lab", nil)); !strings.HasPrefix(lb.FloatingIP, "198.51.100.") {
		t.Errorf("one shared external network: %+v", lb)
	}

	layout(func(n *neutron.State, floating *neutron.Network) {
		floating.Shared = false
		n.Networks = append(n.Networks, &neutron.Network{ID: core.StableID("network", "ext-floating2"), Name: "ext-floating2",
			External: true, Status: "ACTIVE", ProjectID: floating.ProjectID, Revision: 1})
	})
	create("two", nil).WantError(t, "ambiguous", "ext-floating1, ext-floating2", "say which with floating_network")
	create("two", map[string]any{"floating_network": "private"}).WantError(t, "invalid_argument", "network private is not external",
		"omit floating_network")
	if lb := created(create("two", map[string]any{"floating_network": "ext-floating1"})); !strings.HasPrefix(lb.FloatingIP, "198.51.100.") {
		t.Errorf("floating_network ext-floating1: %+v", lb)
	}

	layout(func(n *neutron.State, _ *neutron.Network) {
		for _, nw := range n.Networks {
			nw.External = false
		}
	})
	create("none", nil).WantError(t, "not_found", "no external network", "list_networks")
	if got := servertest.CallAs[loadbalancer.LoadBalancerList](t, h, "list_load_balancers", nil); len(got.LoadBalancers) != 2 {
		t.Errorf("a refused create made a load balancer: %+v", got)
	}
}
