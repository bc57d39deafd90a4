package cinder

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
)

// Changes to a volume and a snapshot beyond their life cycle: update
// (name, description, metadata), the bootable flag, reservation, the
// volume's image metadata, upload to a Glance image, and the project's
// limits, as the lab's Cinder answers them (cinder-volume-update.json,
// cinder-snapshot-update.json, cinder-volume-set-bootable*.txt,
// cinder-volume-upload-image.txt, cinder-limits.json).
func (s *api) routeVolumeChanges(mux *http.ServeMux) {
	p := "/volume/v3/{project}"
	mux.HandleFunc("PUT "+p+"/volumes/{id}", s.cinder(s.updateVolume))
	mux.HandleFunc("PUT "+p+"/snapshots/{id}", s.cinder(s.updateSnapshot))
	mux.HandleFunc("GET "+p+"/limits", s.cinder(s.cinderLimits))
}

func init() {
	volumeActions["os-set_bootable"] = setBootable
	volumeActions["os-reserve"] = reserveVolume("available", "attaching")
	volumeActions["os-unreserve"] = reserveVolume("attaching", "available")
	volumeActions["os-set_image_metadata"] = setImageMetadata
	volumeActions["os-unset_image_metadata"] = unsetImageMetadata
	volumeActions["os-show_image_metadata"] = func(s *api, w http.ResponseWriter, r *http.Request, mv string, vol *Volume, arg json.RawMessage) {
		core.WriteJSON(w, http.StatusOK, map[string]any{"metadata": s.volumeImageMetadata(vol)})
	}
	volumeActions["os-volume_upload_image"] = uploadVolumeImage
}

// volumeImageMetadata is what Cinder keeps of the image a volume was made
// from, with what os-set_image_metadata added. Callers hold s.Mu.
func (s *api) volumeImageMetadata(vol *Volume) map[string]string {
	m := map[string]string{}
	if vol.ImageID != "" {
		if img := glance.ByID(s.Cloud, vol.ImageID); img != nil {
			m = map[string]string{
				"image_id": img.ID, "image_name": img.Name, "min_disk": strconv.Itoa(img.MinDisk),
				"min_ram": strconv.Itoa(img.MinRAM), "size": strconv.FormatInt(img.Size, 10),
				"disk_format": img.DiskFormat, "container_format": "bare"}
		}
	}
	maps.Copy(m, vol.ImageMetadata)
	return m
}

// cinderEdit is what an update of a volume or a snapshot sets; nil is kept.
type cinderEdit struct {
	name, description *string
	metadata          map[string]string
}

// rename sets a resource's name and description to what the edit gives.
func (e cinderEdit) rename(name, description *string) {
	if e.name != nil {
		*name = *e.name
	}
	if e.description != nil {
		*description = *e.description
	}
}

// cinderChange reads {"<kind>": {name, description, metadata}} (and the
// display_ spellings Cinder still takes); another field is a 400 as in
// Cinder's schema.
func cinderChange(w http.ResponseWriter, r *http.Request, kind string) (edit cinderEdit, ok bool) {
	var body map[string]map[string]json.RawMessage
	if !core.Decode(w, r, &body) {
		return edit, false
	}
	fields, found := body[kind]
	if !found {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute %s. Value: None. None is not of type 'object'", kind)
		return edit, false
	}
	allowed := []string{"name", "description", "display_name", "display_description"}
	if kind == "volume" {
		allowed = append(allowed, "metadata")
	}
	for k, v := range fields {
		if !slices.Contains(allowed, k) {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute %s. Value: %s. Additional properties are not allowed ('%s' was unexpected)", kind, core.CompactJSON(fields), k)
			return edit, false
		}
		if k == "metadata" {
			if json.Unmarshal(v, &edit.metadata) != nil {
				core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute metadata. Value: %s.", v)
				return edit, false
			}
			continue
		}
		var str *string
		if json.Unmarshal(v, &str) != nil || (str != nil && len(*str) > 255) {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute %s. Value: %s.", k, v)
			return edit, false
		}
		if str == nil {
			str = new(string)
		}
		if strings.HasSuffix(k, "name") {
			edit.name = str
		} else {
			edit.description = str
		}
	}
	return edit, true
}

