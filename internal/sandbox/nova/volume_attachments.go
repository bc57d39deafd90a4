package nova

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cinder"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Nova's os-volume_attachments: list, show, attach and detach a Cinder
// volume, as nova-volume-attach*.json and nova-volume-detach-202.txt show.
// Attaching reserves the volume (attaching) and completes after
// ActionDelay (in-use); detaching goes through detaching to available. The
// attachments live with the volumes (package cinder); Nova's block device
// mappings are derived from them. The block storage work owns this file.
func (s *api) routeVolumeAttachments(mux *http.ServeMux) {
	p := "/compute/v2.1/servers/{id}/os-volume_attachments"
	mux.HandleFunc("GET "+p, s.Authed(s.onServer(s.listVolumeAttachments)))
	mux.HandleFunc("POST "+p, s.Authed(s.attachVolume))
	mux.HandleFunc("GET "+p+"/{volume}", s.Authed(s.onServer(s.getVolumeAttachment)))
	mux.HandleFunc("DELETE "+p+"/{volume}", s.Authed(s.onServer(s.detachVolume)))
}

// attachStates are the vm_states in which Nova attaches and detaches
// volumes (with no task in progress).
var attachStates = []string{"active", "paused", "stopped", "resized", "soft_deleted", "shelved", "shelved_offloaded"}

// novaDeviceRE is the device pattern of Nova's attach request schema.
// Compiled on first use: package-level work is paid by every start.
var novaDeviceRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$`)
})

func volumeAttachmentJSON(vol *cinder.Volume, a *cinder.Attachment, mv string) map[string]any {
	m := map[string]any{"id": vol.ID, "serverId": a.ServerID, "volumeId": vol.ID, "device": a.Device}
	if core.VersionLE("2.70", mv) {
		m["tag"] = nil
	}
	if core.VersionLE("2.79", mv) {
		m["delete_on_termination"] = a.DeleteOnTermination
	}
	if core.VersionLE("2.89", mv) {
		// From 2.89 Nova names the attachment by Cinder's attachment and its
		// block device mapping, no longer by the volume.
		delete(m, "id")
		m["attachment_id"], m["bdm_uuid"] = a.ID, core.StableID("bdm", a.ID)
	}
	return m
}

// instanceStateConflict answers Nova's 409 for an action the server's state
// forbids, or returns false when the state allows it.
func instanceStateConflict(w http.ResponseWriter, sv *Server, action string) bool {
	if !slices.Contains(attachStates, sv.VMState) {
		core.Fault(w, http.StatusConflict, "Cannot '%s' instance %s while it is in vm_state %s", action, sv.ID, sv.VMState)
		return true
	}
	if sv.TaskState != "" {
		core.Fault(w, http.StatusConflict, "Cannot '%s' instance %s while it is in task_state %s", action, sv.ID, sv.TaskState)
		return true
	}
	return false
}

func (s *api) listVolumeAttachments(w http.ResponseWriter, r *http.Request, sv *Server, mv string) {
	v := s.db.volume
	v.Tick()
	out := []map[string]any{}
	for _, vol := range v.Volumes {
		if a := vol.AttachmentTo(sv.ID); a != nil {
			out = append(out, volumeAttachmentJSON(vol, a, mv))
		}
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"volumeAttachments": out})
}

func (s *api) getVolumeAttachment(w http.ResponseWriter, r *http.Request, sv *Server, mv string) {
	v := s.db.volume
	v.Tick()
	volID := r.PathValue("volume")
	if vol := v.VolumeByID(volID); vol != nil {
		if a := vol.AttachmentTo(sv.ID); a != nil {
			core.WriteJSON(w, http.StatusOK, map[string]any{"volumeAttachment": volumeAttachmentJSON(vol, a, mv)})
			return
		}
	}
	core.Fault(w, http.StatusNotFound, "Instance %s is not attached to volume %s", sv.ID, volID)
}

func (s *api) attachVolume(w http.ResponseWriter, r *http.Request) {
	mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
	if !ok {
		return
	}
	var req struct {
		VolumeAttachment *struct {
			VolumeID            *string `json:"volumeId"`
			Device              *string `json:"device"`
			Tag                 *string `json:"tag"`
			DeleteOnTermination *bool   `json:"delete_on_termination"`
		} `json:"volumeAttachment"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute volumeAttachment. Value: %v", err)
		return
	}
	va := req.VolumeAttachment
	switch {
	case va == nil:
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute volumeAttachment. Value: None. 'volumeAttachment' is a required property")
		return
	case va.VolumeID == nil:
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute volumeAttachment. Value: {}. 'volumeId' is a required property")
		return
	case !core.IsID(*va.VolumeID):
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute volumeId. Value: %s. '%s' is not a 'uuid'", *va.VolumeID, *va.VolumeID)
		return
	case va.Device != nil && !novaDeviceRE().MatchString(*va.Device):
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute device. Value: %s. '%s' does not match '(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$'", *va.Device, *va.Device)
		return
	case va.Tag != nil && !core.VersionLE("2.49", mv):
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute volumeAttachment. Value: {...}. Additional properties are not allowed ('tag' was unexpected)")
		return
	case va.DeleteOnTermination != nil && !core.VersionLE("2.79", mv):
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute volumeAttachment. Value: {...}. Additional properties are not allowed ('delete_on_termination' was unexpected)")
		return
	}
	volID := *va.VolumeID
	s.Mu.Lock()
	defer s.Mu.Unlock()
	sv := core.Found(w, r, "Instance", s.db.compute.serverByID)
	if sv == nil || instanceStateConflict(w, sv, "attach_volume") {
		return
	}
	v := s.db.volume
	v.Tick()
	vol := v.VolumeByID(volID)
	if vol == nil {
		core.Fault(w, http.StatusNotFound, "Volume %s could not be found.", volID)
		return
	}
	if len(vol.Attachments) > 0 {
		servers := make([]string, len(vol.Attachments))
		for i, a := range vol.Attachments {
			servers[i] = a.ServerID
		}
		core.Fault(w, http.StatusBadRequest, "Invalid volume: volume %s is already attached to instances: %s", vol.ID, strings.Join(servers, ","))
		return
	}
	if vol.Status != "available" {
		// Cinder's refusal of the attachment, as Nova passes it on.
		core.Fault(w, http.StatusBadRequest, "Invalid input received: Invalid volume: cinder.Volume %s status must be available or downloading (HTTP 400) (Request-ID: %s)", vol.ID, core.RequestID())
		return
	}
	// libvirt names the device itself; a requested name is not honoured.
	// Nova reserves the volume before it answers; the compute host then
	// connects it (attaching) and completes the attachment (in-use).
	a := &cinder.Attachment{ID: core.NewID(), ServerID: sv.ID, Device: v.NextDevice(sv.ID), State: "reserved"}
	now := s.Now()
	vol.Attachments = append(vol.Attachments, a)
	vol.Status, vol.Updated = "reserved", now
	vol.Op = &cinder.VolumeOp{Kind: "attach", Start: now, End: now.Add(s.Options().ActionDelay), Attachment: a}
	s.db.compute.recordAction(sv, "attach_volume", "compute_attach_volume", now, vol.Op.End)
	core.WriteJSON(w, http.StatusOK, map[string]any{"volumeAttachment": volumeAttachmentJSON(vol, a, mv)})
}

