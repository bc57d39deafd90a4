package loadbalancer_test

import (
	"context"
	"slices"
	"testing"

	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/loadbalancers"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/networks"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/subnets"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/loadbalancer"
)

// makeLBs creates load balancers on the private network straight through
// Octavia, without waiting: what a list test needs is that they exist.
func makeLBs(t *testing.T, h *servertest.Harness, names ...string) {
	t.Helper()
	ctx := context.Background()
	svc, err := h.Cloud.Services(ctx, client.LoadBalancer, client.Network)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := networks.List(svc.Network, networks.ListOpts{Name: "private"}).AllPages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	nws, err := networks.ExtractNetworks(pages)
	if err != nil || len(nws) != 1 {
		t.Fatalf("private network: %v %+v", err, nws)
	}
	pages, err = subnets.List(svc.Network, subnets.ListOpts{NetworkID: nws[0].ID}).AllPages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sns, err := subnets.ExtractSubnets(pages)
	if err != nil || len(sns) == 0 {
		t.Fatalf("private subnet: %v %+v", err, sns)
	}
	for _, name := range names {
		if err := loadbalancers.Create(ctx, svc.LoadBalancer, loadbalancers.CreateOpts{Name: name, VipSubnetID: sns[0].ID}).Err; err != nil {
			t.Fatal(err)
		}
	}
}

// TestListLoadBalancersIsBounded: list_load_balancers is a list of the
// house: pages of limit items with next_marker and truncated, and a name
// filter that is part of the name, any case.
func TestListLoadBalancersIsBounded(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	makeLBs(t, h, "Web-1", "web-2", "api", "my-WEB", "db")

	named := servertest.CallAs[loadbalancer.LoadBalancerList](t, h, "list_load_balancers", map[string]any{"name": "web"})
	var names []string
	for _, lb := range named.LoadBalancers {
		names = append(names, lb.Name)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"Web-1", "my-WEB", "web-2"}) || named.Truncated {
		t.Errorf("name web: %q (truncated %v)", names, named.Truncated)
	}

	first := servertest.CallAs[loadbalancer.LoadBalancerList](t, h, "list_load_balancers", map[string]any{"limit": 2})
	if len(first.LoadBalancers) != 2 || !first.Truncated || first.NextMarker != first.LoadBalancers[1].ID {
		t.Errorf("first page of 2: %+v", first)
	}
	seen := h.PageIDs(t, "list_load_balancers", "load_balancers", 2, 10)
	all := servertest.CallAs[loadbalancer.LoadBalancerList](t, h, "list_load_balancers", nil)
	if len(seen) != 5 || len(all.LoadBalancers) != 5 || all.Truncated || all.NextMarker != "" {
		t.Fatalf("paging saw %d, all %d (%+v)", len(seen), len(all.LoadBalancers), all.More)
	}
	for i, lb := range all.LoadBalancers {
		if seen[i] != lb.ID {
			t.Fatalf("page order differs at %d: %q, all %+v", i, seen, all.LoadBalancers)
		}
	}
	// A name filter pages too: two pages of the three that match.
	if got := h.Call(t, "list_load_balancers", map[string]any{"name": "WEB", "limit": 2}).MustSucceed(t).Map(t); got["truncated"] != true {
		t.Errorf("name WEB, limit 2: %v", got)
	}
	h.Call(t, "list_load_balancers", map[string]any{"marker": "00000000-0000-4000-8000-000000000000"}).WantError(t, "invalid_argument", "marker")
}
