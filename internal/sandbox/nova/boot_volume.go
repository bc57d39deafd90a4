package nova

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cinder"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
)

// Boot from a volume: a create request's block_device_mapping_v2 with one
// boot device made from an image into a new volume (source_type image,
// destination_type volume), as nova-server-create-bfv-202.json and
// nova-server-bfv.json show it on the lab. Cinder makes the volume as the
// build begins (bootable, the image's metadata, no name); it is attached as
// the root disk when the build ends, and kept when the server is deleted
// unless delete_on_termination.

// bootDevice is the boot device a create request asks for.
type bootDevice struct {
	ImageID             string
	Size                int // GB; 0: the flavor's disk
	VolumeType          string
	DeleteOnTermination bool
}

// bootDeviceOf reads a create request's block_device_mapping_v2: nil with
// ok when there is none; a 501 for the mappings the sandbox does not serve
// (an existing volume, a snapshot, a blank or local disk), Nova's 400 for
// what Nova refuses.
func bootDeviceOf(w http.ResponseWriter, r *http.Request, raw json.RawMessage) (dev *bootDevice, ok bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, true
	}
	var bdms []struct {
		BootIndex           any    `json:"boot_index"`
		UUID                string `json:"uuid"`
		SourceType          string `json:"source_type"`
		DestinationType     string `json:"destination_type"`
		VolumeSize          any    `json:"volume_size"`
		VolumeType          string `json:"volume_type"`
		DeleteOnTermination bool   `json:"delete_on_termination"`
		DeviceName          string `json:"device_name"`
	}
	if err := json.Unmarshal(raw, &bdms); err != nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute block_device_mapping_v2. Value: %s.", raw)
		return nil, false
	}
	for _, b := range bdms {
		if b.SourceType != "image" || b.DestinationType != "volume" || bootIndex(b.BootIndex) != 0 {
			core.NotServed(w, r, "a block device mapping other than one boot volume made from an image (source_type %s, destination_type %s, boot_index %v)",
				b.SourceType, b.DestinationType, b.BootIndex)
			return nil, false
		}
		if !core.IsID(b.UUID) {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute uuid. Value: %s. '%s' does not match '^[a-zA-Z0-9._-]*$'", b.UUID, b.UUID)
			return nil, false
		}
		size := 0
		if b.VolumeSize != nil {
			n, ok := cinder.IntField(b.VolumeSize)
			if !ok {
				core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute volume_size. Value: %v. %v is not of type 'integer', 'string'", b.VolumeSize, b.VolumeSize)
				return nil, false
			}
			size = n
		}
		if dev != nil {
			core.Fault(w, http.StatusBadRequest, "Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.")
			return nil, false
		}
		dev = &bootDevice{ImageID: b.UUID, Size: size, VolumeType: b.VolumeType, DeleteOnTermination: b.DeleteOnTermination}
	}
	if dev == nil {
		core.Fault(w, http.StatusBadRequest, "Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.")
		return nil, false
	}
	return dev, true
}

// bootIndex reads a boot_index Nova takes as a number or a string of one;
// -1 for anything else.
func bootIndex(v any) int {
	switch x := v.(type) {
	case float64:
		return int(x)
	case string:
		if n, err := strconv.Atoi(x); err == nil {
			return n
		}
	}
	return -1
}

// createBootVolume makes the boot volume of server sv from img, reserved
// for it until its build ends; "" or Nova's refusal. Callers hold s.Mu.
func (s *api) createBootVolume(sv *Server, dev *bootDevice, img *glance.Image, f *Flavor) (int, string) {
	db, v := s.db, s.db.volume
	size := dev.Size
	if size == 0 {
		size = f.Disk
	}
	if int64(size)<<30 < int64(img.MinDisk)<<30 {
		return http.StatusBadRequest, "Volume is smaller than the minimum size specified in image metadata. cinder.Volume size is " +
			strconv.FormatInt(int64(size)<<30, 10) + " bytes, minimum size is " + strconv.FormatInt(int64(img.MinDisk)<<30, 10) + " bytes."
	}
	typ := db.volume.Types[0]
	if dev.VolumeType != "" {
		if !slices.Contains(db.volume.Types, dev.VolumeType) && dev.VolumeType != cinder.ErrorVolumeType {
			return http.StatusBadRequest, "Block Device Mapping is Invalid: cinder.Volume type " + dev.VolumeType + " could not be found."
		}
		typ = dev.VolumeType
	}
	if err := v.ReserveVolume(1, size); err != nil {
		return http.StatusForbidden, err.Error()
	}
	now := s.Now()
	vol := &cinder.Volume{ID: core.NewID(), Size: size, Type: typ, Zone: s.Zones()[0], Status: "creating", Created: now,
		Bootable: true, ImageID: img.ID}
	vol.Op = &cinder.VolumeOp{Kind: "create", Start: now, End: now.Add(s.Options().ActionDelay), Then: "reserved"}
	a := &cinder.Attachment{ID: core.NewID(), ServerID: sv.ID, Device: "/dev/vda", State: "reserved",
		Boot: true, DeleteOnTermination: dev.DeleteOnTermination}
	vol.Attachments = append(vol.Attachments, a)
	v.Volumes = append(v.Volumes, vol)
	return 0, ""
}