func (s *api) detachVolume(w http.ResponseWriter, r *http.Request, sv *Server, _ string) {
	v := s.db.volume
	v.Tick()
	volID := r.PathValue("volume")
	vol := v.VolumeByID(volID)
	if vol == nil {
		core.Fault(w, http.StatusNotFound, "Volume %s could not be found.", volID)
		return
	}
	a := vol.AttachmentTo(sv.ID)
	if a == nil {
		core.Fault(w, http.StatusNotFound, "Instance %s is not attached to volume %s", sv.ID, vol.ID)
		return
	}
	if instanceStateConflict(w, sv, "detach_volume") {
		return
	}
	if vol.Status != "in-use" || a.State != "attached" {
		core.Fault(w, http.StatusBadRequest, "Invalid volume: Invalid input received: Invalid volume: Unable to detach volume. cinder.Volume status must be 'in-use' and attach_status must be 'attached' to detach. (HTTP 400) (Request-ID: %s)", core.RequestID())
		return
	}
	now := s.Now()
	a.State = "detaching"
	vol.Status, vol.Updated = "detaching", now
	vol.Op = &cinder.VolumeOp{Kind: "detach", End: now.Add(s.Options().ActionDelay), Attachment: a}
	s.db.compute.recordAction(sv, "detach_volume", "compute_detach_volume", now, vol.Op.End)
	w.WriteHeader(http.StatusAccepted)
}
