package scenarios

import (
	"strings"
	"testing"
)

// The compute cycle on every cloud: keypair generated and
// imported, an instance created by names with progress, stopped, started,
// rebooted, got by ID and by name, listed, deleted; another terminated.
func TestComputeCycle(t *testing.T) {
	each(t, func(t *testing.T, c cloud) {
		for _, tool := range []string{"list_flavors", "list_images", "list_networks", "list_availability_zones", "list_keypairs", "list_instances"} {
			call(t, c, tool, nil)
		}
		call(t, c, "get_image", map[string]any{"image_id": c.image})

		gen := unique("gen")
		kp := call(t, c, "create_keypair", map[string]any{"name": gen})
		if !strings.Contains(kp["private_key"].(string), "OPENSSH PRIVATE KEY") {
			t.Fatalf("generated keypair lacks its private key")
		}
		t.Cleanup(func() { c.h.Call(t, "delete_keypair", map[string]any{"name": gen}) })
		imp := unique("imp")
		call(t, c, "create_keypair", map[string]any{"name": imp, "public_key": kp["public_key"]})
		callErr(t, c, "create_keypair", map[string]any{"name": imp, "public_key": kp["public_key"]}, "conflict")

		name := unique("vm")
		token := "create-" + name
		r := c.h.CallContext(t.Context(), t, "create_instance", map[string]any{
			"name": name, "flavor": c.flavor, "image": c.image, "network": c.network, "key_name": gen,
			"user_data": "#!/bin/sh\necho hello\n", "timeout_seconds": 300}, token)
		if r.IsError {
			t.Fatalf("create_instance: %s", r.Text)
		}
		srv := r.Map(t)
		record("create_instance", c, srv)
		id := srv["id"].(string)
		t.Cleanup(func() { c.h.Call(t, "delete_instance", map[string]any{"instance_id": id}) })
		if srv["status"] != "ACTIVE" {
			t.Fatalf("created server is %v", srv["status"])
		}
		if c.lab && len(c.h.ProgressFor(token)) == 0 {
			t.Error("no progress while the lab's Nova built the server")
		}

		for _, step := range []struct{ tool, want string }{
			{"stop_instance", "SHUTOFF"}, {"start_instance", "ACTIVE"}, {"reboot_instance", "ACTIVE"},
		} {
			res := call(t, c, step.tool, map[string]any{"instance_id": name, "timeout_seconds": 300})
			if res["success"] != true || res["status"] != step.want {
				t.Fatalf("%s: %v", step.tool, res)
			}
		}
		call(t, c, "reboot_instance", map[string]any{"instance_id": id, "reboot_type": "HARD", "timeout_seconds": 300})
		byID := call(t, c, "get_instance", map[string]any{"instance_id": id})
		byName := call(t, c, "get_instance", map[string]any{"instance_id": name})
		if byID["id"] != byName["id"] || byID["key_name"] != gen {
			t.Fatalf("get by id %v, by name %v", byID["id"], byName["id"])
		}
		listed := call(t, c, "list_instances", map[string]any{"name": name})["instances"].([]any)
		if len(listed) != 1 {
			t.Fatalf("list_instances name=%s: %d", name, len(listed))
		}
		callErr(t, c, "get_instance", map[string]any{"instance_id": unique("nope")}, "not_found")

		other := unique("vm2")
		srv2 := call(t, c, "create_instance", map[string]any{"name": other, "flavor": c.flavor, "image": c.image,
			"network": c.network, "timeout_seconds": 300})
		del := call(t, c, "delete_instance", map[string]any{"instance_id": id, "timeout_seconds": 300})
		if del["success"] != true {
			t.Fatalf("delete: %v", del)
		}
		// Force delete is admin-only by default policy: on the lab the demo
		// user is refused, and the tool must say so rather than fail obscurely.
		term := c.h.Call(t, "terminate_instance", map[string]any{"instance_id": srv2["id"], "timeout_seconds": 300})
		if term.IsError {
			if term.ErrorCode() != "forbidden" {
				t.Fatalf("terminate: %s", term.Text)
			}
			call(t, c, "delete_instance", map[string]any{"instance_id": srv2["id"], "timeout_seconds": 300})
		}
		call(t, c, "delete_keypair", map[string]any{"name": imp})
		callErr(t, c, "delete_keypair", map[string]any{"name": imp}, "not_found")
	})
}
