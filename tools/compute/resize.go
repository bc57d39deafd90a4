package compute

import (
	"context"
	"fmt"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/progress"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/rating"
)

type resizeArgs struct {
	instanceRef
	Flavor  string `json:"flavor" jsonschema:"required,minLength=1"`
	Confirm bool   `json:"confirm" jsonschema:"default=true" jsonschema_description:"false: stop at VERIFY_RESIZE."`
	kit.Waiting
}

// Resized is resize_instance's result: where the server is, and the
// flavors it went from and to.
type Resized struct {
	Success   bool   `json:"success"`
	ID        string `json:"id"`
	Status    string `json:"status"`
	OldFlavor string `json:"old_flavor,omitempty"`
	Flavor    string `json:"flavor"`
	// Estimate is what the server costs on its new flavor.
	Estimate *rating.Estimate `json:"estimate,omitempty"`
}

// resizeInstance resizes a server and, unless told not to, confirms it:
// Nova would confirm by itself later, but a server in VERIFY_RESIZE holds
// both flavors' resources until then.
func resizeInstance() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "resize_instance", Title: "Resize a server", Effect: mcptool.Write,
		Description: "Move a server to another flavor (it reboots), then confirm."},
		rating.Priced(func(ctx context.Context, svc *client.Services, a resizeArgs) (Resized, error) {
			steps := []string{"resolved", "requested", "resize_prep", "resize_migrating", "resize_migrated", "resize_finish", "VERIFY_RESIZE"}
			if a.Confirm {
				steps = append(steps, "ACTIVE")
			}
			if !a.Wait {
				steps = steps[:2]
			}
			ctx = progress.Plan(ctx, steps...)
			s, err := kit.Server(ctx, svc, a.InstanceID)
			if err != nil {
				return Resized{}, err
			}
			to, err := resolveFlavor(ctx, svc, strings.TrimSpace(a.Flavor))
			if err != nil {
				return Resized{}, err
			}
			from := s.Flavor
			fromName := newViewer(svc).flavor(ctx, from)
			same := to.Name == fromName || to.ID == from.ID
			if s.Status == "VERIFY_RESIZE" {
				if !same {
					return Resized{}, fault.Errorf(fault.CodeConflict, "server %s is resized to %s and waits for its confirmation", s.Name, fromName).
						WithHint("resize_instance flavor=" + fromName + " confirms it; then resize again")
				}
				// A resize left at VERIFY_RESIZE (confirm=false): confirm it.
				return confirmResize(ctx, svc, s.ID, Resized{Success: true, ID: s.ID, Status: s.Status, Flavor: fromName}, a)
			}
			if same {
				return Resized{}, fault.Errorf(fault.CodeInvalidArgument, "server %s is already on flavor %s", s.Name, to.Name).
					WithHint("choose another flavor (list_flavors)")
			}
			if old, err := resolveFlavor(ctx, svc, fromName); err == nil && to.Disk < old.Disk && s.Image.ID != "" {
				return Resized{}, fault.Errorf(fault.CodeInvalidArgument,
					"flavor %s has a %d GB disk, smaller than %s's %d GB: a server's disk cannot shrink", to.Name, to.Disk, old.Name, old.Disk).
					WithHint(fmt.Sprintf("choose a flavor with a disk of %d GB or more (list_flavors)", old.Disk))
			}
			progress.Step(ctx, "resolved", fmt.Sprintf("server %s, flavor %s to %s", s.Name, fromName, to.Name))
			err = servers.Resize(ctx, svc.Compute, s.ID, servers.ResizeOpts{FlavorRef: to.ID}).ExtractErr()
			if err := kit.TookEffect(ctx, err, func(ctx context.Context) bool {
				now, err := kit.GetServer(ctx, svc.Compute, s.ID)
				return err == nil && (now.Status == "RESIZE" || now.Status == "VERIFY_RESIZE")
			}); err != nil {
				return Resized{}, err
			}
			progress.Step(ctx, "requested", "resize of "+s.ID+" requested")
			out := Resized{Success: true, ID: s.ID, Status: "RESIZE", OldFlavor: fromName, Flavor: to.Name}
			if !a.Wait {
				return out, nil
			}
			last, err := waitServer(ctx, svc, s.ID, []string{"VERIFY_RESIZE", "ACTIVE", "SHUTOFF"}, a.TimeoutSeconds)
			if err != nil {
				return Resized{}, err
			}
			if last.Status != "VERIFY_RESIZE" {
				// Nova rolled the resize back: the compute host refused it.
				return Resized{}, fault.Errorf(fault.CodeConflict,
					"the resize of server %s to %s did not happen: the cloud put it back %s on %s", s.Name, to.Name, last.Status, fromName).
					WithHint("the host may lack room for " + to.Name + ": try again later or another flavor; the server is unchanged")
			}
			out.Status = last.Status
			if !a.Confirm {
				return out, nil
			}
			return confirmResize(ctx, svc, s.ID, out, a)
		}, resizedItems, withResizeEstimate))
}

func resizedItems(r Resized) []rating.Item { return rating.Server(r.Flavor) }

func withResizeEstimate(r Resized, e *rating.Estimate) Resized { r.Estimate = e; return r }

// confirmResize confirms the resize of server id and waits until Nova has.
func confirmResize(ctx context.Context, svc *client.Services, id string, out Resized, a resizeArgs) (Resized, error) {
	if !a.Confirm {
		return out, nil
	}
	err := servers.ConfirmResize(ctx, svc.Compute, id).ExtractErr()
	if err := kit.TookEffect(ctx, err, func(ctx context.Context) bool {
		now, err := kit.GetServer(ctx, svc.Compute, id)
		return err == nil && now.Status != "VERIFY_RESIZE"
	}); err != nil {
		return Resized{}, err
	}
	last, err := waitServer(ctx, svc, id, []string{"ACTIVE", "SHUTOFF"}, a.TimeoutSeconds)
	if err != nil {
		return Resized{}, err
	}
	out.Status = last.Status
	return out, nil
}
