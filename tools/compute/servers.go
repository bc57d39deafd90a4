package compute

import (
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/keypairs"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"
	"github.com/gophercloud/gophercloud/v2/openstack/image/v2/images"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/progress"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/rating"
)

type listInstancesArgs struct {
	Name   string `json:"name,omitempty" jsonschema_description:"Part of the name, any case."`
	Status string `json:"status,omitempty"`
	kit.Page
}

type InstanceList struct {
	Instances []Server `json:"instances"`
	kit.More
}

type instanceRef struct {
	InstanceID string `json:"instance_id" jsonschema:"required,minLength=1"`
}

type createInstanceArgs struct {
	Name               string   `json:"name" jsonschema:"required,minLength=1,maxLength=255"`
	Flavor             string   `json:"flavor" jsonschema:"required,minLength=1"`
	Image              string   `json:"image" jsonschema:"required,minLength=1"`
	Network            string   `json:"network" jsonschema:"required,minLength=1"`
	KeyName            string   `json:"key_name,omitempty"`
	SecurityGroups     []string `json:"security_groups,omitempty"`
	UserData           string   `json:"user_data,omitempty" jsonschema_description:"cloud-init text."`
	AvailabilityZone   string   `json:"availability_zone,omitempty"`
	BootVolumeSize     int      `json:"boot_volume_size,omitempty" jsonschema:"minimum=1" jsonschema_description:"GB: boot from a new volume of the image."`
	VolumeType         string   `json:"volume_type,omitempty" jsonschema_description:"Of the boot volume."`
	DeleteBootVolume   bool     `json:"delete_boot_volume,omitempty" jsonschema_description:"With the server; kept by default."`
	AllowDuplicateName bool     `json:"allow_duplicate_name,omitempty"`
	kit.Waiting
}

type rebootArgs struct {
	instanceRef
	RebootType string `json:"reboot_type" jsonschema:"enum=SOFT,enum=HARD,default=SOFT"`
	kit.Waiting
}

type actionArgs struct {
	instanceRef
	kit.Waiting
}

type deleteArgs struct {
	instanceRef
	Force bool `json:"force,omitempty"`
	kit.Waiting
}

// userDataMax is Nova's limit on user_data, which applies to the
// base64-encoded text: about 48 KiB of plain text.
const userDataMax = 65535

func listInstances() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_instances", Title: "List servers", Effect: mcptool.Read,
		Description: "List servers, newest first."},
		func(ctx context.Context, svc *client.Services, a listInstancesArgs) (InstanceList, error) {
			opts := servers.ListOpts{Status: strings.ToUpper(a.Status)}
			if a.Name != "" {
				opts.Name = regexp.QuoteMeta(a.Name) // Nova's filter is a regular expression
			}
			query, err := opts.ToServerListQuery()
			if err != nil {
				return InstanceList{}, err
			}
			page, more, err := kit.Read(ctx, svc.Compute, svc.Compute.ServiceURL("servers", "detail")+query, "servers", a.Page,
				func(s *kit.NovaServer) string { return s.ID })
			if err != nil {
				return InstanceList{}, err
			}
			v := newViewer(svc)
			out := make([]Server, len(page))
			for i := range page {
				out[i] = v.view(ctx, &page[i])
			}
			return InstanceList{Instances: out, More: more}, nil
		})
}

func getInstance() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "get_instance", Title: "Get a server", Effect: mcptool.Read,
		Description: "Get a server, with how to log in (connect)."},
		func(ctx context.Context, svc *client.Services, a instanceRef) (Server, error) {
			s, err := kit.Server(ctx, svc, a.InstanceID)
			if err != nil {
				return Server{}, err
			}
			v := newViewer(svc).view(ctx, s)
			v.Connect = connectOf(ctx, svc, s, v)
			return v, nil
		})
}

