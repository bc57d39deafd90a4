package nova

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cinder"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
)

// Nova's createImage: a server's disk becomes a private Glance image of the
// project, as on the lab (nova-server-create-image-202.json,
// glance-image-snapshot*.json, nova-server-image-task-states.txt). The
// server keeps its status and goes through image_snapshot,
// image_pending_upload and image_uploading; the image is queued, saving
// while the disk is uploaded, then active with the disk's size. A server
// booted from a volume is imaged as Nova does it: a Cinder snapshot of the
// volume ("snapshot for <name>") and an image of size 0 that points to it,
// active at once.
func init() {
	serverActions["createImage"] = (*api).createServerImage
}

func (s *api) createServerImage(w http.ResponseWriter, r *http.Request, sv *Server, arg json.RawMessage) {
	mv, _ := core.Microversion(w, r, "compute", computeMin, computeMax)
	var req struct {
		Name     *string           `json:"name"`
		Metadata map[string]string `json:"metadata"`
	}
	if err := core.StrictJSON(arg, &req); err != nil || req.Name == nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute createImage. Value: %s. 'name' is a required property", arg)
		return
	}
	if msg := novaNameFault(*req.Name); msg != "" {
		core.Fault(w, http.StatusBadRequest, "%s", msg)
		return
	}
	if refuseState(w, sv, "createImage", []string{"active", "stopped", "paused", "suspended"}) {
		return
	}
	db := s.db
	now := s.Now()
	img := &glance.Image{ID: core.NewID(), Name: *req.Name, Status: "queued", Visibility: "private", Owner: s.ProjectID(),
		Created: now, Properties: map[string]string{"image_type": "snapshot", "instance_uuid": sv.ID,
			"base_image_ref": sv.ImageID, "owner_project_name": s.Options().Project, "owner_user_name": s.Options().Username,
			"user_id": s.UserID(), "boot_roles": "member,reader"}}
	for k, v := range req.Metadata {
		img.Properties[k] = v
	}
	if f := db.FlavorByID(sv.FlavorID); f != nil {
		img.MinDisk = f.Disk
	}
	if base := glance.ByID(s.Cloud, sv.ImageID); base != nil {
		img.MinDisk, img.MinRAM = max(img.MinDisk, base.MinDisk), base.MinRAM
		img.DiskFormat, img.OSDistro = base.DiskFormat, base.OSDistro
		// The uploading step is the last third of the action (opSteps).
		d := s.Options().ActionDelay
		img.Upload = &glance.Upload{Saving: now.Add(d * 2 / 3), Active: now.Add(d), Size: base.Size}
		img.Upload.Properties = map[string]string{"image_location": "snapshot", "image_state": "available", "owner_id": s.ProjectID()}
		db.compute.begin(sv, "image", "image_snapshot", d)
	} else if !s.imageVolumeBacked(w, sv, img, now) {
		return
	}
	glance.Add(s.Cloud, img)
	if core.VersionLE("2.45", mv) {
		core.WriteJSON(w, http.StatusAccepted, map[string]string{"image_id": img.ID})
		return
	}
	w.Header().Set("Location", core.BaseURL(r)+"/image/v2/images/"+img.ID)
	w.WriteHeader(http.StatusAccepted)
}

// imageVolumeBacked makes img the image of a server booted from a volume:
// a snapshot of its boot volume, which the image's block device mapping
// names. Callers hold s.Mu.
func (s *api) imageVolumeBacked(w http.ResponseWriter, sv *Server, img *glance.Image, now time.Time) bool {
	v := s.db.volume
	vol := v.BootVolumeOf(sv.ID)
	if vol == nil {
		core.Fault(w, http.StatusBadRequest, "Instance %s has no image and no boot volume to snapshot.", sv.ID)
		return false
	}
	if err := v.ReserveSnapshot(vol.Size); err != nil {
		cinder.QuotaFault(w, err)
		return false
	}
	sn := &cinder.Snapshot{ID: core.NewID(), Name: "snapshot for " + img.Name, VolumeID: vol.ID, Size: vol.Size,
		Status: "creating", Created: now, Op: &cinder.SimpleOp{Kind: "create", End: now.Add(s.Options().ActionDelay)}}
	v.Snapshots = append(v.Snapshots, sn)
	mapping, _ := json.Marshal([]map[string]any{{"source_type": "snapshot", "destination_type": "volume",
		"snapshot_id": sn.ID, "volume_size": vol.Size, "boot_index": 0, "delete_on_termination": false,
		"device_name": "/dev/vda"}})
	img.Status, img.Size, img.DiskFormat, img.MinDisk = "active", 0, "qcow2", vol.Size
	img.Properties["block_device_mapping"], img.Properties["bdm_v2"] = string(mapping), "True"
	img.Properties["root_device_name"] = "/dev/vda"
	return true
}
