package cinder

import "time"

// What Nova asks of a server's boot volume: which it is, and its
// attachment settled when the server's build ends.

// AttachBootVolume completes the attachment of sv's boot volume as its
// build ends, or lets it go when the build failed. Callers hold the cloud's Mu.
func (v *State) AttachBootVolume(serverID string, at time.Time, failed bool) {
	vol := v.BootVolumeOf(serverID)
	if vol == nil {
		return
	}
	a := vol.AttachmentTo(serverID)
	if failed {
		vol.dropAttachment(a)
		vol.Status, vol.Op, vol.Updated = "available", nil, at
		return
	}
	a.State, a.AttachedAt = "attached", at
	vol.Status, vol.Op, vol.Updated = "in-use", nil, at
}

// BootVolumeOf is the volume a server boots from, or nil.
func (v *State) BootVolumeOf(serverID string) *Volume {
	for _, vol := range v.Volumes {
		if a := vol.AttachmentTo(serverID); a != nil && a.Boot {
			return vol
		}
	}
	return nil
}
