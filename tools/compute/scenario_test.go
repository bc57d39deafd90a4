package compute_test

import (
	"context"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/compute"
)

// TestComputeCycle walks a server's everyday life in one session: list the
// reference data, create and import keypairs, create a server by names with
// progress, stop, start, reboot, get it by ID and by name, list it, delete
// one server and terminate another, delete the keypairs.
func TestComputeCycle(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, slow)
	for tool, key := range map[string]string{"list_flavors": "flavors", "list_images": "images",
		"list_networks": "networks", "list_availability_zones": "availability_zones"} {
		if m := h.Call(t, tool, nil).MustSucceed(t).Map(t); len(m[key].([]any)) == 0 {
			t.Fatalf("%s: empty", tool)
		}
	}
	gen := servertest.CallAs[compute.CreatedKeypair](t, h, "create_keypair", map[string]any{"name": "generated"})
	if gen.PrivateKey == "" {
		t.Fatal("no private key")
	}
	h.Call(t, "create_keypair", map[string]any{"name": "imported", "public_key": samplePublicKey}).MustSucceed(t)

	var s compute.Server
	h.CallContext(context.Background(), t, "create_instance", map[string]any{"name": "app", "flavor": flavorName,
		"image": imageName, "network": "ext-net1", "key_name": "generated"}, "done-1").MustSucceed(t).Decode(t, &s)
	if s.Status != "ACTIVE" || len(h.WaitProgress("done-1", 1)) == 0 {
		t.Fatalf("create: %+v", s)
	}
	for _, step := range []struct{ tool, want string }{
		{"stop_instance", "SHUTOFF"}, {"start_instance", "ACTIVE"}, {"reboot_instance", "ACTIVE"},
	} {
		if got := action(t, h, step.tool, map[string]any{"instance_id": "app"}, nil); got.Status != step.want {
			t.Fatalf("%s: %+v", step.tool, got)
		}
	}
	for _, ref := range []string{s.ID, "app"} {
		h.Call(t, "get_instance", map[string]any{"instance_id": ref}).MustSucceed(t)
	}
	if l := instances(t, h, nil); len(l.Instances) != 1 || l.Instances[0].ID != s.ID {
		t.Fatalf("list: %+v", l)
	}
	other := create(t, h, "other", nil)
	action(t, h, "delete_instance", map[string]any{"instance_id": s.ID}, nil)
	action(t, h, "terminate_instance", map[string]any{"instance_id": other.ID}, nil)
	for _, k := range []string{"generated", "imported"} {
		h.Call(t, "delete_keypair", map[string]any{"name": k}).MustSucceed(t)
	}
	if l := instances(t, h, nil); len(l.Instances) != 0 {
		t.Fatalf("left: %+v", l)
	}
}