func createInstance() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "create_instance", Title: "Create a server", Effect: mcptool.Write,
		Description: "Create a server, waiting until ACTIVE."},
		rating.Priced(func(ctx context.Context, svc *client.Services, a createInstanceArgs) (Server, error) {
			if n := base64.StdEncoding.EncodedLen(len(a.UserData)); n > userDataMax {
				return Server{}, fault.Errorf(fault.CodeInvalidArgument,
					"user_data is %d bytes, %d once base64-encoded: Nova's limit is %d encoded bytes (about 48 KiB of text)",
					len(a.UserData), n, userDataMax).WithHint("fetch large files from the script instead of embedding them")
			}
			// Nova's build tasks as a real Nova shows them (the lab: scheduling,
			// block_device_mapping, spawning; networking where the network
			// is allocated in line); a step not seen is passed over.
			steps := []string{"resolved", "requested", "scheduling", "networking", "block_device_mapping", "spawning", "ACTIVE"}
			if !a.Wait {
				steps = steps[:2] // done once Nova has the request
			}
			ctx = progress.Plan(ctx, steps...)
			// Resolve everything first: a wrong reference creates nothing.
			flavor, err := resolveFlavor(ctx, svc, strings.TrimSpace(a.Flavor))
			if err != nil {
				return Server{}, err
			}
			image, err := kit.Image(ctx, svc, a.Image)
			if err != nil {
				return Server{}, err
			}
			network, err := kit.Network(ctx, svc, a.Network)
			if err != nil {
				return Server{}, err
			}
			if !network.Attachable() {
				// Nova would take the request, then fail the build: a server
				// in ERROR, still to be deleted.
				return Server{}, fault.Errorf(fault.CodeInvalidArgument,
					"network %s is external and not shared: it holds floating IPs, a server cannot be attached to it", network.Name).
					WithHint("choose a network list_networks shows attachable; for a floating IP from " + network.Name +
						", attach the server to a private network, then create_floating_ip with its instance_id")
			}
			if a.KeyName != "" {
				if err := findKeypair(ctx, svc, a.KeyName); err != nil {
					return Server{}, err
				}
			}
			// Nova says only "Unable to find security_group ..."; found here,
			// a wrong name is not_found with the close ones. Nova is sent the
			// names as given.
			for _, g := range a.SecurityGroups {
				if _, err := kit.SecurityGroup(ctx, svc, g, func(c *client.Candidate) client.Candidate { return *c }); err != nil {
					return Server{}, err
				}
			}
			if err := bootVolumeFits(a, image); err != nil {
				return Server{}, err
			}
			progress.Step(ctx, "resolved", fmt.Sprintf("flavor %s, image %s, network %s", flavor.Name, image.Name, network.Name))
			opts := servers.CreateOpts{Name: a.Name, FlavorRef: flavor.ID, ImageRef: image.ID,
				Networks: []servers.Network{{UUID: network.ID}}, SecurityGroups: a.SecurityGroups,
				AvailabilityZone: a.AvailabilityZone}
			if a.BootVolumeSize > 0 {
				// The server boots from a new volume Nova has Cinder make of
				// the image (block device mapping v2).
				opts.ImageRef = ""
				opts.BlockDevice = []servers.BlockDevice{{SourceType: servers.SourceImage, UUID: image.ID, BootIndex: 0,
					DestinationType: servers.DestinationVolume, VolumeSize: a.BootVolumeSize, VolumeType: a.VolumeType,
					DeleteOnTermination: a.DeleteBootVolume}}
			}
			if a.UserData != "" {
				// Encoded here, always: gophercloud would pass text that
				// happens to be valid base64 through unencoded.
				opts.UserData = []byte(base64.StdEncoding.EncodeToString([]byte(a.UserData)))
			}
			var builder servers.CreateOptsBuilder = opts
			if a.KeyName != "" {
				builder = keypairs.CreateOptsExt{CreateOptsBuilder: opts, KeyName: a.KeyName}
			}
			created, err := client.CreateNamed(ctx, "server", a.Name, a.AllowDuplicateName,
				func(ctx context.Context) (*kit.NovaServer, error) {
					r := servers.Create(ctx, svc.Compute, builder, nil)
					return kit.One[kit.NovaServer](r, r.Err, "server")
				},
				func(ctx context.Context) ([]kit.NovaServer, error) {
					return kit.All(ctx, servers.List(svc.Compute, servers.ListOpts{Name: kit.NovaName(a.Name)}), kit.ExtractServers)
				},
				func(s *kit.NovaServer) client.Named {
					return client.Named{ID: s.ID, Name: s.Name, Created: s.CreatedAt()}
				})
			if err != nil {
				return Server{}, err
			}
			id := created.ID
			progress.Step(ctx, "requested", "server "+id+" requested")
			if !a.Wait {
				// The server as it is now (BUILD); the request was taken even if
				// this read fails.
				now, err := kit.GetServer(ctx, svc.Compute, id)
				if err != nil {
					now = &kit.NovaServer{ID: id, Name: a.Name, Status: "BUILD"}
				}
				return newViewer(svc).view(ctx, now), nil
			}
			last, err := waitServer(ctx, svc, id, []string{"ACTIVE"}, a.TimeoutSeconds)
			if err != nil {
				return Server{}, err
			}
			v := newViewer(svc).view(ctx, last)
			v.Connect = connectOf(ctx, svc, last, v)
			if a.BootVolumeSize > 0 && len(last.AttachedVolumes) > 0 {
				v.BootVolume = &BootVolume{ID: last.AttachedVolumes[0].ID, Size: a.BootVolumeSize, Kept: !a.DeleteBootVolume}
			}
			return v, nil
		}, serverItems, withEstimate))
}

