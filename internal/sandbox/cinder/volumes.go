package cinder

import (
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
)

// Cinder v3 volumes: list (summary and detail, with the name and status
// filters and limit/marker), show, create (empty, a clone, from a snapshot, from an
// image), delete (with cascade), the os-extend and os-force_delete actions,
// and the user messages that explain a failed creation. Answers follow the
// lab's samples (testdata/openstack/cinder-volume*.json).
func (s *api) routeVolumes(mux *http.ServeMux) {
	p := "/volume/v3/{project}"
	mux.HandleFunc("GET "+p+"/volumes", s.cinder(s.listVolumes(false)))
	mux.HandleFunc("GET "+p+"/volumes/detail", s.cinder(s.listVolumes(true)))
	mux.HandleFunc("POST "+p+"/volumes", s.cinder(s.createVolume))
	mux.HandleFunc("GET "+p+"/volumes/{id}", s.cinder(s.getVolume))
	mux.HandleFunc("DELETE "+p+"/volumes/{id}", s.cinder(s.deleteVolume))
	mux.HandleFunc("POST "+p+"/volumes/{id}/action", s.cinder(s.volumeAction))
	mux.HandleFunc("GET "+p+"/messages", s.cinder(s.listMessages))
}

// cinderMaxLimit is Cinder's osapi_max_limit: the largest page it returns.
const cinderMaxLimit = 1000

// forceDeleteRule is the policy rule of the volume os-force_delete action,
// an admin action by default (AllowVolumeAdminActions).
const forceDeleteRule = "volume_extension:volume_admin_actions:force_delete"

// cinder wraps a Cinder handler: a valid token, the token's project in the
// URL (Cinder answers "Malformed request url" otherwise) and a supported
// microversion.
func (s *api) cinder(h func(w http.ResponseWriter, r *http.Request, mv string)) http.HandlerFunc {
	return s.Authed(func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("project") != s.ProjectID() {
			core.Fault(w, http.StatusBadRequest, "Malformed request url")
			return
		}
		mv, ok := core.Microversion(w, r, "volume", volumeMin, volumeMax)
		if !ok {
			return
		}
		h(w, r, mv)
	})
}

// QuotaFault answers a QuotaError as Cinder's fault wrapper does: 413, the
// exception's class name before its message, and Retry-After: 0.
func QuotaFault(w http.ResponseWriter, err error) {
	w.Header().Set("Retry-After", "0")
	core.WriteJSON(w, http.StatusRequestEntityTooLarge, map[string]any{"overLimit": map[string]any{
		"code": 413, "message": err.Error(), "retryAfter": "0"}})
}

func (s *api) cinderLinks(r *http.Request, kind, id string) []map[string]string {
	return []map[string]string{
		{"rel": "self", "href": core.BaseURL(r) + "/volume/v3/" + s.ProjectID() + "/" + kind + "/" + id},
		{"rel": "bookmark", "href": core.BaseURL(r) + "/volume/" + s.ProjectID() + "/" + kind + "/" + id},
	}
}

// nullable is a string or JSON null when empty.
func nullable(v string) any {
	if v == "" {
		return nil
	}
	return v
}

// createdTime is created_at as the create call answers it (microseconds),
// and as later reads show it (whole seconds, as the database keeps it).
func createdTime(t time.Time, fresh bool) string {
	if fresh {
		return t.UTC().Format("2006-01-02T15:04:05.000000")
	}
	return core.TimeMicro(t.Truncate(time.Second))
}

