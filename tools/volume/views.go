package volume

import (
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/backups"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/snapshots"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/volumes"

	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// Volume is a Cinder volume as the spec shows it. Size is in GB.
type Volume struct {
	ID               string       `json:"id"`
	Name             string       `json:"name"`
	Status           string       `json:"status"`
	Size             int          `json:"size" jsonschema_description:"GB"`
	VolumeType       string       `json:"volume_type"`
	AvailabilityZone string       `json:"availability_zone"`
	Bootable         bool         `json:"bootable"`
	Encrypted        bool         `json:"encrypted"`
	Attachments      []Attachment `json:"attachments"`
	CreatedAt        string       `json:"created_at"`
	Description      string       `json:"description,omitempty"`
	SnapshotID       string       `json:"snapshot_id,omitempty"`
	SourceVolID      string       `json:"source_volid,omitempty"`
	Fault            string       `json:"fault,omitempty" jsonschema_description:"Cinder's reason for an error status."`
}

// Attachment is where a volume is attached.
type Attachment struct {
	ServerID     string `json:"server_id"`
	Device       string `json:"device"`
	AttachmentID string `json:"attachment_id"`
}

// copyOf is what a snapshot and a backup both are: a copy of a volume,
// its size in GB.
type copyOf struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Status    string `json:"status"`
	VolumeID  string `json:"volume_id"`
	Size      int    `json:"size" jsonschema_description:"GB"`
	CreatedAt string `json:"created_at"`
}

// Backup is a Cinder backup.
type Backup struct {
	copyOf
	IsIncremental bool   `json:"is_incremental"`
	Description   string `json:"description,omitempty"`
	FailReason    string `json:"fail_reason,omitempty"`
}

// Snapshot is a Cinder snapshot.
type Snapshot struct {
	copyOf
	Description string `json:"description,omitempty"`
}

// Done is what a spec method returning a bool returns: the resource and
// the state reached.
type Done struct {
	Success     bool     `json:"success"`
	ID          string   `json:"id"`
	Status      string   `json:"status"`
	KeptBackups []string `json:"kept_backups,omitempty" jsonschema_description:"delete_volume: the volume's backups, which stay (billed)."`
}

func volumeView(v volumes.Volume) Volume {
	out := Volume{ID: v.ID, Name: v.Name, Status: v.Status, Size: v.Size, VolumeType: v.VolumeType,
		AvailabilityZone: v.AvailabilityZone, Bootable: v.Bootable == "true", Encrypted: v.Encrypted,
		Attachments: []Attachment{}, CreatedAt: kit.Time(v.CreatedAt), Description: v.Description, SnapshotID: v.SnapshotID,
		SourceVolID: v.SourceVolID}
	for _, a := range v.Attachments {
		out.Attachments = append(out.Attachments, Attachment{ServerID: a.ServerID, Device: a.Device, AttachmentID: a.AttachmentID})
	}
	return out
}

func backupView(b backups.Backup) Backup {
	return Backup{copyOf: copyOf{b.ID, b.Name, b.Status, b.VolumeID, b.Size, kit.Time(b.CreatedAt)},
		IsIncremental: b.IsIncremental, Description: b.Description, FailReason: b.FailReason}
}

func snapshotView(s snapshots.Snapshot) Snapshot {
	return Snapshot{copyOf: copyOf{s.ID, s.Name, s.Status, s.VolumeID, s.Size, kit.Time(s.CreatedAt)}, Description: s.Description}
}