// waitServer waits until server id reaches one of until (or is gone, when
// until is nil), failing fast on ERROR. A status reached while a task still
// runs (ERROR during a hard reboot, say) is not an outcome yet: the wait
// then shows the task instead.
func waitServer(ctx context.Context, svc *client.Services, id string, until []string, timeoutSeconds int) (*kit.NovaServer, error) {
	c := svc.Cloud
	var last *kit.NovaServer
	_, err := c.Wait(ctx, client.WaitFor{
		Kind: "server", ID: id, Until: until, Gone: until == nil, Failed: []string{"ERROR"},
		Timeout: time.Duration(timeoutSeconds) * time.Second,
		Step:    func(st client.State) string { return cmp.Or(st.Task, st.Status) }, // Nova's task_state names the build's steps
		Poll: func(ctx context.Context) (client.State, error) {
			s, err := kit.GetServer(ctx, svc.Compute, id)
			if err != nil {
				return client.State{}, err
			}
			last = s
			st := client.State{Status: s.Status, Task: s.TaskState, Fault: s.Fault.Message}
			if s.TaskState != "" && (s.Status == "ERROR" || slices.Contains(until, s.Status)) {
				st.Status, st.Task = s.TaskState, ""
			}
			return st, nil
		},
	})
	if e := fault.Classify(err); e != nil && (e.Code == fault.CodeTimeout || e.Code == fault.CodeCancelled) &&
		last != nil && last.TaskState != "" && !strings.Contains(e.Message, last.TaskState) {
		e.Message += " (task_state " + last.TaskState + ")"
	}
	return last, err
}

// action is a server action: what it sends, and the status that ends it
// (nil: the server is gone).
type action struct {
	until []string
	// busy is the task_state of this very action under way: then nothing
	// is sent again, the call waits for it (a retry after a lost reply).
	busy string
	do   func(ctx context.Context, svc *client.Services, id string) error
	// done reports that the server is already where the action would take
	// it, so nothing is sent (stop of a SHUTOFF server).
	done func(s *kit.NovaServer) bool
}

func (act action) run(ctx context.Context, svc *client.Services, ref string, w kit.Waiting) (Success, error) {
	s, err := kit.Server(ctx, svc, ref)
	if err != nil {
		return Success{}, err
	}
	if act.done != nil && act.done(s) {
		return Success{Success: true, ID: s.ID, Status: s.Status}, nil
	}
	if act.busy == "" || s.TaskState != act.busy {
		if err := act.do(ctx, svc, s.ID); err != nil {
			return Success{}, err
		}
	}
	if !w.Wait {
		now, err := kit.GetServer(ctx, svc.Compute, s.ID)
		switch {
		case err == nil:
			return Success{Success: true, ID: s.ID, Status: now.Status, TaskState: now.TaskState}, nil
		case fault.Classify(err).Code == fault.CodeNotFound:
			return Success{Success: true, ID: s.ID, Status: client.StatusDeleted}, nil
		}
		// The action was accepted; say so even if the read after it failed.
		return Success{Success: true, ID: s.ID, Status: s.Status}, nil
	}
	last, err := waitServer(ctx, svc, s.ID, act.until, w.TimeoutSeconds)
	if err != nil {
		return Success{}, err
	}
	if act.until == nil {
		return Success{Success: true, ID: s.ID, Status: client.StatusDeleted}, nil
	}
	return Success{Success: true, ID: s.ID, Status: last.Status}, nil
}

// tool is the tool that runs act on the server its arguments name.
func (act action) tool(def mcptool.Def) mcptool.Tool {
	return kit.Tool(def, func(ctx context.Context, svc *client.Services, a actionArgs) (Success, error) {
		return act.run(ctx, svc, a.InstanceID, a.Waiting)
	})
}

// power is start or stop: the status it ends in (a server already there,
// with no task under way, is left alone), the task_state of it under way,
// and Nova's call.
func power(status, busy string, send func(ctx context.Context, sc *gophercloud.ServiceClient, id string) error) action {
	return action{until: []string{status}, busy: busy,
		done: func(s *kit.NovaServer) bool { return s.Status == status && s.TaskState == "" },
		do:   func(ctx context.Context, svc *client.Services, id string) error { return send(ctx, svc.Compute, id) }}
}