// volumeJSON is a volume as show and detail return it at microversion mv;
// fresh is the create call's answer, before a back end took the volume.
// Callers hold s.Mu.
func (s *api) volumeJSON(r *http.Request, vol *Volume, mv string, fresh bool) map[string]any {
	attachments := []map[string]any{}
	for _, a := range vol.Attachments {
		if a.State != "attached" && a.State != "detaching" {
			continue // Cinder shows an attachment once it is complete
		}
		attachments = append(attachments, map[string]any{
			"id": vol.ID, "attachment_id": a.ID, "volume_id": vol.ID, "server_id": a.ServerID,
			"host_name": nil, "device": a.Device, "attached_at": core.TimeMicro(a.AttachedAt)})
	}
	metadata := vol.Metadata
	if metadata == nil {
		metadata = map[string]string{}
	}
	m := map[string]any{
		"id": vol.ID, "status": vol.Status, "size": vol.Size, "availability_zone": vol.Zone,
		"created_at": createdTime(vol.Created, fresh), "updated_at": core.TimeMicroOrNull(vol.Updated),
		"name": nullable(vol.Name), "description": nullable(vol.Description), "volume_type": vol.Type,
		"snapshot_id": nullable(vol.SnapshotID), "source_volid": nullable(vol.SourceVolID), "metadata": metadata,
		"links": s.cinderLinks(r, "volumes", vol.ID), "user_id": s.UserID(),
		"bootable": strconv.FormatBool(vol.Bootable), "encrypted": false, "replication_status": nil,
		"consistencygroup_id": nil, "multiattach": false, "attachments": attachments,
	}
	if core.VersionLE("3.13", mv) {
		m["group_id"] = nil
	}
	if core.VersionLE("3.48", mv) {
		m["shared_targets"] = fresh
		m["service_uuid"] = nil
		if !fresh {
			m["service_uuid"] = core.StableID("cinder-volume", s.Options().Region)
		}
	}
	if !fresh {
		m["os-vol-tenant-attr:tenant_id"] = s.ProjectID()
	}
	if im := s.volumeImageMetadata(vol); len(im) > 0 {
		m["volume_image_metadata"] = im
	}
	return m
}

// cinderPage applies Cinder's marker and limit to items (sorted, filtered)
// drawn from all (sorted, unfiltered): the marker must be an existing
// resource, which need not pass the filters; the page continues after its
// place. The next link comes whenever the page is full.
func cinderPage[T any](w http.ResponseWriter, r *http.Request, all, items []T, id func(T) string, kind string) ([]T, bool, bool) {
	q := r.URL.Query()
	limit := cinderMaxLimit
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil {
			core.Fault(w, http.StatusBadRequest, "limit param must be an integer")
			return nil, false, false
		}
		if n < 0 {
			core.Fault(w, http.StatusBadRequest, "limit param must be positive")
			return nil, false, false
		}
		limit = min(n, cinderMaxLimit)
	}
	if m := q.Get("marker"); m != "" {
		pos := slices.IndexFunc(all, func(x T) bool { return id(x) == m })
		if pos < 0 {
			core.Fault(w, http.StatusNotFound, "%s %s could not be found.", kind, m)
			return nil, false, false
		}
		after := map[string]bool{}
		for _, x := range all[pos+1:] {
			after[id(x)] = true
		}
		items = slices.DeleteFunc(slices.Clone(items), func(x T) bool { return !after[id(x)] })
	}
	if len(items) > limit {
		items = items[:limit]
	}
	return items, limit > 0 && len(items) == limit, true
}

func (s *api) listVolumes(detail bool) func(http.ResponseWriter, *http.Request, string) {
	return func(w http.ResponseWriter, r *http.Request, mv string) {
		s.Mu.Lock()
		defer s.Mu.Unlock()
		v := &s.volume
		v.Tick()
		cinderList(w, r, v.Volumes, cinderListed[*Volume]{kind: "Volume", plural: "volumes",
			id: func(x *Volume) string { return x.ID }, name: func(x *Volume) string { return x.Name },
			status: func(x *Volume) string { return x.Status }, created: func(x *Volume) time.Time { return x.Created },
			render: func(vol *Volume) map[string]any {
				if detail {
					return s.volumeJSON(r, vol, mv, false)
				}
				return map[string]any{"id": vol.ID, "name": nullable(vol.Name), "links": s.cinderLinks(r, "volumes", vol.ID)}
			}})
	}
}

func (s *api) getVolume(w http.ResponseWriter, r *http.Request, mv string) {
	vol, unlock := cinderAt(s, w, r, "Volume", (*State).VolumeByID)
	if vol == nil {
		return
	}
	defer unlock()
	core.WriteJSON(w, http.StatusOK, map[string]any{"volume": s.volumeJSON(r, vol, mv, false)})
}

type createVolumeRequest struct {
	Volume *struct {
		Size             any               `json:"size"`
		Name             string            `json:"name"`
		Description      string            `json:"description"`
		VolumeType       string            `json:"volume_type"`
		AvailabilityZone string            `json:"availability_zone"`
		SnapshotID       string            `json:"snapshot_id"`
		SourceVolID      string            `json:"source_volid"`
		ImageRef         string            `json:"imageRef"`
		BackupID         string            `json:"backup_id"`
		Metadata         map[string]string `json:"metadata"`
	} `json:"volume"`
}

