package volume

import (
	"context"
	"fmt"

	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/backups"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/snapshots"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// The questions put to the user before a destructive call (when the client
// can ask, internal/mcptool/confirm.go): what will be lost, in words.

// name is a resource's name, or "(no name)".
func name(n string) string {
	if n == "" {
		return "(no name)"
	}
	return n
}

// askDeleteVolume: "Delete volume data-1 (id): 20 GB, available, 2 snapshots, 1 backup (kept)?"
func askDeleteVolume() mcptool.Question {
	return kit.Ask(func(ctx context.Context, s *client.Services, a deleteVolumeArgs) (string, error) {
		v, err := findVolume(ctx, s.Volume, a.VolumeID)
		if err != nil {
			return "", err
		}
		q := fmt.Sprintf("Delete volume %s (%s): %d GB, %s", name(v.Name), v.ID, v.Size, v.Status)
		if snaps, err := kit.All(ctx, snapshots.ListDetail(s.Volume, snapshots.ListOpts{VolumeID: v.ID}), snapshots.ExtractSnapshots); err == nil {
			q += fmt.Sprintf(", %d snapshot(s)", len(snaps))
		}
		if bs, err := kit.All(ctx, backups.ListDetail(s.Volume, backupQuery{VolumeID: v.ID}), backups.ExtractBackups); err == nil && len(bs) > 0 {
			q += fmt.Sprintf(", %d backup(s), which are kept", len(bs))
		}
		return q + "? Its data is lost.", nil
	})
}

// askDeleteSnapshot names the snapshot and the volume it was taken of.
func askDeleteSnapshot() mcptool.Question {
	return kit.Ask(func(ctx context.Context, s *client.Services, a deleteSnapshotArgs) (string, error) {
		sn, err := snapshotKind.find(ctx, s.Volume, a.SnapshotID)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Delete snapshot %s (%s) of volume %s: %d GB, taken %s? The volume cannot be brought back to it.",
			name(sn.Name), sn.ID, sn.VolumeID, sn.Size, sn.CreatedAt.Format("2006-01-02 15:04 MST")), nil
	})
}

// askDeleteBackup names the backup and the volume it was made of.
func askDeleteBackup() mcptool.Question {
	return kit.Ask(func(ctx context.Context, s *client.Services, a deleteBackupArgs) (string, error) {
		b, err := backupKind.find(ctx, s.Volume, a.BackupID)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Delete backup %s (%s) of volume %s: %d GB, made %s? It cannot be restored afterwards.",
			name(b.Name), b.ID, b.VolumeID, b.Size, b.CreatedAt.Format("2006-01-02 15:04 MST")), nil
	})
}

// askRestoreOnto names the volume a restore overwrites (a restore to a new
// volume destroys nothing and is not asked about).
func askRestoreOnto() mcptool.Question {
	return kit.Ask(func(ctx context.Context, s *client.Services, a restoreBackupArgs) (string, error) {
		b, err := backupKind.find(ctx, s.Volume, a.BackupID)
		if err != nil {
			return "", err
		}
		v, err := findVolume(ctx, s.Volume, a.VolumeID)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Restore backup %s (%s, %d GB, made %s) onto volume %s (%s, %d GB)? The volume's current data is overwritten.",
			name(b.Name), b.ID, b.Size, b.CreatedAt.Format("2006-01-02 15:04 MST"), name(v.Name), v.ID, v.Size), nil
	})
}
