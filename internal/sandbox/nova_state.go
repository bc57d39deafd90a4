package sandbox

// computeState holds what an agent creates in Nova: servers, keypairs.
type computeState struct{}

func (c *computeState) init(s *Sandbox) {}
