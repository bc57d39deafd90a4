package cinder

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Cinder v3 snapshots: list (summary and detail, with the name, status and
// volume_id filters and limit/marker), show, create (an in-use volume only
// with force, as cinder-snapshot-in-use-no-force.txt shows), delete and the
// os-force_delete action.
func (s *api) routeSnapshots(mux *http.ServeMux) {
	p := "/volume/v3/{project}"
	mux.HandleFunc("GET "+p+"/snapshots", s.cinder(s.listSnapshots(false)))
	mux.HandleFunc("GET "+p+"/snapshots/detail", s.cinder(s.listSnapshots(true)))
	mux.HandleFunc("POST "+p+"/snapshots", s.cinder(s.createSnapshot))
	mux.HandleFunc("GET "+p+"/snapshots/{id}", s.cinder(s.getSnapshot))
	mux.HandleFunc("DELETE "+p+"/snapshots/{id}", s.cinder(s.deleteSnapshot))
	mux.HandleFunc("POST "+p+"/snapshots/{id}/action", s.cinder(s.snapshotAction))
}

const snapshotForceDeleteRule = "volume_extension:snapshot_admin_actions:force_delete"

// snapshotJSON is a snapshot as Cinder shows it; extended adds the
// os-extended-snapshot-attributes of show and detail; fresh is the create
// call's answer. Callers hold s.Mu.
func (s *api) snapshotJSON(sn *Snapshot, mv string, fresh, extended bool) map[string]any {
	metadata := sn.Metadata
	if metadata == nil {
		metadata = map[string]string{}
	}
	m := map[string]any{
		"id": sn.ID, "created_at": createdTime(sn.Created, fresh), "updated_at": core.TimeMicroOrNull(sn.Updated),
		"name": nullable(sn.Name), "description": nullable(sn.Description), "volume_id": sn.VolumeID,
		"status": sn.Status, "size": sn.Size, "metadata": metadata,
	}
	if core.VersionLE("3.14", mv) {
		m["group_snapshot_id"] = nil
	}
	if core.VersionLE("3.41", mv) {
		m["user_id"] = s.UserID()
	}
	if extended {
		progress := "0%"
		if sn.Status == "available" {
			progress = "100%"
		}
		m["os-extended-snapshot-attributes:project_id"] = s.ProjectID()
		m["os-extended-snapshot-attributes:progress"] = progress
	}
	return m
}

func (s *api) listSnapshots(detail bool) func(http.ResponseWriter, *http.Request, string) {
	return func(w http.ResponseWriter, r *http.Request, mv string) {
		s.Mu.Lock()
		defer s.Mu.Unlock()
		v := &s.volume
		v.Tick()
		cinderList(w, r, v.Snapshots, cinderListed[*Snapshot]{kind: "Snapshot", plural: "snapshots",
			id: func(x *Snapshot) string { return x.ID }, name: func(x *Snapshot) string { return x.Name },
			status: func(x *Snapshot) string { return x.Status }, volumeID: func(x *Snapshot) string { return x.VolumeID },
			created: func(x *Snapshot) time.Time { return x.Created },
			render:  func(sn *Snapshot) map[string]any { return s.snapshotJSON(sn, mv, false, detail) }})
	}
}

func (s *api) getSnapshot(w http.ResponseWriter, r *http.Request, mv string) {
	sn, unlock := cinderAt(s, w, r, "Snapshot", (*State).snapshotByID)
	if sn == nil {
		return
	}
	defer unlock()
	core.WriteJSON(w, http.StatusOK, map[string]any{"snapshot": s.snapshotJSON(sn, mv, false, true)})
}

// boolField reads a boolean Cinder also accepts as a string ("True", "1").
func boolField(v any) (bool, bool) {
	switch x := v.(type) {
	case nil:
		return false, true
	case bool:
		return x, true
	case string:
		b, err := strconv.ParseBool(x)
		return b, err == nil
	}
	return false, false
}

func (s *api) createSnapshot(w http.ResponseWriter, r *http.Request, mv string) {
	var req struct {
		Snapshot *struct {
			VolumeID    string            `json:"volume_id"`
			Force       any               `json:"force"`
			Name        string            `json:"name"`
			Description string            `json:"description"`
			Metadata    map[string]string `json:"metadata"`
		} `json:"snapshot"`
	}
	if !core.Decode(w, r, &req) {
		return
	}
	sr := req.Snapshot
	if sr == nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute snapshot. Value: None. 'snapshot' is a required property")
		return
	}
	if sr.VolumeID == "" {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute snapshot. Value: {}. 'volume_id' is a required property")
		return
	}
	force, ok := boolField(sr.Force)
	if !ok {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute force. Value: %v. %v is not of type 'boolean', 'string'", sr.Force, sr.Force)
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	v := &s.volume
	v.Tick()
	vol := v.VolumeByID(sr.VolumeID)
	if vol == nil {
		core.Fault(w, http.StatusNotFound, "Volume %s could not be found.", sr.VolumeID)
		return
	}
	switch {
	case !force && vol.Status != "available":
		core.Fault(w, http.StatusBadRequest, "Invalid volume: Volume %s status must be available, but current status is: %s.", vol.ID, vol.Status)
		return
	case force && vol.Status != "available" && vol.Status != "in-use":
		core.Fault(w, http.StatusBadRequest, "Invalid volume: Volume %s status must be available, in-use, but current status is: %s.", vol.ID, vol.Status)
		return
	}
	if err := v.ReserveSnapshot(vol.Size); err != nil {
		QuotaFault(w, err)
		return
	}
	now := s.Now()
	sn := &Snapshot{ID: core.NewID(), Name: cinderText(sr.Name), Description: cinderText(sr.Description), VolumeID: vol.ID, Size: vol.Size,
		Status: "creating", Metadata: sr.Metadata, Created: now,
		Op: &SimpleOp{Kind: "create", End: now.Add(s.Options().ActionDelay)}}
	v.Snapshots = append(v.Snapshots, sn)
	core.WriteJSON(w, http.StatusAccepted, map[string]any{"snapshot": s.snapshotJSON(sn, mv, true, false)})
}

func (s *api) deleteSnapshot(w http.ResponseWriter, r *http.Request, mv string) {
	sn, unlock := cinderAt(s, w, r, "Snapshot", (*State).snapshotByID)
	if sn == nil {
		return
	}
	defer unlock()
	if sn.Status != "available" && sn.Status != "error" {
		core.Fault(w, http.StatusBadRequest, "Invalid snapshot: Snapshot status must be available or error and must not be part of a group.")
		return
	}
	s.beginSnapshotDelete(sn)
	w.WriteHeader(http.StatusAccepted)
}

func (s *api) beginSnapshotDelete(sn *Snapshot) {
	now := s.Now()
	sn.Status, sn.Updated = "deleting", now
	sn.Op = &SimpleOp{Kind: "delete", End: now.Add(s.Options().ActionDelay)}
}

// snapshotAction serves os-force_delete, an admin action by default.
func (s *api) snapshotAction(w http.ResponseWriter, r *http.Request, mv string) {
	var body map[string]json.RawMessage
	if !core.Decode(w, r, &body) {
		return
	}
	sn, unlock := cinderAt(s, w, r, "Snapshot", (*State).snapshotByID)
	if sn == nil {
		return
	}
	defer unlock()
	if _, ok := body["os-force_delete"]; !ok || len(body) != 1 {
		for k := range body {
			core.NoSuchAction(w, r, k, cinderSnapshotActions)
			return
		}
		core.Fault(w, http.StatusBadRequest, "Malformed request body")
		return
	}
	if !s.volume.admitted(snapshotForceDeleteRule) {
		core.Fault(w, http.StatusForbidden, "Policy doesn't allow %s to be performed.", snapshotForceDeleteRule)
		return
	}
	s.beginSnapshotDelete(sn)
	w.WriteHeader(http.StatusAccepted)
}