func (s *api) updateVolume(w http.ResponseWriter, r *http.Request, mv string) {
	edit, ok := cinderChange(w, r, "volume")
	if !ok {
		return
	}
	vol, unlock := cinderAt(s, w, r, "Volume", (*State).VolumeByID)
	if vol == nil {
		return
	}
	defer unlock()
	edit.rename(&vol.Name, &vol.Description)
	if edit.metadata != nil {
		vol.Metadata = edit.metadata
	}
	vol.Updated = s.Now()
	m := s.volumeJSON(r, vol, mv, false)
	delete(m, "os-vol-tenant-attr:tenant_id") // the update's answer is the summary view
	core.WriteJSON(w, http.StatusOK, map[string]any{"volume": m})
}

func (s *api) updateSnapshot(w http.ResponseWriter, r *http.Request, mv string) {
	edit, ok := cinderChange(w, r, "snapshot")
	if !ok {
		return
	}
	sn, unlock := cinderAt(s, w, r, "Snapshot", (*State).snapshotByID)
	if sn == nil {
		return
	}
	defer unlock()
	edit.rename(&sn.Name, &sn.Description)
	sn.Updated = s.Now()
	core.WriteJSON(w, http.StatusOK, map[string]any{"snapshot": s.snapshotJSON(sn, mv, false, false)})
}

// cinderBools are the spellings of a boolean Cinder's schema takes.
var cinderTrue = []string{"True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes", "y", "t"}
var cinderFalse = []string{"False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no", "n", "f"}

func cinderBool(raw json.RawMessage) (value, ok bool) {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b, true
	}
	var str string
	_ = json.Unmarshal(raw, &str)
	switch {
	case slices.Contains(cinderTrue, str):
		return true, true
	case slices.Contains(cinderFalse, str):
		return false, true
	}
	return false, false
}

