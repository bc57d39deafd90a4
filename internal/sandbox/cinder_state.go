package sandbox

// volumeState holds what an agent creates in Cinder: volumes, snapshots, backups.
type volumeState struct{}

func (v *volumeState) init(s *Sandbox) {}
