package volume

import (
	"context"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/volumes"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/volumeattach"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

type attachVolumeArgs struct {
	volumeRef
	InstanceID string `json:"instance_id" jsonschema:"required,minLength=1"`
	Device     string `json:"device,omitempty"`
	kit.Waiting
}

type detachVolumeArgs struct {
	volumeRef
	InstanceID string `json:"instance_id" jsonschema:"required,minLength=1"`
	kit.Waiting
}

// AttachmentResult is what attach_volume and detach_volume return: the
// volume's state, and where it is attached.
type AttachmentResult struct {
	Success      bool   `json:"success"`
	ID           string `json:"id" jsonschema_description:"The volume."`
	Status       string `json:"status"`
	ServerID     string `json:"server_id"`
	Device       string `json:"device,omitempty"`
	AttachmentID string `json:"attachment_id,omitempty"`
}

// novaAttachment is the server's attachment of volumeID, if any: what Nova
// knows from the reservation on, before Cinder shows it.
func novaAttachment(ctx context.Context, sc *gophercloud.ServiceClient, serverID, volumeID string) (*volumeattach.VolumeAttachment, error) {
	all, err := kit.All(ctx, volumeattach.List(sc, serverID), volumeattach.ExtractVolumeAttachments)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].VolumeID == volumeID {
			return &all[i], nil
		}
	}
	return nil, nil
}

func attachmentTo(v *volumes.Volume, serverID string) *volumes.Attachment {
	for i := range v.Attachments {
		if v.Attachments[i].ServerID == serverID {
			return &v.Attachments[i]
		}
	}
	return nil
}

// attachmentOf finds the volume and the server an attach or a detach
// names (the volume first), and Nova's attachment of one to the other (nil:
// none).
func attachmentOf(ctx context.Context, s *client.Services, volumeRef, serverRef string) (*volumes.Volume, *kit.NovaServer, *volumeattach.VolumeAttachment, error) {
	v, err := findVolume(ctx, s.Volume, volumeRef)
	if err != nil {
		return nil, nil, nil, err
	}
	sv, err := kit.Server(ctx, s, serverRef)
	if err != nil {
		return nil, nil, nil, err
	}
	have, err := novaAttachment(ctx, s.Compute, sv.ID, v.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	return v, sv, have, nil
}

func attachVolume() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "attach_volume", Title: "Attach a volume", Effect: mcptool.Write, Idempotent: true,
		Description: "Attach a volume to a server."},
		func(ctx context.Context, s *client.Services, a attachVolumeArgs) (AttachmentResult, error) {
			v, sv, have, err := attachmentOf(ctx, s, a.VolumeID, a.InstanceID)
			if err != nil {
				return AttachmentResult{}, err
			}
			res := AttachmentResult{Success: true, ID: v.ID, ServerID: sv.ID}
			// Already attached (or being attached) to this server (have): a
			// retry, nothing to send.
			if have == nil {
				if len(v.Attachments) > 0 {
					return AttachmentResult{}, attachedConflict(ctx, s, v, "a volume is attached to one server at a time",
						"detach it first (detach_volume)")
				}
				if v.Status != "available" {
					return AttachmentResult{}, fault.Errorf(fault.CodeConflict, "volume %s is %s; a volume is attached when available", v.ID, v.Status)
				}
				have, err = volumeattach.Create(ctx, s.Compute, sv.ID, volumeattach.CreateOpts{VolumeID: v.ID, Device: a.Device}).Extract()
				if err := tookEffect(ctx, err, func(ctx context.Context) bool {
					found, ferr := novaAttachment(ctx, s.Compute, sv.ID, v.ID)
					if ferr == nil && found != nil {
						have = found
						return true
					}
					return false
				}); err != nil {
					return AttachmentResult{}, err
				}
			}
			res.Device = have.Device
			if !a.Wait {
				res.Status = "attaching"
				return res, nil
			}
			last, err := waitVolume(ctx, s.Cloud, s.Volume, v.ID, a.Waiting, []string{"in-use"}, func(v *volumes.Volume) client.State {
				switch {
				case v.Status == "in-use" && attachmentTo(v, sv.ID) == nil:
					return client.State{Status: "attaching"}
				case v.Status == "available":
					// Nova reserved the volume before answering: available
					// again means the attachment failed.
					return client.State{Status: "error_attaching", Fault: "the volume is available again: the server did not attach it"}
				}
				return client.State{Status: v.Status}
			})
			if err != nil {
				return AttachmentResult{}, err
			}
			res.Status = last.Status
			if at := attachmentTo(last, sv.ID); at != nil {
				res.Device, res.AttachmentID = at.Device, at.AttachmentID
			}
			return res, nil
		})
}

func detachVolume() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "detach_volume", Title: "Detach a volume", Effect: mcptool.Write, Idempotent: true,
		Description: "Detach a volume from a server."},
		func(ctx context.Context, s *client.Services, a detachVolumeArgs) (AttachmentResult, error) {
			v, sv, have, err := attachmentOf(ctx, s, a.VolumeID, a.InstanceID)
			if err != nil {
				return AttachmentResult{}, err
			}
			if have == nil {
				e := fault.Errorf(fault.CodeConflict, "volume %s is not attached to server %s", v.ID, serverLabel(sv))
				if len(v.Attachments) > 0 {
					e = attachedConflict(ctx, s, v, "not to server "+serverLabel(sv), "name that server to detach it")
				} else {
					e.Hint = "it is not attached to any server"
				}
				return AttachmentResult{}, e
			}
			if v.Status != "detaching" {
				err := volumeattach.Delete(ctx, s.Compute, sv.ID, v.ID).ExtractErr()
				if err := tookEffect(ctx, err, func(ctx context.Context) bool {
					now, gerr := volumes.Get(ctx, s.Volume, v.ID).Extract()
					return gerr == nil && (now.Status == "detaching" || attachmentTo(now, sv.ID) == nil && now.Status == "available")
				}); err != nil {
					return AttachmentResult{}, err
				}
			}
			res := AttachmentResult{Success: true, ID: v.ID, ServerID: sv.ID, Status: "detaching"}
			if !a.Wait {
				return res, nil
			}
			last, err := waitVolume(ctx, s.Cloud, s.Volume, v.ID, a.Waiting, []string{"available"}, func(v *volumes.Volume) client.State {
				if v.Status == "in-use" && attachmentTo(v, sv.ID) != nil {
					// Nova began detaching before answering: in-use again
					// means the detach failed.
					return client.State{Status: "error_detaching", Fault: "the volume is still attached: the server did not release it"}
				}
				return client.State{Status: v.Status}
			})
			if err != nil {
				return AttachmentResult{}, err
			}
			res.Status = last.Status
			return res, nil
		})
}

func serverLabel(s *kit.NovaServer) string {
	if s.Name != "" && s.Name != s.ID {
		return s.Name + " (" + s.ID + ")"
	}
	return s.ID
}