// IntField reads a JSON integer that Cinder also accepts as a string of
// digits; ok is false for anything else.
func IntField(v any) (int, bool) {
	switch x := v.(type) {
	case float64:
		if x == math.Trunc(x) && x >= 0 && x <= math.MaxInt32 {
			return int(x), true
		}
	case string:
		if n, err := strconv.Atoi(x); err == nil && n >= 0 {
			return n, true
		}
	}
	return 0, false
}

func (s *api) createVolume(w http.ResponseWriter, r *http.Request, mv string) {
	var req createVolumeRequest
	if !core.Decode(w, r, &req) {
		return
	}
	vr := req.Volume
	if vr == nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute volume. Value: None. 'volume' is a required property")
		return
	}
	size := 0
	if vr.Size != nil {
		n, ok := IntField(vr.Size)
		if !ok {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute size. Value: %v. %v is not of type 'integer', 'string', 'null'", vr.Size, vr.Size)
			return
		}
		if n < 1 {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute size. Value: %d. %d is less than the minimum of 1", n, n)
			return
		}
		size = n
	}
	if vr.BackupID != "" {
		core.Fault(w, http.StatusBadRequest, "Invalid input received: the sandbox creates volumes empty, from a volume, a snapshot or an image only.")
		return
	}
	sources := 0
	for _, src := range []string{vr.SnapshotID, vr.ImageRef, vr.SourceVolID} {
		if src != "" {
			sources++
		}
	}
	if sources > 1 {
		core.Fault(w, http.StatusBadRequest, "Invalid input received: only one of snapshot_id, source_volid, imageRef, backup_id may be specified.")
		return
	}

	s.Mu.Lock()
	defer s.Mu.Unlock()
	v := &s.volume
	v.Tick()
	vol := &Volume{ID: core.NewID(), Name: cinderText(vr.Name), Description: cinderText(vr.Description), Size: size,
		Type: v.Types[0], Zone: s.Zones()[0], Metadata: vr.Metadata, Status: "creating", Created: s.Now()}
	if vr.VolumeType != "" {
		if !slices.Contains(v.Types, vr.VolumeType) && vr.VolumeType != ErrorVolumeType {
			core.Fault(w, http.StatusNotFound, "Volume type with name %s could not be found.", vr.VolumeType)
			return
		}
		vol.Type = vr.VolumeType
	}
	if vr.SnapshotID != "" {
		sn := v.snapshotByID(vr.SnapshotID)
		if sn == nil {
			core.Fault(w, http.StatusNotFound, "Snapshot %s could not be found.", vr.SnapshotID)
			return
		}
		if sn.Status != "available" {
			core.Fault(w, http.StatusBadRequest, "Invalid snapshot: Originating snapshot status must be one of 'available' values")
			return
		}
		if size == 0 {
			size, vol.Size = sn.Size, sn.Size
		}
		if size < sn.Size {
			core.Fault(w, http.StatusBadRequest, "Invalid input received: Volume size '%d'GB cannot be smaller than the snapshot size %dGB. They must be >= original snapshot size.", size, sn.Size)
			return
		}
		vol.SnapshotID = sn.ID
		if src := v.VolumeByID(sn.VolumeID); src != nil {
			if vr.AvailabilityZone != "" && vr.AvailabilityZone != src.Zone {
				core.Fault(w, http.StatusBadRequest, "Invalid input received: Volume must be in the same availability zone as the snapshot")
				return
			}
			vol.Zone, vol.Bootable, vol.ImageID = src.Zone, src.Bootable, src.ImageID
			if vr.VolumeType == "" {
				vol.Type = src.Type
			}
		}
	}
	if vr.SourceVolID != "" && !s.cloneVolume(w, vol, vr.SourceVolID, vr.VolumeType, vr.AvailabilityZone, &size) {
		return
	}
	if vr.ImageRef != "" {
		img := glance.ByID(s.Cloud, vr.ImageRef)
		if img == nil {
			core.Fault(w, http.StatusBadRequest, "Invalid image identifier or unable to access requested image.")
			return
		}
		if img.Status != "active" {
			core.Fault(w, http.StatusBadRequest, "Invalid input received: Image %s is not active.", img.ID)
			return
		}
		imageGB := int((img.Size + 1<<30 - 1) >> 30)
		if size == 0 {
			size = max(img.MinDisk, imageGB)
			vol.Size = size
		}
		if size < img.MinDisk {
			core.Fault(w, http.StatusBadRequest, "Invalid input received: Volume size %dGB cannot be smaller than the image minDisk size %dGB.", size, img.MinDisk)
			return
		}
		if size < imageGB {
			core.Fault(w, http.StatusBadRequest, "Invalid input received: Size of specified image %dGB is larger than volume size %dGB.", imageGB, size)
			return
		}
		vol.ImageID, vol.Bootable = img.ID, true
	}
	if size == 0 {
		core.Fault(w, http.StatusBadRequest, "The server could not comply with the request since it is either malformed or otherwise incorrect.")
		return
	}
	if vr.AvailabilityZone != "" && vol.SnapshotID == "" && vol.SourceVolID == "" {
		if !slices.Contains(s.Zones(), vr.AvailabilityZone) {
			core.Fault(w, http.StatusBadRequest, "Availability zone '%s' is invalid.", vr.AvailabilityZone)
			return
		}
		vol.Zone = vr.AvailabilityZone
	}
	if err := v.ReserveVolume(1, size); err != nil {
		QuotaFault(w, err)
		return
	}
	vol.Op = &VolumeOp{Kind: "create", End: vol.Created.Add(s.Options().ActionDelay)}
	v.Volumes = append(v.Volumes, vol)
	core.WriteJSON(w, http.StatusAccepted, map[string]any{"volume": s.volumeJSON(r, vol, mv, true)})
}

