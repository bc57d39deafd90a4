package cinder

import (
	"cmp"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// State holds what an agent creates in Cinder: volumes, snapshots,
// backups, and the user messages that explain failures. Nova attaches,
// detaches and boots from volumes through it.
//
// Like servers, statuses move on a clock evaluated lazily: an operation
// records when it ends (ActionDelay after it began) and Tick, called under
// the cloud's Mu before any read, applies what has ended by now.
type State struct {
	s     *core.Cloud
	Types []string // the volume types, the default first
	// ServerExists says whether a server still exists (Nova's, which sets
	// it): an attachment to a server that is gone is let go.
	ServerExists func(id string) bool
	Volumes      []*Volume // in creation order; deleted ones are removed
	Snapshots    []*Snapshot
	backups      []*backup
	messages     []*userMessage
	Quota        Quota
	// admin is set when the project may use Cinder's admin actions
	// (os-force_delete): a real cloud keeps them for admins.
	admin bool
}

// Quota is a project's Cinder quota. The defaults are modest, like a
// new Infomaniak project's: 10 volumes, 1000 GB, 10 snapshots, 10 backups,
// 1000 GB of backups.
type Quota struct {
	Volumes, Gigabytes, Snapshots, Backups, BackupGigabytes int
}

// ErrorVolumeType is a volume type whose volumes go to error at the end of
// their creation, with Cinder's user message, so that the failure path can
// be exercised.
const ErrorVolumeType = "sandbox-error-type"

// noBackendMessage is what Cinder's messages API says of a volume no back
// end could take.
const noBackendMessage = "schedule allocate volume:Could not find any available weighted backend."

type Volume struct {
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

	Attachments []*Attachment
	Op          *VolumeOp
}

// Attachment is one attachment of a volume to a server, from Nova's
// reservation to its removal. Cinder shows it once attached; Nova lists it
// (as a block device mapping) from the reservation on.
type Attachment struct {
	ID, ServerID, Device string
	State                string // reserved, attaching, attached, detaching
	AttachedAt           time.Time
	// Boot is set on a server's boot volume; DeleteOnTermination deletes
	// the volume with the server.
	Boot, DeleteOnTermination bool
}

// VolumeOp is a transition in progress.
type VolumeOp struct {
	Kind       string // create, extend, attach, detach, delete, backup, restore
	Start, End time.Time
	Then       string // the status when it ends (backup, restore: where it came from)
	NewSize    int
	Attachment *Attachment
	Backup     *backup // restore: the backup being restored
}

type Snapshot struct {
	ID, Name, Description string
	VolumeID              string
	Size                  int
	Status                string
	Metadata              map[string]string
	Created, Updated      time.Time
	Op                    *SimpleOp
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
	op                    *SimpleOp
}

// SimpleOp is a snapshot's or backup's transition: create, delete, restore.
type SimpleOp struct {
	Kind string
	End  time.Time
}

// userMessage is an entry of Cinder's messages API (microversion 3.3).
type userMessage struct {
	ID, ResourceType, ResourceID, EventID, Text, RequestID string
	Created                                                time.Time
}

func (v *State) init(s *core.Cloud) {
	v.s = s
	v.Quota = Quota{Volumes: 10, Gigabytes: 1000, Snapshots: 10, Backups: 10, BackupGigabytes: 1000}
	v.Types = []string{"CEPH_1_perf1", "CEPH_1_perf2"}
}

// AllowAdminActions lets the project of c use Cinder's os-force_delete on
// volumes, snapshots and backups, as an admin may; DenyPolicy still refuses
// a rule it names.
func AllowAdminActions(c *core.Cloud) {
	s := of(c)
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.volume.admin = true
}

// admitted reports whether the policy lets the project use rule, an admin
// action. Callers hold s.Mu.
func (v *State) admitted(rule string) bool {
	return v.admin && !v.s.Denied(rule)
}

// SetQuota replaces the project's Cinder quota in c.
func SetQuota(c *core.Cloud, q Quota) {
	s := of(c)
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.volume.Quota = q
}

// VolumesAttachedTo lists the volumes attached to a server (from
// Nova's reservation until the detach completes), for the server's
// os-extended-volumes:volumes_attached. Callers hold s.Mu.
func (v *State) VolumesAttachedTo(serverID string) []attachedVolume {
	v.Tick()
	var out []attachedVolume
	for _, vol := range v.Volumes {
		if a := vol.AttachmentTo(serverID); a != nil {
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

func (vol *Volume) AttachmentTo(serverID string) *Attachment {
	for _, a := range vol.Attachments {
		if a.ServerID == serverID {
			return a
		}
	}
	return nil
}

// Tick applies every transition that has ended by now, and lets go of the
// volumes of servers that no longer exist (Nova detaches them as it deletes
// the server). Callers hold s.Mu.
func (v *State) Tick() {
	now := v.s.Now()
	keptVolumes := v.Volumes[:0]
	for _, vol := range v.Volumes {
		if op := vol.Op; op != nil && op.Kind == "attach" && vol.Status == "reserved" && !now.Before(op.Start.Add(op.End.Sub(op.Start)/2)) {
			vol.Status, op.Attachment.State = "attaching", "attaching"
		}
		if op := vol.Op; op != nil && !now.Before(op.End) {
			vol.Op = nil
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
				if len(vol.Attachments) > 0 {
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
	clear(v.Volumes[len(keptVolumes):])
	v.Volumes = keptVolumes

	for _, vol := range v.Volumes {
		for _, a := range append([]*Attachment(nil), vol.Attachments...) {
			if v.ServerExists != nil && v.ServerExists(a.ServerID) {
				continue
			}
			vol.dropAttachment(a)
			if len(vol.Attachments) == 0 && (vol.Status == "in-use" || vol.Status == "reserved" || vol.Status == "attaching" || vol.Status == "detaching") {
				vol.Status, vol.Op, vol.Updated = "available", nil, now
				if a.DeleteOnTermination {
					vol.Status, vol.Op = "deleting", &VolumeOp{Kind: "delete", Start: now, End: now.Add(v.s.Options().ActionDelay)}
				}
			}
		}
	}

	keptSnaps := v.Snapshots[:0]
	for _, sn := range v.Snapshots {
		if op := sn.Op; op != nil && !now.Before(op.End) {
			sn.Op, sn.Updated = nil, op.End
			if op.Kind == "delete" {
				continue
			}
			sn.Status = "available"
		}
		keptSnaps = append(keptSnaps, sn)
	}
	clear(v.Snapshots[len(keptSnaps):])
	v.Snapshots = keptSnaps

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

func (vol *Volume) dropAttachment(a *Attachment) {
	for i, x := range vol.Attachments {
		if x == a {
			vol.Attachments = append(vol.Attachments[:i], vol.Attachments[i+1:]...)
			return
		}
	}
}

func (v *State) message(kind, resourceID, event, text string, at time.Time) {
	v.messages = append(v.messages, &userMessage{ID: core.NewID(), ResourceType: kind, ResourceID: resourceID,
		EventID: event, Text: text, RequestID: core.RequestID(), Created: at})
}

func (v *State) VolumeByID(id string) *Volume {
	for _, vol := range v.Volumes {
		if vol.ID == id {
			return vol
		}
	}
	return nil
}

func (v *State) snapshotByID(id string) *Snapshot {
	for _, sn := range v.Snapshots {
		if sn.ID == id {
			return sn
		}
	}
	return nil
}

func (v *State) backupByID(id string) *backup {
	for _, b := range v.backups {
		if b.ID == id {
			return b
		}
	}
	return nil
}

// hasSnapshots reports whether a volume has snapshots, which keep it from
// being deleted.
func (v *State) hasSnapshots(volumeID string) bool {
	for _, sn := range v.Snapshots {
		if sn.VolumeID == volumeID {
			return true
		}
	}
	return false
}

// hasDependents reports whether incremental backups build on b.
func (v *State) hasDependents(b *backup) bool {
	for _, x := range v.backups {
		if x.Parent == b.ID {
			return true
		}
	}
	return false
}

// latestBackup is the newest available backup of a volume: what an
// incremental backup builds on.
func (v *State) latestBackup(volumeID string) *backup {
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

// ReserveVolume checks that count more volumes of size GB fit the quota.
func (v *State) ReserveVolume(count, size int) error {
	n, gb := len(v.Volumes), v.gigabytes()
	if n+count > v.Quota.Volumes {
		return &quotaError{"VolumeLimitExceeded", fmt.Sprintf("Maximum number of volumes allowed (%d) exceeded for quota 'volumes'.", v.Quota.Volumes)}
	}
	return v.reserveGigabytes(size, gb)
}

func (v *State) reserveGigabytes(size, consumed int) error {
	if consumed+size > v.Quota.Gigabytes {
		return &quotaError{"VolumeSizeExceedsAvailableQuota", fmt.Sprintf(
			"Requested volume or snapshot exceeds allowed gigabytes quota. Requested %dG, quota is %dG and %dG has been consumed.",
			size, v.Quota.Gigabytes, consumed)}
	}
	return nil
}

// gigabytes is what volumes and snapshots consume of the gigabytes quota.
func (v *State) gigabytes() int {
	gb := 0
	for _, vol := range v.Volumes {
		gb += vol.Size
	}
	for _, sn := range v.Snapshots {
		gb += sn.Size
	}
	return gb
}

func (v *State) ReserveSnapshot(size int) error {
	if len(v.Snapshots)+1 > v.Quota.Snapshots {
		return &quotaError{"SnapshotLimitExceeded", fmt.Sprintf("Maximum number of snapshots allowed (%d) exceeded", v.Quota.Snapshots)}
	}
	return v.reserveGigabytes(size, v.gigabytes())
}

func (v *State) reserveBackup(size int) error {
	if len(v.backups)+1 > v.Quota.Backups {
		return &quotaError{"BackupLimitExceeded", fmt.Sprintf("Maximum number of backups allowed (%d) exceeded", v.Quota.Backups)}
	}
	gb := 0
	for _, b := range v.backups {
		gb += b.Size
	}
	if gb+size > v.Quota.BackupGigabytes {
		return &quotaError{"VolumeBackupSizeExceedsAvailableQuota", fmt.Sprintf(
			"Requested backup exceeds allowed Backup gigabytes quota. Requested %dG, quota is %dG and %dG has been consumed.",
			size, v.Quota.BackupGigabytes, gb)}
	}
	return nil
}

// NextDevice is the device name libvirt gives the next volume attached to a
// server: vda is the root disk, then vdb, vdc, ...
func (v *State) NextDevice(serverID string) string {
	used := map[string]bool{"/dev/vda": true}
	for _, vol := range v.Volumes {
		if a := vol.AttachmentTo(serverID); a != nil {
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

// cinderAt locks s.Mu, brings Cinder's state up to now and finds what the
// path's id names (kind as Cinder's 404 says it, byID a State
// method). It returns with s.Mu held when found (unlock with the returned
// func); nil, unlocked, after the 404.
func cinderAt[T any](s *api, w http.ResponseWriter, r *http.Request, kind string, byID func(*State, string) *T) (*T, func()) {
	s.Mu.Lock()
	v := &s.volume
	v.Tick()
	x := core.Found(w, r, kind, func(id string) *T { return byID(v, id) })
	if x == nil {
		s.Mu.Unlock()
		return nil, nil
	}
	return x, s.Mu.Unlock
}
