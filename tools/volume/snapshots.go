package volume

import (
	"context"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/snapshots"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// ofVolumeArgs are a list's of snapshots or backups: optionally only those
// of one volume.
type ofVolumeArgs struct {
	kit.Page
	VolumeID string `json:"volume_id,omitempty" jsonschema_description:"Only this volume's."`
}

type SnapshotList struct {
	Snapshots []Snapshot `json:"snapshots"`
	kit.More
}

// copyArgs are a create's of a snapshot or a backup of a volume.
type copyArgs struct {
	volumeRef
	Name               string `json:"name,omitempty" jsonschema:"maxLength=255"`
	Description        string `json:"description,omitempty"`
	Force              bool   `json:"force,omitempty" jsonschema_description:"For an in-use volume."`
	AllowDuplicateName bool   `json:"allow_duplicate_name,omitempty"`
	kit.Waiting
}

type deleteSnapshotArgs struct {
	SnapshotID string `json:"snapshot_id" jsonschema:"required,minLength=1"`
	Force      bool   `json:"force,omitempty" jsonschema_description:"Whatever the status (often admin-only)."`
	kit.Waiting
}

func listSnapshots(c *client.Cloud) mcptool.Tool {
	return kit.Tool(c, mcptool.Def{Name: "list_snapshots", Title: "List snapshots", Effect: mcptool.Read,
		Description: "List volume snapshots, newest first." + kit.Paged},
		func(ctx context.Context, s *client.Services, a ofVolumeArgs) (SnapshotList, error) {
			out, more, err := ofVolume(ctx, s, "snapshots", a.VolumeID,
				func(volumeID string) (string, error) {
					return snapshots.ListOpts{VolumeID: volumeID}.ToSnapshotListQuery()
				},
				a.Page, func(x *snapshots.Snapshot) string { return x.ID }, snapshotView)
			return SnapshotList{Snapshots: out, More: more}, err
		})
}

// waitSnapshot waits until snapshot id is available (or gone), failing
// fast on error with Cinder's reason.
func waitSnapshot(ctx context.Context, c *client.Cloud, sc *gophercloud.ServiceClient, id string, w kit.Waiting, gone bool) (*snapshots.Snapshot, error) {
	return waitAvailable(ctx, c, sc, "snapshot", id, w, gone, snapshotFailed,
		func(ctx context.Context) (*snapshots.Snapshot, error) { return snapshots.Get(ctx, sc, id).Extract() },
		func(sn *snapshots.Snapshot) client.State { return client.State{Status: sn.Status} })
}

func createSnapshot(c *client.Cloud) mcptool.Tool {
	return kit.Tool(c, mcptool.Def{Name: "create_snapshot", Title: "Snapshot a volume", Effect: mcptool.Write,
		Description: "Snapshot a volume. Returns the new snapshot."},
		func(ctx context.Context, s *client.Services, a copyArgs) (Snapshot, error) {
			v, err := sourceVolume(ctx, s, a.VolumeID, a.Force, "snapshot", "snapshotting it", "snapshotted")
			if err != nil {
				return Snapshot{}, err
			}
			opts := snapshots.CreateOpts{VolumeID: v.ID, Name: a.Name, Description: a.Description, Force: a.Force}
			sn, err := client.CreateNamed(ctx, "snapshot", a.Name, a.AllowDuplicateName,
				func(ctx context.Context) (*snapshots.Snapshot, error) {
					sn, err := snapshots.Create(ctx, s.Volume, opts).Extract()
					return sn, stateError(err)
				},
				func(ctx context.Context) ([]snapshots.Snapshot, error) {
					return kit.All(ctx, snapshots.ListDetail(s.Volume, snapshots.ListOpts{Name: a.Name}), snapshots.ExtractSnapshots)
				},
				func(sn *snapshots.Snapshot) client.Named {
					return client.Named{ID: sn.ID, Name: sn.Name, Created: sn.CreatedAt}
				})
			if err != nil {
				return Snapshot{}, err
			}
			if !a.Wait {
				return snapshotView(*sn), nil
			}
			last, err := waitSnapshot(ctx, c, s.Volume, sn.ID, a.Waiting, false)
			if err != nil {
				return Snapshot{}, err
			}
			return snapshotView(*last), nil
		})
}

func deleteSnapshot(c *client.Cloud) mcptool.Tool {
	return kit.Tool(c, mcptool.Def{Name: "delete_snapshot", Title: "Delete a snapshot", Effect: mcptool.Destructive, Idempotent: true, Ask: askDeleteSnapshot(c),
		Description: "Delete a snapshot. Returns {success, id, status}."},
		func(ctx context.Context, s *client.Services, a deleteSnapshotArgs) (Done, error) {
			sn, err := findSnapshot(ctx, s.Volume, a.SnapshotID)
			if err != nil {
				return Done{}, err
			}
			if err := deletable("snapshot", sn.ID, sn.Status, a.Force); err != nil {
				return Done{}, err
			}
			return deleteAndWait(ctx, sn.ID, sn.Status == "deleting", a.Waiting,
				func(ctx context.Context) error {
					if a.Force {
						return snapshots.ForceDelete(ctx, s.Volume, sn.ID).ExtractErr()
					}
					return snapshots.Delete(ctx, s.Volume, sn.ID).ExtractErr()
				},
				statusOf(func(ctx context.Context) (*snapshots.Snapshot, error) {
					return snapshots.Get(ctx, s.Volume, sn.ID).Extract()
				},
					func(x *snapshots.Snapshot) string { return x.Status }),
				func(ctx context.Context) error {
					_, err := waitSnapshot(ctx, c, s.Volume, sn.ID, a.Waiting, true)
					return err
				})
		})
}
