package volume

import (
	"context"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/backups"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/volumes"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

type BackupList struct {
	Backups []Backup `json:"backups"`
	kit.More
}

type createBackupArgs struct {
	copyArgs
	Incremental bool `json:"incremental,omitempty" jsonschema_description:"Needs an earlier full backup."`
}

type restoreBackupArgs struct {
	BackupID string `json:"backup_id" jsonschema:"required,minLength=1"`
	VolumeID string `json:"volume_id,omitempty" jsonschema_description:"Volume to overwrite; omit for a new one."`
	Name     string `json:"name,omitempty" jsonschema:"maxLength=255" jsonschema_description:"Of the new volume."`
	kit.Waiting
}

type deleteBackupArgs struct {
	BackupID string `json:"backup_id" jsonschema:"required,minLength=1"`
	Force    bool   `json:"force,omitempty" jsonschema_description:"Whatever the status (often admin-only)."`
	kit.Waiting
}

// Restored is restore_backup's result: the volume the backup went to.
type Restored struct {
	VolumeID   string `json:"volume_id"`
	VolumeName string `json:"volume_name"`
	BackupID   string `json:"backup_id"`
	Status     string `json:"status" jsonschema_description:"The volume's."`
	Size       int    `json:"size,omitempty" jsonschema_description:"GB"`
}

// backupQuery is the query of Cinder's backup list: gophercloud's detail
// options lack the filters Cinder has (name, status, volume_id).
type backupQuery struct {
	Name     string `q:"name"`
	Status   string `q:"status"`
	VolumeID string `q:"volume_id"`
	Limit    int    `q:"limit"`
	Marker   string `q:"marker"`
}

func (q backupQuery) ToBackupListDetailQuery() (string, error) {
	u, err := gophercloud.BuildQueryString(q)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

// backupKind is the backup kind of copy.
var backupKind = copyKind[backups.Backup, Backup]{
	kind: "backup", doing: "backing it up", done: "backed up", collection: "backups", failed: []string{"error", "error_deleting", "error_restoring"},
	get: func(ctx context.Context, sc *gophercloud.ServiceClient, id string) (*backups.Backup, error) {
		return backups.Get(ctx, sc, id).Extract()
	},
	named: func(ctx context.Context, sc *gophercloud.ServiceClient, name string) ([]backups.Backup, error) {
		return kit.All(ctx, backups.ListDetail(sc, backupQuery{Name: name}), backups.ExtractBackups)
	},
	ofVolume: func(volumeID string) (string, error) {
		return backupQuery{VolumeID: volumeID}.ToBackupListDetailQuery()
	},
	remove: func(ctx context.Context, sc *gophercloud.ServiceClient, id string, force bool) error {
		if force {
			return backups.ForceDelete(ctx, sc, id).ExtractErr()
		}
		return backups.Delete(ctx, sc, id).ExtractErr()
	},
	state: func(x *backups.Backup) client.State { return client.State{Status: x.Status, Fault: x.FailReason} },
	about: func(x *backups.Backup) client.Named {
		return client.Named{ID: x.ID, Name: x.Name, Created: x.CreatedAt}
	},
	view: backupView,
}

func listBackups() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_backups", Title: "List backups", Effect: mcptool.Read,
		Description: "List volume backups, newest first."},
		func(ctx context.Context, s *client.Services, a ofVolumeArgs) (BackupList, error) {
			out, more, err := backupKind.list(ctx, s, a)
			return BackupList{Backups: out, More: more}, err
		})
}

func createBackup() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "create_backup", Title: "Back up a volume", Effect: mcptool.Write,
		Description: "Back up a volume."},
		func(ctx context.Context, s *client.Services, a createBackupArgs) (Backup, error) {
			var source *volumes.Volume
			b, err := backupKind.create(ctx, s, a.copyArgs, func(ctx context.Context, v *volumes.Volume) (*backups.Backup, error) {
				source = v
				opts := backups.CreateOpts{VolumeID: v.ID, Name: a.Name, Description: a.Description, Incremental: a.Incremental, Force: a.Force}
				b, err := backups.Create(ctx, s.Volume, opts).Extract()
				if err != nil {
					err = stateError(err)
					if e := fault.Classify(err); strings.Contains(e.Message, "No backups available to do an incremental backup") {
						e.Hint = "create a full backup of the volume first (incremental=false)"
					}
				}
				return b, err
			})
			if err != nil {
				return Backup{}, err
			}
			if !a.Wait {
				// Cinder's answer to the create has no status: read it.
				now, err := backups.Get(ctx, s.Volume, b.ID).Extract()
				if err != nil {
					return Backup{copyOf: copyOf{ID: b.ID, Name: b.Name, Status: "creating", VolumeID: source.ID, Size: source.Size}, IsIncremental: a.Incremental}, nil
				}
				return backupView(*now), nil
			}
			return backupView(*b), nil
		})
}

