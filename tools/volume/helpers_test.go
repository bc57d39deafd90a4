package volume_test

import (
	"context"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/flavors"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"
	"github.com/gophercloud/gophercloud/v2/openstack/image/v2/images"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/networks"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/volume"
)

// seed names the reference data servers are made of, per cloud.
type seed struct{ image, network string }

var sandboxSeed = seed{image: "Debian 12 bookworm", network: "private"}

// newServer boots a server in the sandbox through Nova's API (not through
// the compute tools, which are tested on their own) and waits until it is
// ACTIVE. It returns the server's ID.
func newServer(t *testing.T, h *servertest.Harness, name string) string {
	t.Helper()
	return bootServer(t, h, name, sandboxSeed, 5*time.Second)
}

func bootServer(t *testing.T, h *servertest.Harness, name string, sd seed, patience time.Duration) string {
	t.Helper()
	ctx := context.Background()
	s, err := h.Cloud.Services(ctx, client.Compute, client.Image, client.BlockStorage, client.Network)
	if err != nil {
		t.Fatal(err)
	}
	fpages, err := flavors.ListDetail(s.Compute, nil).AllPages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := flavors.ExtractFlavors(fpages)
	ipages, err := images.List(s.Image, images.ListOpts{Name: sd.image}).AllPages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	is, _ := images.ExtractImages(ipages)
	npages, err := networks.List(s.Network, networks.ListOpts{Name: sd.network}).AllPages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ns, _ := networks.ExtractNetworks(npages)
	if len(fs) == 0 || len(is) == 0 || len(ns) == 0 {
		t.Fatalf("seed data: %d flavors, %d images, %d networks", len(fs), len(is), len(ns))
	}
	sv, err := servers.Create(ctx, s.Compute, servers.CreateOpts{Name: name, FlavorRef: fs[0].ID, ImageRef: is[0].ID,
		Networks: []servers.Network{{UUID: ns[0].ID}}}, nil).Extract()
	if err != nil {
		t.Fatalf("creating server %s: %v", name, err)
	}
	if h.Sandbox == nil {
		t.Cleanup(func() { _ = servers.Delete(context.Background(), s.Compute, sv.ID).ExtractErr() })
	}
	for deadline := time.Now().Add(patience); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		got, err := servers.Get(ctx, s.Compute, sv.ID).Extract()
		if err == nil && got.Status == "ACTIVE" {
			return sv.ID
		}
		if err == nil && got.Status == "ERROR" {
			t.Fatalf("server %s went to ERROR: %s", name, got.Fault.Message)
		}
	}
	t.Fatalf("server %s never became ACTIVE", name)
	return ""
}

// call makes a tool call that must succeed and decodes its result into v.
func newVolume(t *testing.T, h *servertest.Harness, args map[string]any) volume.Volume {
	t.Helper()
	v := servertest.CallAs[volume.Volume](t, h, "create_volume", args)
	if v.Status != "available" {
		t.Fatalf("create_volume: %+v", v)
	}
	return v
}

// posts counts the requests of a route the sandbox served, to show that a
// refusal was made before any call.
func posts(h *servertest.Harness, route string) int {
	if h.Sandbox == nil {
		return 0
	}
	return h.Sandbox.Stats().ByRoute[route]
}
