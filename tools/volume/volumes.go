package volume

import (
	"context"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/backups"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/snapshots"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/volumes"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/rating"
)

type listVolumesArgs struct {
	kit.Page
	Name   string `json:"name,omitempty" jsonschema_description:"Part of the name, any case."`
	Status string `json:"status,omitempty"`
}

type VolumeList struct {
	Volumes []Volume `json:"volumes"`
	kit.More
}

type volumeRef struct {
	VolumeID string `json:"volume_id" jsonschema:"required,minLength=1"`
}

type createVolumeArgs struct {
	Size               int    `json:"size,omitempty" jsonschema:"minimum=1" jsonschema_description:"GB; the source's if omitted."`
	Name               string `json:"name,omitempty" jsonschema:"maxLength=255"`
	Description        string `json:"description,omitempty"`
	VolumeType         string `json:"volume_type,omitempty"`
	AvailabilityZone   string `json:"availability_zone,omitempty"`
	SourceVolume       string `json:"source_volume,omitempty"`
	Snapshot           string `json:"snapshot,omitempty"`
	Image              string `json:"image,omitempty"`
	AllowDuplicateName bool   `json:"allow_duplicate_name,omitempty"`
	kit.Waiting
}

type deleteVolumeArgs struct {
	volumeRef
	Force bool `json:"force,omitempty"`
	kit.Waiting
}

type extendVolumeArgs struct {
	volumeRef
	NewSize int `json:"new_size" jsonschema:"required,minimum=1" jsonschema_description:"GB"`
	kit.Waiting
}

// Extended is extend_volume's result: the state and size reached.
type Extended struct {
	Success bool   `json:"success"`
	ID      string `json:"id"`
	Status  string `json:"status"`
	Size    int    `json:"size" jsonschema_description:"GB"`
}

func listVolumes() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_volumes", Title: "List volumes", Effect: mcptool.Read,
		Description: "List volumes, newest first."},
		func(ctx context.Context, s *client.Services, a listVolumesArgs) (VolumeList, error) {
			query, err := volumes.ListOpts{Status: strings.ToLower(a.Status)}.ToVolumeListQuery()
			if err != nil {
				return VolumeList{}, err
			}
			page, more, err := kit.ReadNamed(ctx, s.Volume, s.Volume.ServiceURL("volumes", "detail")+query, "volumes", a.Page, a.Name,
				func(v *volumes.Volume) string { return v.Name }, func(v *volumes.Volume) string { return v.ID })
			if err != nil {
				return VolumeList{}, markerError(err, a.Marker)
			}
			out := make([]Volume, len(page))
			for i, v := range page {
				out[i] = volumeView(v)
			}
			return VolumeList{Volumes: out, More: more}, nil
		})
}

func getVolume() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "get_volume", Title: "Get a volume", Effect: mcptool.Read,
		Description: "Get a volume."},
		func(ctx context.Context, s *client.Services, a volumeRef) (Volume, error) {
			v, err := findVolume(ctx, s.Volume, a.VolumeID)
			if err != nil {
				return Volume{}, err
			}
			out := volumeView(*v)
			if slices.Contains(volumeFailed, v.Status) {
				out.Fault = userMessage(ctx, s.Volume, v.ID)
			}
			return out, nil
		})
}

func createVolume() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "create_volume", Title: "Create a volume", Effect: mcptool.Write,
		Description: "Create a volume, empty or a copy of a source."},
		rating.Priced(func(ctx context.Context, s *client.Services, a createVolumeArgs) (Volume, error) {
			opts, err := volumeSource(ctx, s, a)
			if err != nil {
				return Volume{}, err
			}
			v, err := client.CreateNamed(ctx, "volume", a.Name, a.AllowDuplicateName,
				func(ctx context.Context) (*volumes.Volume, error) {
					v, err := volumes.Create(ctx, s.Volume, opts, nil).Extract()
					return v, stateError(err)
				},
				func(ctx context.Context) ([]volumes.Volume, error) {
					return kit.All(ctx, volumes.List(s.Volume, volumes.ListOpts{Name: a.Name}), volumes.ExtractVolumes)
				},
				func(v *volumes.Volume) client.Named {
					return client.Named{ID: v.ID, Name: v.Name, Created: v.CreatedAt}
				})
			if err != nil {
				return Volume{}, err
			}
			if !a.Wait {
				return volumeView(*v), nil
			}
			last, err := waitVolume(ctx, s.Cloud, s.Volume, v.ID, a.Waiting, []string{"available"}, nil)
			if err != nil {
				return Volume{}, err
			}
			return volumeView(*last), nil
		}, volumeItems, withEstimate))
}

// attachedConflict refuses a change an attached volume does not allow,
// naming where it is attached.
func attachedConflict(ctx context.Context, s *client.Services, v *volumes.Volume, what, hint string) *fault.Error {
	var where []string
	for _, at := range v.Attachments {
		w := "server " + serverName(ctx, s, at.ServerID)
		if at.Device != "" {
			w += " as " + at.Device
		}
		where = append(where, w)
	}
	e := fault.Errorf(fault.CodeConflict, "volume %s is attached to %s: %s", v.ID, strings.Join(where, ", "), what).WithHint(hint)
	e.Details = map[string]any{"id": v.ID, "status": v.Status, "attachments": volumeView(*v).Attachments}
	return e
}