func restoreBackup() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "restore_backup", Title: "Restore a backup", Effect: mcptool.Write, Ask: askRestoreOnto(),
		Description:     "Restore a backup to a new volume, or over an available one at least as large.",
		DestructiveWhen: mcptool.DestructiveIf(func(a restoreBackupArgs) bool { return a.VolumeID != "" })},
		func(ctx context.Context, s *client.Services, a restoreBackupArgs) (Restored, error) {
			if a.VolumeID != "" && a.Name != "" {
				return Restored{}, fault.Errorf(fault.CodeInvalidArgument, "name is for a new volume; it cannot rename volume_id").
					WithHint("omit name to restore onto an existing volume, or volume_id for a new one")
			}
			b, err := backupKind.find(ctx, s.Volume, a.BackupID)
			if err != nil {
				return Restored{}, err
			}
			if b.Status != "available" {
				return Restored{}, fault.Errorf(fault.CodeConflict, "backup %s is %s; it can be restored when available", b.ID, b.Status)
			}
			opts := backups.RestoreOpts{Name: a.Name}
			if a.VolumeID != "" {
				v, err := detachedVolume(ctx, s, a.VolumeID, "a backup is restored onto an available volume")
				if err != nil {
					return Restored{}, err
				}
				if v.Status != "available" {
					return Restored{}, fault.Errorf(fault.CodeConflict, "volume %s is %s; a backup is restored onto an available volume", v.ID, v.Status)
				}
				if v.Size < b.Size {
					return Restored{}, fault.Errorf(fault.CodeInvalidArgument, "volume %s (%d GB) is smaller than backup %s (%d GB)", v.ID, v.Size, b.ID, b.Size).
						WithHint("extend the volume first, or restore to a new volume")
				}
				opts.VolumeID = v.ID
			}
			r, err := backups.RestoreFromBackup(ctx, s.Volume, b.ID, opts).Extract()
			if err != nil && opts.VolumeID != "" {
				// Onto an existing volume, a lost reply shows as the volume
				// being restored.
				err = tookEffect(ctx, err, func(ctx context.Context) bool {
					v, gerr := volumes.Get(ctx, s.Volume, opts.VolumeID).Extract()
					if gerr == nil && v.Status == "restoring-backup" {
						r = &backups.Restore{BackupID: b.ID, VolumeID: v.ID, VolumeName: v.Name}
						return true
					}
					return false
				})
			}
			if err != nil {
				return Restored{}, stateError(err)
			}
			res := Restored{VolumeID: r.VolumeID, VolumeName: r.VolumeName, BackupID: b.ID, Status: "restoring-backup", Size: b.Size}
			if !a.Wait {
				return res, nil
			}
			last, err := waitVolume(ctx, s.Cloud, s.Volume, r.VolumeID, a.Waiting, []string{"available"}, nil)
			if err != nil {
				return Restored{}, err
			}
			res.Status, res.Size, res.VolumeName = last.Status, last.Size, last.Name
			return res, nil
		})
}

func deleteBackup() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_backup", Title: "Delete a backup", Effect: mcptool.Destructive, Idempotent: true, Ask: askDeleteBackup(),
		Description: "Delete a backup (its incremental ones first)."},
		func(ctx context.Context, s *client.Services, a deleteBackupArgs) (Done, error) {
			return backupKind.delete(ctx, s, a.BackupID, a.Force, a.Waiting, func(b *backups.Backup) error {
				if b.Status != "deleting" && b.HasDependentBackups {
					return fault.Errorf(fault.CodeConflict, "incremental backups of volume %s are built on backup %s", b.VolumeID, b.ID).
						WithHint("delete the newer incremental backups first (list_backups with volume_id)")
				}
				return nil
			})
		})
}
