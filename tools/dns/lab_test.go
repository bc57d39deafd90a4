package dns_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/loadbalancers"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/subnets"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/dns"
)

// TestLoadBalancerTargetOnLab: on the lab, which runs Octavia, a load
// balancer named as a target gives its VIP address to the A record.
func TestLoadBalancerTargetOnLab(t *testing.T) {
	h := servertest.Lab(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	s, err := h.Cloud.Services(ctx, client.Network, client.LoadBalancer)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := subnets.List(s.Network, subnets.ListOpts{Name: "private-subnet"}).AllPages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	subs, _ := subnets.ExtractSubnets(pages)
	if len(subs) != 1 {
		t.Fatalf("the lab's private-subnet: %v", subs)
	}
	suffix := fmt.Sprint(time.Now().UnixNano() % 1e9)
	lb, err := loadbalancers.Create(ctx, s.LoadBalancer, loadbalancers.CreateOpts{Name: "dns-lb-" + suffix, VipSubnetID: subs[0].ID}).Extract()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		loadbalancers.Delete(context.Background(), s.LoadBalancer, lb.ID, loadbalancers.DeleteOpts{Cascade: true})
	})
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for lb.ProvisioningStatus != "ACTIVE" {
		select {
		case <-ctx.Done():
			t.Fatalf("load balancer %s still %s", lb.ID, lb.ProvisioningStatus)
		case <-tick.C:
		}
		if lb, err = loadbalancers.Get(ctx, s.LoadBalancer, lb.ID).Extract(); err != nil {
			t.Fatal(err)
		}
	}

	domain := "lb-" + suffix + ".test"
	zone := servertest.CallAs[dns.Zone](t, h, "create_zone", map[string]any{"name": domain})
	t.Cleanup(func() { h.Call(t, "delete_zone", map[string]any{"zone": zone.ID}) })
	// The lab's private-subnet is 192.0.2.0/24, a documentation range and
	// no private one: its VIP counts as public, as a VIP on ext-net1 would.
	got := servertest.CallAs[dns.SetResult](t, h, "set_record", map[string]any{"zone": domain, "name": "www", "target": lb.Name})
	if len(got.RecordSets) != 1 || got.RecordSets[0].Type != "A" || len(got.RecordSets[0].Records) != 1 ||
		got.RecordSets[0].Records[0] != lb.VipAddress || got.RecordSets[0].Status != "ACTIVE" {
		t.Errorf("www to load balancer %s (VIP %s): %+v", lb.Name, lb.VipAddress, got)
	}
}
