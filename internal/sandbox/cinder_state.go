package sandbox

import (
	"cmp"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// volumeState holds what an agent creates in Cinder: volumes, snapshots,
// backups, and the user messages that explain failures. The block storage
// work owns this file; nova_*.go reads it only through volumesAttachedTo.
//
// Like servers, statuses move on a clock evaluated lazily: an operation
// records when it ends (ActionDelay after it began) and tick, called under
// s.mu before any read, applies what has ended by s.now().
type volumeState struct {
	s         *Sandbox
	volumes   []*volume // in creation order; deleted ones are removed
	snapshots []*snapshot
	backups   []*backup
	messages  []*userMessage
	quota     VolumeQuota
	// admin is set when the project may use Cinder's admin actions
	// (os-force_delete): a real cloud keeps them for admins.
	admin bool
}

// VolumeQuota is a project's Cinder quota. The defaults are modest, like a
// new Infomaniak project's: 10 volumes, 1000 GB, 10 snapshots, 10 backups,
// 1000 GB of backups.
type VolumeQuota struct {
	Volumes, Gigabytes, Snapshots, Backups, BackupGigabytes int
}

// ErrorVolumeType is a volume type whose volumes go to error at the end of
// their creation, with Cinder's user message, so that the failure path can
// be exercised.
const ErrorVolumeType = "sandbox-error-type"

// noBackendMessage is what Cinder's messages API says of a volume no back
// end could take.
const noBackendMessage = "schedule allocate volume:Could not find any available weighted backend."

type volume struct {
	ID, Name, Description string
	Size                  int
	Type, Zone            string
	Status                string
	Bootable              bool
	SnapshotID            string
	SourceVolID           string // the volume this one is a clone of
	ImageID               string
	Metadata              map[string]string
	ImageMetadata         map[string]string // set with os-set_image_metadata, over the image's own
	Created, Updated      time.Time         // Updated zero: never updated (null)

	attachments []*volumeAttachment
	op          *volumeOp
}

// volumeAttachment is one attachment of a volume to a server, from Nova's
// reservation to its removal. Cinder shows it once attached; Nova lists it
// (as a block device mapping) from the reservation on.
type volumeAttachment struct {
	ID, ServerID, Device string
	State                string // reserved, attaching, attached, detaching
	AttachedAt           time.Time
	// Boot is set on a server's boot volume; DeleteOnTermination deletes
	// the volume with the server.
	Boot, DeleteOnTermination bool
}

// volumeOp is a transition in progress.
type volumeOp struct {
	Kind       string // create, extend, attach, detach, delete, backup, restore
	Start, End time.Time
	Then       string // the status when it ends (backup, restore: where it came from)
	NewSize    int
	Attachment *volumeAttachment
	Backup     *backup // restore: the backup being restored
}

type snapshot struct {
	ID, Name, Description string
	VolumeID              string
	Size                  int
	Status                string
	Metadata              map[string]string
	Created, Updated      time.Time
	op                    *simpleOp
}

type backup struct {
	ID, Name, Description string
	VolumeID              string
	Size                  int
	Status                string
	Incremental           bool
	Parent                string // the backup an incremental one builds on
	Metadata              map[string]string
	FailReason            string
	Created, Updated      time.Time
	DataTimestamp         time.Time
	op                    *simpleOp
}

// simpleOp is a snapshot's or backup's transition: create, delete, restore.
type simpleOp struct {
	Kind string
	End  time.Time
}

// userMessage is an entry of Cinder's messages API (microversion 3.3).
type userMessage struct {
	ID, ResourceType, ResourceID, EventID, Text, RequestID string
	Created                                                time.Time
}

func (v *volumeState) init(s *Sandbox) {
	v.s = s
	v.quota = VolumeQuota{Volumes: 10, Gigabytes: 1000, Snapshots: 10, Backups: 10, BackupGigabytes: 1000}
}

// AllowVolumeAdminActions lets the project use Cinder's os-force_delete on
// volumes, snapshots and backups, as an admin may; DenyPolicy still refuses
// a rule it names.
func (s *Sandbox) AllowVolumeAdminActions() {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.db.volume.admin = true
}

// admitted reports whether the policy lets the project use rule, an admin
// action. Callers hold s.mu.
func (v *volumeState) admitted(rule string) bool {
	return v.admin && !v.s.Denied(rule)
}

// SetVolumeQuota replaces the project's Cinder quota.
func (s *Sandbox) SetVolumeQuota(q VolumeQuota) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.db.volume.quota = q
}

// volumesAttachedTo lists the volumes attached to a server (from
// Nova's reservation until the detach completes), for the server's
// os-extended-volumes:volumes_attached. Callers hold s.mu.
func (v *volumeState) volumesAttachedTo(serverID string) []attachedVolume {
	v.tick()
	var out []attachedVolume
	for _, vol := range v.volumes {
		if a := vol.attachmentTo(serverID); a != nil {
			out = append(out, attachedVolume{vol.ID, a.DeleteOnTermination})
		}
	}
	return out
}