// deleteRefusal is Cinder's refusal of a delete the volume's state forbids;
// a forced delete drops the status condition, not the others.
func deleteRefusal(force bool) string {
	status := "status must be available or error or error_restoring or error_extending or error_managing and"
	if force {
		status = ""
	}
	return "Invalid volume: Volume " + status + " must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer."
}

// startDelete begins deleting vol, or says why Cinder refuses to.
func (s *api) startDelete(vol *Volume, force, cascade bool) string {
	v := &s.volume
	allowed := []string{"available", "error", "error_restoring", "error_extending", "error_managing"}
	if len(vol.Attachments) > 0 || (!force && !slices.Contains(allowed, vol.Status)) {
		return deleteRefusal(force)
	}
	if v.hasSnapshots(vol.ID) {
		if !cascade {
			return deleteRefusal(force)
		}
		for _, sn := range v.Snapshots {
			if sn.VolumeID == vol.ID && sn.Status != "available" && sn.Status != "error" {
				return "Invalid volume: Snapshot " + sn.ID + " is not in a state that allows a cascade delete."
			}
		}
		for _, sn := range v.Snapshots {
			if sn.VolumeID == vol.ID {
				sn.Status, sn.Op = "deleting", &SimpleOp{Kind: "delete", End: s.Now().Add(s.Options().ActionDelay)}
			}
		}
	}
	now := s.Now()
	vol.Status, vol.Updated = "deleting", now
	vol.Op = &VolumeOp{Kind: "delete", End: now.Add(s.Options().ActionDelay)}
	return ""
}

