package cinder

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Cinder v3 backups: list (summary and detail, with the name, status and
// volume_id filters and limit/marker), show, create (full or incremental;
// an in-use volume only with force), delete (not while incremental backups
// depend on it), os-force_delete, and restore to a new or an existing
// volume, as cinder-backup*.json show.
func (s *api) routeBackups(mux *http.ServeMux) {
	p := "/volume/v3/{project}"
	mux.HandleFunc("GET "+p+"/backups", s.cinder(s.listBackups(false)))
	mux.HandleFunc("GET "+p+"/backups/detail", s.cinder(s.listBackups(true)))
	mux.HandleFunc("POST "+p+"/backups", s.cinder(s.createBackup))
	mux.HandleFunc("GET "+p+"/backups/{id}", s.cinder(s.getBackup))
	mux.HandleFunc("DELETE "+p+"/backups/{id}", s.cinder(s.deleteBackup))
	mux.HandleFunc("POST "+p+"/backups/{id}/action", s.cinder(s.backupAction))
	mux.HandleFunc("POST "+p+"/backups/{id}/restore", s.cinder(s.restoreBackup))
}

const backupForceDeleteRule = "volume_extension:backup_admin_actions:force_delete"

// backupJSON is a backup as show and detail return it. Callers hold s.Mu.
func (s *api) backupJSON(r *http.Request, b *backup, mv string) map[string]any {
	var dataTS any
	if !b.DataTimestamp.IsZero() {
		dataTS = core.TimeMicro(b.DataTimestamp)
	}
	m := map[string]any{
		"id": b.ID, "status": b.Status, "size": b.Size, "object_count": 0, "availability_zone": nil,
		"container": nil, "created_at": createdTime(b.Created, false), "updated_at": core.TimeMicroOrNull(b.Updated),
		"name": nullable(b.Name), "description": nullable(b.Description), "fail_reason": nullable(b.FailReason),
		"volume_id": b.VolumeID, "links": s.cinderLinks(r, "backups", b.ID), "is_incremental": b.Incremental,
		"has_dependent_backups": s.volume.hasDependents(b), "snapshot_id": nil, "data_timestamp": dataTS,
	}
	if b.Status != "creating" {
		m["object_count"] = max(1, b.Size)
		m["container"] = b.ID[:2] + "/" + b.ID[2:4] + "/" + b.ID
	}
	if core.VersionLE("3.43", mv) {
		metadata := b.Metadata
		if metadata == nil {
			metadata = map[string]string{}
		}
		m["metadata"] = metadata
	}
	return m
}

func (s *api) backupSummary(r *http.Request, b *backup) map[string]any {
	return map[string]any{"id": b.ID, "name": nullable(b.Name), "links": s.cinderLinks(r, "backups", b.ID)}
}

func (s *api) listBackups(detail bool) func(http.ResponseWriter, *http.Request, string) {
	return func(w http.ResponseWriter, r *http.Request, mv string) {
		s.Mu.Lock()
		defer s.Mu.Unlock()
		v := &s.volume
		v.Tick()
		cinderList(w, r, v.backups, cinderListed[*backup]{kind: "Backup", plural: "backups",
			id: func(x *backup) string { return x.ID }, name: func(x *backup) string { return x.Name },
			status: func(x *backup) string { return x.Status }, volumeID: func(x *backup) string { return x.VolumeID },
			created: func(x *backup) time.Time { return x.Created },
			render: func(b *backup) map[string]any {
				if detail {
					return s.backupJSON(r, b, mv)
				}
				return s.backupSummary(r, b)
			}})
	}
}

func (s *api) getBackup(w http.ResponseWriter, r *http.Request, mv string) {
	b, unlock := cinderAt(s, w, r, "Backup", (*State).backupByID)
	if b == nil {
		return
	}
	defer unlock()
	core.WriteJSON(w, http.StatusOK, map[string]any{"backup": s.backupJSON(r, b, mv)})
}

func (s *api) createBackup(w http.ResponseWriter, r *http.Request, mv string) {
	var req struct {
		Backup *struct {
			VolumeID    string            `json:"volume_id"`
			Name        string            `json:"name"`
			Description string            `json:"description"`
			Incremental any               `json:"incremental"`
			Force       any               `json:"force"`
			SnapshotID  string            `json:"snapshot_id"`
			Container   string            `json:"container"`
			Metadata    map[string]string `json:"metadata"`
		} `json:"backup"`
	}
	if !core.Decode(w, r, &req) {
		return
	}
	br := req.Backup
	if br == nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute backup. Value: None. 'backup' is a required property")
		return
	}
	if br.VolumeID == "" {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute backup. Value: {}. 'volume_id' is a required property")
		return
	}
	if br.SnapshotID != "" {
		core.Fault(w, http.StatusBadRequest, "Invalid input received: the sandbox backs up volumes, not snapshots.")
		return
	}
	incremental, ok1 := boolField(br.Incremental)
	force, ok2 := boolField(br.Force)
	if !ok1 || !ok2 {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute backup. Value: incremental and force must be booleans.")
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	v := &s.volume
	v.Tick()
	vol := v.VolumeByID(br.VolumeID)
	if vol == nil {
		core.Fault(w, http.StatusNotFound, "Volume %s could not be found.", br.VolumeID)
		return
	}
	if vol.Status != "available" && vol.Status != "in-use" {
		core.Fault(w, http.StatusBadRequest, "Invalid volume: Volume to be backed up must be available or in-use, but the current status is \"%s\".", vol.Status)
		return
	}
	if vol.Status == "in-use" && !force {
		core.Fault(w, http.StatusBadRequest, "Invalid volume: Backing up an in-use volume must use the force flag.")
		return
	}
	if err := v.reserveBackup(vol.Size); err != nil {
		QuotaFault(w, err)
		return
	}
	parent := ""
	if incremental {
		var latest *backup
		for _, b := range v.backups {
			if b.VolumeID == vol.ID && (latest == nil || !b.DataTimestamp.Before(latest.DataTimestamp)) {
				latest = b
			}
		}
		if latest == nil {
			core.Fault(w, http.StatusBadRequest, "Invalid backup: No backups available to do an incremental backup.")
			return
		}
		if latest.Status != "available" {
			core.Fault(w, http.StatusBadRequest, "Invalid backup: The parent backup must be available for incremental backup.")
			return
		}
		parent = latest.ID
	}
	now := s.Now()
	b := &backup{ID: core.NewID(), Name: cinderText(br.Name), Description: cinderText(br.Description), VolumeID: vol.ID, Size: vol.Size,
		Status: "creating", Incremental: incremental, Parent: parent, Metadata: br.Metadata,
		Created: now, DataTimestamp: now, op: &SimpleOp{Kind: "create", End: now.Add(s.Options().ActionDelay)}}
	v.backups = append(v.backups, b)
	vol.Op = &VolumeOp{Kind: "backup", End: b.op.End, Then: vol.Status}
	vol.Status, vol.Updated = "backing-up", now
	core.WriteJSON(w, http.StatusAccepted, map[string]any{"backup": s.backupSummary(r, b)})
}

func (s *api) deleteBackup(w http.ResponseWriter, r *http.Request, mv string) {
	b, unlock := cinderAt(s, w, r, "Backup", (*State).backupByID)
	if b == nil {
		return
	}
	defer unlock()
	if b.Status != "available" && b.Status != "error" {
		core.Fault(w, http.StatusBadRequest, "Invalid backup: Backup status must be available or error")
		return
	}
	s.deleteBackupUnlessDepended(w, b)
}

func (s *api) beginBackupDelete(b *backup) {
	now := s.Now()
	b.Status, b.Updated = "deleting", now
	b.op = &SimpleOp{Kind: "delete", End: now.Add(s.Options().ActionDelay)}
}

// backupAction serves os-force_delete, an admin action by default.
func (s *api) backupAction(w http.ResponseWriter, r *http.Request, mv string) {
	var body map[string]json.RawMessage
	if !core.Decode(w, r, &body) {
		return
	}
	b, unlock := cinderAt(s, w, r, "Backup", (*State).backupByID)
	if b == nil {
		return
	}
	defer unlock()
	if _, ok := body["os-force_delete"]; !ok || len(body) != 1 {
		for k := range body {
			if len(body) == 1 {
				core.NoSuchAction(w, r, k, cinderBackupActions)
				return
			}
		}
		core.Fault(w, http.StatusBadRequest, "Malformed request body")
		return
	}
	if !s.volume.admitted(backupForceDeleteRule) {
		core.Fault(w, http.StatusForbidden, "Policy doesn't allow %s to be performed.", backupForceDeleteRule)
		return
	}
	s.deleteBackupUnlessDepended(w, b)
}

func (s *api) restoreBackup(w http.ResponseWriter, r *http.Request, mv string) {
	var req struct {
		Restore *struct {
			VolumeID string `json:"volume_id"`
			Name     string `json:"name"`
		} `json:"restore"`
	}
	if !core.Decode(w, r, &req) {
		return
	}
	if req.Restore == nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute restore. Value: None. 'restore' is a required property")
		return
	}
	b, unlock := cinderAt(s, w, r, "Backup", (*State).backupByID)
	if b == nil {
		return
	}
	defer unlock()
	v := &s.volume
	if b.Status != "available" {
		core.Fault(w, http.StatusBadRequest, "Invalid backup: Backup status must be available")
		return
	}
	now := s.Now()
	var vol *Volume
	if id := req.Restore.VolumeID; id != "" {
		vol = v.VolumeByID(id)
		if vol == nil {
			core.Fault(w, http.StatusNotFound, "Volume %s could not be found.", id)
			return
		}
		if vol.Status != "available" {
			core.Fault(w, http.StatusBadRequest, "Invalid volume: Volume to be restored to must be available")
			return
		}
		if b.Size > vol.Size {
			core.Fault(w, http.StatusBadRequest, "Invalid volume: volume size %d is too small to restore backup of size %d.", vol.Size, b.Size)
			return
		}
	} else {
		if err := v.ReserveVolume(1, b.Size); err != nil {
			QuotaFault(w, err)
			return
		}
		name := req.Restore.Name
		if name == "" {
			name = "restore_backup_" + b.ID
		}
		vol = &Volume{ID: core.NewID(), Name: name, Description: "auto-created_from_restore_from_backup", Size: b.Size,
			Type: s.volume.Types[0], Zone: s.Zones()[0], Created: now, Metadata: map[string]string{"src_backup_id": b.ID}}
		if src := v.VolumeByID(b.VolumeID); src != nil {
			vol.Type, vol.Zone, vol.Bootable, vol.ImageID = src.Type, src.Zone, src.Bootable, src.ImageID
		}
		v.Volumes = append(v.Volumes, vol)
	}
	end := now.Add(s.Options().ActionDelay)
	vol.Status, vol.Updated = "restoring-backup", now
	vol.Op = &VolumeOp{Kind: "restore", End: end, Then: "available", Backup: b}
	b.Status, b.Updated = "restoring", now
	b.op = &SimpleOp{Kind: "restore", End: end}
	core.WriteJSON(w, http.StatusAccepted, map[string]any{"restore": map[string]any{
		"backup_id": b.ID, "volume_id": vol.ID, "volume_name": nullable(vol.Name)}})
}

// deleteBackupUnlessDepended starts a backup's delete (202), refused while
// incremental backups depend on it.
func (s *api) deleteBackupUnlessDepended(w http.ResponseWriter, b *backup) {
	if s.volume.hasDependents(b) {
		core.Fault(w, http.StatusBadRequest, "Invalid backup: Incremental backups exist for this backup.")
		return
	}
	s.beginBackupDelete(b)
	w.WriteHeader(http.StatusAccepted)
}
