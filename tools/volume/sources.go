package volume

import (
	"context"
	"fmt"

	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/volumes"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// volumeSource is create_volume's request: an empty volume of a.Size, or
// one made from a.SourceVolume (a clone), a.Snapshot or a.Image, each
// found by ID or exact name and checked as Cinder would check it, so that
// a refusal names the source and what works.
func volumeSource(ctx context.Context, s *client.Services, a createVolumeArgs) (volumes.CreateOpts, error) {
	opts := volumes.CreateOpts{Size: a.Size, Name: a.Name, Description: a.Description,
		VolumeType: a.VolumeType, AvailabilityZone: a.AvailabilityZone}
	given := 0
	for _, src := range []string{a.SourceVolume, a.Snapshot, a.Image} {
		if src != "" {
			given++
		}
	}
	switch {
	case given > 1:
		return opts, fault.Errorf(fault.CodeInvalidArgument, "a volume has one source: give one of source_volume, snapshot and image")
	case given == 0 && a.Size == 0:
		return opts, fault.Errorf(fault.CodeInvalidArgument, "size is required for an empty volume").
			WithHint("give size (GB), or a source_volume, snapshot or image to copy")
	}
	// atLeast is the size a copy of n GB needs; size 0 takes the source's.
	atLeast := func(what string, n int) error {
		if a.Size == 0 {
			opts.Size = n
			return nil
		}
		if a.Size < n {
			return fault.Errorf(fault.CodeInvalidArgument, "size %d GB is smaller than %s (%d GB)", a.Size, what, n).
				WithHint(fmt.Sprintf("use size %d or more, or leave size out", n))
		}
		return nil
	}
	switch {
	case a.SourceVolume != "":
		src, err := findVolume(ctx, s.Volume, a.SourceVolume)
		if err != nil {
			return opts, err
		}
		if src.Status != "available" && src.Status != "in-use" {
			return opts, fault.Errorf(fault.CodeConflict, "volume %s is %s; a volume is cloned when available or in-use", src.ID, src.Status)
		}
		opts.SourceVolID = src.ID
		return opts, atLeast("volume "+src.ID, src.Size)
	case a.Snapshot != "":
		snap, err := snapshotKind.find(ctx, s.Volume, a.Snapshot)
		if err != nil {
			return opts, err
		}
		if snap.Status != "available" {
			return opts, fault.Errorf(fault.CodeConflict, "snapshot %s is %s; a volume is made from an available snapshot", snap.ID, snap.Status)
		}
		opts.SnapshotID = snap.ID
		return opts, atLeast("snapshot "+snap.ID, snap.Size)
	case a.Image != "":
		img, err := kit.Image(ctx, s, a.Image)
		if err != nil {
			return opts, err
		}
		opts.ImageID = img.ID
		return opts, atLeast(fmt.Sprintf("what image %q needs", img.Name), max(img.MinDiskGigabytes, int((img.SizeBytes+1<<30-1)>>30), 1))
	}
	return opts, nil
}