func setBootable(s *api, w http.ResponseWriter, r *http.Request, mv string, vol *Volume, arg json.RawMessage) {
	var body struct {
		Bootable json.RawMessage `json:"bootable"`
	}
	_ = json.Unmarshal(arg, &body)
	b, ok := cinderBool(body.Bootable)
	if !ok {
		var v any
		_ = json.Unmarshal(body.Bootable, &v)
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute bootable. Value: %v. '%v' is not one of [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f']", v, v)
		return
	}
	vol.Bootable, vol.Updated = b, s.Now()
	w.WriteHeader(http.StatusOK)
}

// reserveVolume marks an available volume reserved for an attachment
// (os-reserve) and releases it (os-unreserve), as Nova once did.
func reserveVolume(from, to string) func(s *api, w http.ResponseWriter, r *http.Request, mv string, vol *Volume, arg json.RawMessage) {
	return func(s *api, w http.ResponseWriter, r *http.Request, mv string, vol *Volume, arg json.RawMessage) {
		if vol.Status != from {
			core.Fault(w, http.StatusBadRequest, "Invalid volume: Volume status must be %s to reserve, but the status is %s.", from, vol.Status)
			return
		}
		vol.Status, vol.Updated = to, s.Now()
		w.WriteHeader(http.StatusAccepted)
	}
}

func setImageMetadata(s *api, w http.ResponseWriter, r *http.Request, mv string, vol *Volume, arg json.RawMessage) {
	var body struct {
		Metadata map[string]string `json:"metadata"`
	}
	if json.Unmarshal(arg, &body) != nil || body.Metadata == nil {
		core.Fault(w, http.StatusBadRequest, "Malformed request body")
		return
	}
	if vol.ImageMetadata == nil {
		vol.ImageMetadata = map[string]string{}
	}
	maps.Copy(vol.ImageMetadata, body.Metadata)
	core.WriteJSON(w, http.StatusOK, map[string]any{"metadata": s.volumeImageMetadata(vol)})
}

func unsetImageMetadata(s *api, w http.ResponseWriter, r *http.Request, mv string, vol *Volume, arg json.RawMessage) {
	var body struct {
		Key string `json:"key"`
	}
	if json.Unmarshal(arg, &body) != nil || body.Key == "" {
		core.Fault(w, http.StatusBadRequest, "Malformed request body")
		return
	}
	if _, ok := s.volumeImageMetadata(vol)[body.Key]; !ok {
		core.Fault(w, http.StatusNotFound, "Glance metadata for volume %s with key %s could not be found.", vol.ID, body.Key)
		return
	}
	delete(vol.ImageMetadata, body.Key)
	w.WriteHeader(http.StatusOK)
}

// uploadVolumeImage makes a private Glance image of an available volume:
// the volume is uploading for a moment, the image queued, then both settle
// (the image active with the volume's size in bytes).
func uploadVolumeImage(s *api, w http.ResponseWriter, r *http.Request, mv string, vol *Volume, arg json.RawMessage) {
	var body struct {
		ImageName       string `json:"image_name"`
		DiskFormat      string `json:"disk_format"`
		ContainerFormat string `json:"container_format"`
		Force           any    `json:"force"`
		Visibility      string `json:"visibility"`
		Protected       bool   `json:"protected"`
	}
	if json.Unmarshal(arg, &body) != nil || body.ImageName == "" {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute os-volume_upload_image. Value: %s. 'image_name' is a required property", arg)
		return
	}
	if vol.Status != "available" {
		core.NotServed(w, r, "uploading a volume that is %s", vol.Status)
		return
	}
	if body.DiskFormat == "" {
		body.DiskFormat = "raw"
	}
	if body.ContainerFormat == "" {
		body.ContainerFormat = "bare"
	}
	if body.Visibility == "" {
		body.Visibility = "private"
	}
	now := s.Now()
	d := s.Options().ActionDelay
	img := &glance.Image{ID: core.NewID(), Name: body.ImageName, Status: "queued", Visibility: body.Visibility, Owner: s.ProjectID(),
		Created: now, DiskFormat: body.DiskFormat, ContainerFormat: body.ContainerFormat, Protected: body.Protected,
		Properties: map[string]string{}}
	img.Upload = &glance.Upload{Saving: now.Add(d / 3), Active: now.Add(d), Size: int64(vol.Size) << 30}
	glance.Add(s.Cloud, img)
	vol.Status, vol.Updated = "uploading", now
	vol.Op = &VolumeOp{Kind: "upload", End: now.Add(d), Then: "available"}
	core.WriteJSON(w, http.StatusAccepted, map[string]any{"os-volume_upload_image": map[string]any{
		"id": vol.ID, "updated_at": core.TimeMicro(now), "status": "uploading", "display_description": nullable(vol.Description),
		"size": vol.Size, "volume_type": map[string]any{"name": vol.Type}, "image_id": img.ID,
		"container_format": img.ContainerFormat, "disk_format": img.DiskFormat, "image_name": img.Name,
		"protected": img.Protected, "visibility": img.Visibility}})
}

// cinderLimits is the project's absolute limits and usage (cinder-limits.json).
func (s *api) cinderLimits(w http.ResponseWriter, r *http.Request, mv string) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	v := &s.volume
	v.Tick()
	q := v.Quota
	var gb, backupGB int
	for _, vol := range v.Volumes {
		gb += vol.Size
	}
	for _, sn := range v.Snapshots {
		gb += sn.Size
	}
	for _, b := range v.backups {
		backupGB += b.Size
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"limits": map[string]any{"rate": []any{}, "absolute": map[string]int{
		"maxTotalVolumes": q.Volumes, "maxTotalSnapshots": q.Snapshots, "maxTotalVolumeGigabytes": q.Gigabytes,
		"maxTotalBackups": q.Backups, "maxTotalBackupGigabytes": q.BackupGigabytes,
		"totalVolumesUsed": len(v.Volumes), "totalGigabytesUsed": gb, "totalSnapshotsUsed": len(v.Snapshots),
		"totalBackupsUsed": len(v.backups), "totalBackupGigabytesUsed": backupGB,
	}}})
}
