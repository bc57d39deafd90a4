package volume

import (
	"context"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/snapshots"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/volumes"

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

// snapshots is the snapshot kind of copy.
var snapshotKind = copyKind[snapshots.Snapshot, Snapshot]{
	kind: "snapshot", doing: "snapshotting it", done: "snapshotted", collection: "snapshots", failed: []string{"error", "error_deleting"},
	get: func(ctx context.Context, sc *gophercloud.ServiceClient, id string) (*snapshots.Snapshot, error) {
		return snapshots.Get(ctx, sc, id).Extract()
	},
	named: func(ctx context.Context, sc *gophercloud.ServiceClient, name string) ([]snapshots.Snapshot, error) {
		return kit.All(ctx, snapshots.ListDetail(sc, snapshots.ListOpts{Name: name}), snapshots.ExtractSnapshots)
	},
	ofVolume: func(volumeID string) (string, error) {
		return snapshots.ListOpts{VolumeID: volumeID}.ToSnapshotListQuery()
	},
	remove: func(ctx context.Context, sc *gophercloud.ServiceClient, id string, force bool) error {
		if force {
			return snapshots.ForceDelete(ctx, sc, id).ExtractErr()
		}
		return snapshots.Delete(ctx, sc, id).ExtractErr()
	},
	state: func(x *snapshots.Snapshot) client.State { return client.State{Status: x.Status} },
	about: func(x *snapshots.Snapshot) client.Named {
		return client.Named{ID: x.ID, Name: x.Name, Created: x.CreatedAt}
	},
	view: snapshotView,
}

func listSnapshots() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_snapshots", Title: "List snapshots", Effect: mcptool.Read,
		Description: "List volume snapshots, newest first."},
		func(ctx context.Context, s *client.Services, a ofVolumeArgs) (SnapshotList, error) {
			out, more, err := snapshotKind.list(ctx, s, a)
			return SnapshotList{Snapshots: out, More: more}, err
		})
}

func createSnapshot() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "create_snapshot", Title: "Snapshot a volume", Effect: mcptool.Write,
		Description: "Snapshot a volume."},
		func(ctx context.Context, s *client.Services, a copyArgs) (Snapshot, error) {
			sn, err := snapshotKind.create(ctx, s, a, func(ctx context.Context, v *volumes.Volume) (*snapshots.Snapshot, error) {
				opts := snapshots.CreateOpts{VolumeID: v.ID, Name: a.Name, Description: a.Description, Force: a.Force}
				sn, err := snapshots.Create(ctx, s.Volume, opts).Extract()
				return sn, stateError(err)
			})
			if err != nil {
				return Snapshot{}, err
			}
			return snapshotView(*sn), nil
		})
}

func deleteSnapshot() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_snapshot", Title: "Delete a snapshot", Effect: mcptool.Destructive, Idempotent: true, Ask: askDeleteSnapshot(),
		Description: "Delete a snapshot."},
		func(ctx context.Context, s *client.Services, a deleteSnapshotArgs) (Done, error) {
			return snapshotKind.delete(ctx, s, a.SnapshotID, a.Force, a.Waiting, nil)
		})
}