// attachedVolume is a volume as a server lists it.
type attachedVolume struct {
	ID                  string
	DeleteOnTermination bool
}

func (vol *volume) attachmentTo(serverID string) *volumeAttachment {
	for _, a := range vol.attachments {
		if a.ServerID == serverID {
			return a
		}
	}
	return nil
}

// tick applies every transition that has ended by now, and lets go of the
// volumes of servers that no longer exist (Nova detaches them as it deletes
// the server). Callers hold s.mu.
func (v *volumeState) tick() {
	now := v.s.Now()
	keptVolumes := v.volumes[:0]
	for _, vol := range v.volumes {
		if op := vol.op; op != nil && op.Kind == "attach" && vol.Status == "reserved" && !now.Before(op.Start.Add(op.End.Sub(op.Start)/2)) {
			vol.Status, op.Attachment.State = "attaching", "attaching"
		}
		if op := vol.op; op != nil && !now.Before(op.End) {
			vol.op = nil
			vol.Updated = op.End
			switch op.Kind {
			case "create":
				vol.Status = cmp.Or(op.Then, "available")
				if vol.Type == ErrorVolumeType {
					vol.Status = "error"
					v.message("VOLUME", vol.ID, "VOLUME_VOLUME_001_002", noBackendMessage, op.End)
				}
			case "extend":
				vol.Status, vol.Size = op.Then, op.NewSize
			case "attach":
				op.Attachment.State, op.Attachment.AttachedAt = "attached", op.End
				vol.Status = "in-use"
			case "detach":
				vol.dropAttachment(op.Attachment)
				vol.Status = "available"
				if len(vol.attachments) > 0 {
					vol.Status = "in-use"
				}
			case "backup", "restore", "upload":
				vol.Status = op.Then
			case "delete":
				continue
			}
		}
		keptVolumes = append(keptVolumes, vol)
	}
	clear(v.volumes[len(keptVolumes):])
	v.volumes = keptVolumes

	for _, vol := range v.volumes {
		for _, a := range append([]*volumeAttachment(nil), vol.attachments...) {
			if v.s.db.compute.serverByID(a.ServerID) != nil {
				continue
			}
			vol.dropAttachment(a)
			if len(vol.attachments) == 0 && (vol.Status == "in-use" || vol.Status == "reserved" || vol.Status == "attaching" || vol.Status == "detaching") {
				vol.Status, vol.op, vol.Updated = "available", nil, now
				if a.DeleteOnTermination {
					vol.Status, vol.op = "deleting", &volumeOp{Kind: "delete", Start: now, End: now.Add(v.s.Options().ActionDelay)}
				}
			}
		}
	}

	keptSnaps := v.snapshots[:0]
	for _, sn := range v.snapshots {
		if op := sn.op; op != nil && !now.Before(op.End) {
			sn.op, sn.Updated = nil, op.End
			if op.Kind == "delete" {
				continue
			}
			sn.Status = "available"
		}
		keptSnaps = append(keptSnaps, sn)
	}
	clear(v.snapshots[len(keptSnaps):])
	v.snapshots = keptSnaps

	keptBackups := v.backups[:0]
	for _, b := range v.backups {
		if op := b.op; op != nil && !now.Before(op.End) {
			b.op, b.Updated = nil, op.End
			if op.Kind == "delete" {
				continue
			}
			b.Status = "available"
		}
		keptBackups = append(keptBackups, b)
	}
	clear(v.backups[len(keptBackups):])
	v.backups = keptBackups
}

func (vol *volume) dropAttachment(a *volumeAttachment) {
	for i, x := range vol.attachments {
		if x == a {
			vol.attachments = append(vol.attachments[:i], vol.attachments[i+1:]...)
			return
		}
	}
}

func (v *volumeState) message(kind, resourceID, event, text string, at time.Time) {
	v.messages = append(v.messages, &userMessage{ID: core.NewID(), ResourceType: kind, ResourceID: resourceID,
		EventID: event, Text: text, RequestID: core.RequestID(), Created: at})
}

func (v *volumeState) volumeByID(id string) *volume {
	for _, vol := range v.volumes {
		if vol.ID == id {
			return vol
		}
	}
	return nil
}

func (v *volumeState) snapshotByID(id string) *snapshot {
	for _, sn := range v.snapshots {
		if sn.ID == id {
			return sn
		}
	}
	return nil
}

func (v *volumeState) backupByID(id string) *backup {
	for _, b := range v.backups {
		if b.ID == id {
			return b
		}
	}
	return nil
}

// hasSnapshots reports whether a volume has snapshots, which keep it from
// being deleted.
func (v *volumeState) hasSnapshots(volumeID string) bool {
	for _, sn := range v.snapshots {
		if sn.VolumeID == volumeID {
			return true
		}
	}
	return false
}