func startInstance() mcptool.Tool {
	return power("ACTIVE", "powering-on", func(ctx context.Context, sc *gophercloud.ServiceClient, id string) error {
		return servers.Start(ctx, sc, id).ExtractErr()
	}).tool(mcptool.Def{Name: "start_instance", Title: "Start a server", Effect: mcptool.Write, Idempotent: true,
		Description: "Start a server."})
}

func stopInstance() mcptool.Tool {
	return power("SHUTOFF", "powering-off", func(ctx context.Context, sc *gophercloud.ServiceClient, id string) error {
		return servers.Stop(ctx, sc, id).ExtractErr()
	}).tool(mcptool.Def{Name: "stop_instance", Title: "Stop a server", Effect: mcptool.Write, Idempotent: true,
		Description: "Power off a server."})
}

func rebootInstance() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "reboot_instance", Title: "Reboot a server", Effect: mcptool.Write,
		Description: "Reboot a server."},
		func(ctx context.Context, svc *client.Services, a rebootArgs) (Success, error) {
			how := servers.SoftReboot
			if a.RebootType == "HARD" {
				how = servers.HardReboot
			}
			act := action{until: []string{"ACTIVE"},
				do: func(ctx context.Context, svc *client.Services, id string) error {
					return servers.Reboot(ctx, svc.Compute, id, servers.RebootOpts{Type: how}).ExtractErr()
				}}
			return act.run(ctx, svc, a.InstanceID, a.Waiting)
		})
}

// forceDeleteAction is Nova's os-forceDelete. A cloud whose policy refuses
// it answers 403: we say which policy and what works instead.
var forceDeleteAction = action{busy: "deleting",
	do: func(ctx context.Context, svc *client.Services, id string) error {
		err := servers.ForceDelete(ctx, svc.Compute, id).ExtractErr()
		if e := fault.Classify(err); e != nil && e.Code == fault.CodeForbidden {
			e.Message = "this cloud's policy does not allow force-deleting servers: " + e.Message
			e.Hint = "use delete_instance without force, which deletes the server normally"
			return e
		}
		return err
	}}

var deleteAction = action{busy: "deleting",
	do: func(ctx context.Context, svc *client.Services, id string) error {
		err := servers.Delete(ctx, svc.Compute, id).ExtractErr()
		if fault.Classify(err) != nil && fault.Classify(err).Code == fault.CodeNotFound {
			return nil // found a moment ago: a retried DELETE whose first reply was lost
		}
		return err
	}}

func deleteInstance() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_instance", Title: "Delete a server", Effect: mcptool.Destructive, Idempotent: true, Ask: askDeleteServer("Delete"),
		Description: "Delete a server; kept lists what stays billed."},
		func(ctx context.Context, svc *client.Services, a deleteArgs) (Success, error) {
			if a.Force {
				return deleteServer(ctx, svc, a.InstanceID, a.Waiting, forceDeleteAction)
			}
			return deleteServer(ctx, svc, a.InstanceID, a.Waiting, deleteAction)
		})
}

func terminateInstance() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "terminate_instance", Title: "Terminate a server", Effect: mcptool.Destructive, Idempotent: true, Ask: askDeleteServer("Terminate (force-delete)"),
		Description: "Force-delete a server; kept lists what stays billed."},
		func(ctx context.Context, svc *client.Services, a actionArgs) (Success, error) {
			return deleteServer(ctx, svc, a.InstanceID, a.Waiting, forceDeleteAction)
		})
}

// bootVolumeFits refuses what Nova would refuse of a boot volume, before
// anything is made: a volume type without a volume, a size the image does
// not fit in.
func bootVolumeFits(a createInstanceArgs, image *images.Image) error {
	if a.BootVolumeSize == 0 {
		if a.VolumeType != "" || a.DeleteBootVolume {
			return fault.Errorf(fault.CodeInvalidArgument, "volume_type and delete_boot_volume are for a boot volume").
				WithHint("add boot_volume_size (GB) to boot from a new volume, or leave them out")
		}
		return nil
	}
	need := max(image.MinDiskGigabytes, int((image.SizeBytes+1<<30-1)>>30))
	if a.BootVolumeSize < need {
		return fault.Errorf(fault.CodeInvalidArgument, "boot_volume_size %d GB is too small for image %s, which needs %d GB",
			a.BootVolumeSize, image.Name, need).WithHint(fmt.Sprintf("use boot_volume_size %d or more", need))
	}
	return nil
}
