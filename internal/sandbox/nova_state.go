package sandbox

import "time"

// computeState holds what an agent creates in Nova: servers, keypairs.
// The compute toolset's work owns this file; cinder_*.go reads servers only
// through serverByID.
type computeState struct {
	servers []*server // in creation order
}

// server is a Nova server. Fields beyond these are the compute work's to add.
type server struct {
	ID, Name string
	Created  time.Time
}

func (c *computeState) init(s *Sandbox) {}

// serverByID returns the live server with id, or nil.
func (c *computeState) serverByID(id string) *server {
	for _, sv := range c.servers {
		if sv.ID == id {
			return sv
		}
	}
	return nil
}
