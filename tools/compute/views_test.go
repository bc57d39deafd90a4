package compute

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// TestServerViewIsStableAcrossMicroversions: below 2.47 Nova gives the
// flavor's id only, from 2.47 the flavor embedded without its id; the view
// shows the same name either way.
func TestServerViewIsStableAcrossMicroversions(t *testing.T) {
	sb, err := sandbox.Start("127.0.0.1:0", sandbox.Options{BuildDelay: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	creds, err := config.ResolveCredentials("", "", sb.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c := client.New(client.Options{Credentials: creds, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	svc, err := c.Services(ctx, client.Compute, client.Image, client.BlockStorage, client.Network)
	if err != nil {
		t.Fatal(err)
	}
	flavor, err := resolveFlavor(ctx, svc, "a2-ram4-disk50-perf1")
	if err != nil {
		t.Fatal(err)
	}
	image, err := kit.Image(ctx, svc, "Rocky Linux 9")
	if err != nil {
		t.Fatal(err)
	}
	network, err := kit.Network(ctx, svc, "private")
	if err != nil {
		t.Fatal(err)
	}
	created, err := servers.Create(ctx, svc.Compute, servers.CreateOpts{Name: "vm", FlavorRef: flavor.ID, ImageRef: image.ID,
		Networks: []servers.Network{{UUID: network.ID}}}, nil).Extract()
	if err != nil {
		t.Fatal(err)
	}
	views := map[string]Server{}
	for _, mv := range []string{"2.1", "2.46", "2.47", "2.79"} {
		old := *svc
		compute := *svc.Compute
		compute.Microversion = mv
		old.Compute = &compute
		s, err := kit.GetServer(ctx, old.Compute, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		views[mv] = newViewer(&old).view(ctx, s)
	}
	for mv, v := range views {
		if v.Flavor != "a2-ram4-disk50-perf1" || v.Image != "Rocky Linux 9" {
			t.Errorf("%s: flavor %q, image %q: want their names", mv, v.Flavor, v.Image)
		}
	}
}
