package sandbox

// volumeState holds what an agent creates in Cinder: volumes, snapshots,
// backups. The block storage work owns this file; nova_*.go reads it only
// through volumesAttachedTo.
type volumeState struct{}

func (v *volumeState) init(s *Sandbox) {}

// volumesAttachedTo lists the IDs of the volumes attached to a server, for
// the server's os-extended-volumes:volumes_attached.
func (v *volumeState) volumesAttachedTo(serverID string) []string { return nil }