// detachedVolume finds a volume for a change it must be detached for
// (what: why), refusing it attached.
func detachedVolume(ctx context.Context, s *client.Services, ref, what string) (*volumes.Volume, error) {
	v, err := findVolume(ctx, s.Volume, ref)
	if err != nil {
		return nil, err
	}
	if len(v.Attachments) > 0 {
		return nil, attachedConflict(ctx, s, v, what, "detach it first (detach_volume)")
	}
	return v, nil
}

func deleteVolume() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_volume", Title: "Delete a volume", Effect: mcptool.Destructive, Idempotent: true, Ask: askDeleteVolume(),
		Description: "Delete a volume (not its backups: kept_backups)."},
		func(ctx context.Context, s *client.Services, a deleteVolumeArgs) (Done, error) {
			v, err := detachedVolume(ctx, s, a.VolumeID, "it cannot be deleted")
			if err != nil {
				return Done{}, err
			}
			if v.Status != "deleting" {
				snaps, err := kit.All(ctx, snapshots.ListDetail(s.Volume, snapshots.ListOpts{VolumeID: v.ID}), snapshots.ExtractSnapshots)
				if err != nil {
					return Done{}, err
				}
				if len(snaps) > 0 {
					ids := make([]string, len(snaps))
					for i, sn := range snaps {
						ids[i] = sn.ID
					}
					return Done{}, fault.Errorf(fault.CodeConflict, "volume %s has %d snapshot(s): %s", v.ID, len(snaps), strings.Join(ids, ", ")).
						WithHint("delete its snapshots first (delete_snapshot)")
				}
			}
			// Backups outlive their volume, billed: the result names them.
			var kept []string
			if bs, err := kit.All(ctx, backups.List(s.Volume, backups.ListOpts{VolumeID: v.ID}), backups.ExtractBackups); err == nil {
				for _, b := range bs {
					kept = append(kept, b.ID)
				}
			}
			out, err := deleteAndWait(ctx, v.ID, v.Status == "deleting", a.Waiting,
				func(ctx context.Context) error {
					if a.Force {
						return volumes.ForceDelete(ctx, s.Volume, v.ID).ExtractErr()
					}
					return volumes.Delete(ctx, s.Volume, v.ID, nil).ExtractErr()
				},
				volumeStatus(s.Volume, v.ID),
				func(ctx context.Context) error {
					_, err := waitVolume(ctx, s.Cloud, s.Volume, v.ID, a.Waiting, nil, nil)
					return err
				})
			out.KeptBackups = kept
			return out, err
		})
}

// volumeStatus reads a volume's status, for goneOr.
func volumeStatus(sc *gophercloud.ServiceClient, id string) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		v, err := volumes.Get(ctx, sc, id).Extract()
		if err != nil {
			return "", err
		}
		return v.Status, nil
	}
}

func extendVolume() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "extend_volume", Title: "Extend a volume", Effect: mcptool.Write, Idempotent: true,
		Description: "Grow a volume."},
		func(ctx context.Context, s *client.Services, a extendVolumeArgs) (Extended, error) {
			v, err := findVolume(ctx, s.Volume, a.VolumeID)
			if err != nil {
				return Extended{}, err
			}
			if a.NewSize <= v.Size {
				return Extended{}, fault.Errorf(fault.CodeInvalidArgument,
					"new_size %d GB must be larger than volume %s's current %d GB", a.NewSize, v.ID, v.Size).
					WithHint("volumes can only grow")
			}
			if v.Status != "available" && v.Status != "in-use" {
				return Extended{}, fault.Errorf(fault.CodeConflict, "volume %s is %s; it can be extended when available or in-use", v.ID, v.Status)
			}
			err = volumes.ExtendSize(ctx, s.Volume, v.ID, volumes.ExtendSizeOpts{NewSize: a.NewSize}).ExtractErr()
			if err := tookEffect(ctx, err, func(ctx context.Context) bool {
				now, err := volumes.Get(ctx, s.Volume, v.ID).Extract()
				return err == nil && (now.Status == "extending" || now.Size >= a.NewSize)
			}); err != nil {
				return Extended{}, err
			}
			if !a.Wait {
				return Extended{Success: true, ID: v.ID, Status: "extending", Size: v.Size}, nil
			}
			was := v.Status
			last, err := waitVolume(ctx, s.Cloud, s.Volume, v.ID, a.Waiting, []string{was}, func(v *volumes.Volume) client.State {
				if v.Status == was && v.Size < a.NewSize {
					return client.State{Status: "extending"}
				}
				return client.State{Status: v.Status}
			})
			if err != nil {
				return Extended{}, err
			}
			return Extended{Success: true, ID: v.ID, Status: last.Status, Size: last.Size}, nil
		})
}