// hasDependents reports whether incremental backups build on b.
func (v *volumeState) hasDependents(b *backup) bool {
	for _, x := range v.backups {
		if x.Parent == b.ID {
			return true
		}
	}
	return false
}

// latestBackup is the newest available backup of a volume: what an
// incremental backup builds on.
func (v *volumeState) latestBackup(volumeID string) *backup {
	var latest *backup
	for _, b := range v.backups {
		if b.VolumeID == volumeID && b.Status == "available" && (latest == nil || !b.DataTimestamp.Before(latest.DataTimestamp)) {
			latest = b
		}
	}
	return latest
}

// quotaError is a refusal as Cinder's fault wrapper words it: the
// exception's class name, then its message.
type quotaError struct{ class, msg string }

func (e *quotaError) Error() string { return e.class + ": " + e.msg }

// reserveVolume checks that count more volumes of size GB fit the quota.
func (v *volumeState) reserveVolume(count, size int) error {
	n, gb := len(v.volumes), v.gigabytes()
	if n+count > v.quota.Volumes {
		return &quotaError{"VolumeLimitExceeded", fmt.Sprintf("Maximum number of volumes allowed (%d) exceeded for quota 'volumes'.", v.quota.Volumes)}
	}
	return v.reserveGigabytes(size, gb)
}

func (v *volumeState) reserveGigabytes(size, consumed int) error {
	if consumed+size > v.quota.Gigabytes {
		return &quotaError{"VolumeSizeExceedsAvailableQuota", fmt.Sprintf(
			"Requested volume or snapshot exceeds allowed gigabytes quota. Requested %dG, quota is %dG and %dG has been consumed.",
			size, v.quota.Gigabytes, consumed)}
	}
	return nil
}

// gigabytes is what volumes and snapshots consume of the gigabytes quota.
func (v *volumeState) gigabytes() int {
	gb := 0
	for _, vol := range v.volumes {
		gb += vol.Size
	}
	for _, sn := range v.snapshots {
		gb += sn.Size
	}
	return gb
}

func (v *volumeState) reserveSnapshot(size int) error {
	if len(v.snapshots)+1 > v.quota.Snapshots {
		return &quotaError{"SnapshotLimitExceeded", fmt.Sprintf("Maximum number of snapshots allowed (%d) exceeded", v.quota.Snapshots)}
	}
	return v.reserveGigabytes(size, v.gigabytes())
}

func (v *volumeState) reserveBackup(size int) error {
	if len(v.backups)+1 > v.quota.Backups {
		return &quotaError{"BackupLimitExceeded", fmt.Sprintf("Maximum number of backups allowed (%d) exceeded", v.quota.Backups)}
	}
	gb := 0
	for _, b := range v.backups {
		gb += b.Size
	}
	if gb+size > v.quota.BackupGigabytes {
		return &quotaError{"VolumeBackupSizeExceedsAvailableQuota", fmt.Sprintf(
			"Requested backup exceeds allowed Backup gigabytes quota. Requested %dG, quota is %dG and %dG has been consumed.",
			size, v.quota.BackupGigabytes, gb)}
	}
	return nil
}

// nextDevice is the device name libvirt gives the next volume attached to a
// server: vda is the root disk, then vdb, vdc, ...
func (v *volumeState) nextDevice(serverID string) string {
	used := map[string]bool{"/dev/vda": true}
	for _, vol := range v.volumes {
		if a := vol.attachmentTo(serverID); a != nil {
			used[a.Device] = true
		}
	}
	for c := 'b'; c <= 'z'; c++ {
		if d := "/dev/vd" + string(c); !used[d] {
			return d
		}
	}
	return "/dev/vdz"
}

// sortNewest orders as Cinder lists by default: created_at then id,
// descending. The database keeps whole seconds.
func sortNewest[T any](items []T, created func(T) time.Time, id func(T) string) []T {
	out := append([]T(nil), items...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := created(out[i]).Truncate(time.Second), created(out[j]).Truncate(time.Second)
		if !a.Equal(b) {
			return a.After(b)
		}
		return id(out[i]) > id(out[j])
	})
	return out
}

// cinderText is a name or description as Cinder stores it, on create and
// update: without the white space around it
// (cinder-volume-create-name-whitespace-202.json).
func cinderText(s string) string { return strings.TrimSpace(s) }

// cinderAt locks s.mu, brings Cinder's state up to now and finds what the
// path's id names (kind as Cinder's 404 says it, byID a volumeState
// method). It returns with s.mu held when found (unlock with the returned
// func); nil, unlocked, after the 404.
func cinderAt[T any](s *Sandbox, w http.ResponseWriter, r *http.Request, kind string, byID func(*volumeState, string) *T) (*T, func()) {
	s.Mu.Lock()
	v := &s.db.volume
	v.tick()
	x := core.Found(w, r, kind, func(id string) *T { return byID(v, id) })
	if x == nil {
		s.Mu.Unlock()
		return nil, nil
	}
	return x, s.Mu.Unlock
}