func (s *api) deleteVolume(w http.ResponseWriter, r *http.Request, mv string) {
	cascade, _ := strconv.ParseBool(r.URL.Query().Get("cascade"))
	vol, unlock := cinderAt(s, w, r, "Volume", (*State).VolumeByID)
	if vol == nil {
		return
	}
	defer unlock()
	if msg := s.startDelete(vol, false, cascade); msg != "" {
		core.Fault(w, http.StatusBadRequest, "%s", msg)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// volumeAction serves POST /volumes/{id}/action: os-extend and
// os-force_delete.
func (s *api) volumeAction(w http.ResponseWriter, r *http.Request, mv string) {
	action, arg, ok := core.OneAction(w, r)
	if !ok {
		return
	}
	vol, unlock := cinderAt(s, w, r, "Volume", (*State).VolumeByID)
	if vol == nil {
		return
	}
	defer unlock()
	v := &s.volume
	switch action {
	case "os-extend":
		var a struct {
			NewSize any `json:"new_size"`
		}
		if err := json.Unmarshal(arg, &a); err != nil || a.NewSize == nil {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute os-extend. Value: %s. 'new_size' is a required property", arg)
			return
		}
		n, ok := IntField(a.NewSize)
		if !ok || n < 1 {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute new_size. Value: %v. %v is less than the minimum of 1", a.NewSize, a.NewSize)
			return
		}
		expected := "available"
		if vol.Status == "in-use" && core.VersionLE("3.42", mv) {
			expected = "in-use"
		}
		if vol.Status != expected {
			core.Fault(w, http.StatusBadRequest, "Invalid volume: Volume %s status must be '%s' to extend, currently %s.", vol.ID, expected, vol.Status)
			return
		}
		if n <= vol.Size {
			core.Fault(w, http.StatusBadRequest, "Invalid input received: New size for extend must be greater than current size. (current: %d, extended: %d).", vol.Size, n)
			return
		}
		if err := v.reserveGigabytes(n-vol.Size, v.gigabytes()); err != nil {
			QuotaFault(w, err)
			return
		}
		now := s.Now()
		vol.Status, vol.Updated = "extending", now
		vol.Op = &VolumeOp{Kind: "extend", End: now.Add(s.Options().ActionDelay), Then: expected, NewSize: n}
		w.WriteHeader(http.StatusAccepted)
	case "os-force_delete":
		if !s.volume.admitted(forceDeleteRule) {
			core.Fault(w, http.StatusForbidden, "Policy doesn't allow %s to be performed.", forceDeleteRule)
			return
		}
		if msg := s.startDelete(vol, true, false); msg != "" {
			core.Fault(w, http.StatusBadRequest, "%s", msg)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	default:
		if h := volumeActions[action]; h != nil {
			h(s, w, r, mv, vol, arg)
			return
		}
		core.NoSuchAction(w, r, action, cinderVolumeActions)
	}
}

// volumeActions are the volume actions other files serve; each answers by
// itself. Called with s.Mu held.
var volumeActions = map[string]func(s *api, w http.ResponseWriter, r *http.Request, mv string, vol *Volume, arg json.RawMessage){}

// listMessages serves Cinder's user messages (3.3), filtered by
// resource_uuid (3.5): why a volume went to error.
func (s *api) listMessages(w http.ResponseWriter, r *http.Request, mv string) {
	if !core.VersionLE("3.3", mv) {
		core.Fault(w, http.StatusNotFound, "The resource could not be found.")
		return
	}
	id := r.URL.Query().Get("resource_uuid")
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.volume.Tick()
	out := []map[string]any{}
	for _, m := range s.volume.messages {
		if id != "" && m.ResourceID != id {
			continue
		}
		out = append(out, map[string]any{
			"id": m.ID, "resource_type": m.ResourceType, "resource_uuid": m.ResourceID, "request_id": m.RequestID,
			"message_level": "ERROR", "event_id": m.EventID, "user_message": m.Text,
			"created_at": core.TimeMicro(m.Created), "guaranteed_until": core.TimeMicro(m.Created.Add(30 * 24 * time.Hour)),
			"links": s.cinderLinks(r, "messages", m.ID)})
	}
	slices.Reverse(out) // newest first
	core.WriteJSON(w, http.StatusOK, map[string]any{"messages": out})
}

// cloneVolume makes vol a clone of the volume srcID, as Cinder's API
// checks it: the source available or in-use, the size (*size, the source's
// when 0) no smaller, the same availability zone; the type is the source's
// unless typ. Callers hold s.Mu.
func (s *api) cloneVolume(w http.ResponseWriter, vol *Volume, srcID, typ, zone string, size *int) bool {
	src := s.volume.VolumeByID(srcID)
	if src == nil {
		core.Fault(w, http.StatusNotFound, "Volume %s could not be found.", srcID)
		return false
	}
	if src.Status != "available" && src.Status != "in-use" {
		core.Fault(w, http.StatusBadRequest, "Invalid volume: Originating source volume status must be one of 'available, in-use' values")
		return false
	}
	if *size == 0 {
		*size = src.Size
	}
	if *size < src.Size {
		core.Fault(w, http.StatusBadRequest, "Invalid input received: Volume size '%d'GB cannot be smaller than original volume size  %dGB. They must be >= original volume size.", *size, src.Size)
		return false
	}
	if zone != "" && zone != src.Zone {
		core.Fault(w, http.StatusBadRequest, "Invalid input received: Volume must be in the same availability zone as the source volume")
		return false
	}
	vol.Size, vol.SourceVolID = *size, src.ID
	vol.Zone, vol.Bootable, vol.ImageID = src.Zone, src.Bootable, src.ImageID
	if typ == "" {
		vol.Type = src.Type
	}
	return true
}
