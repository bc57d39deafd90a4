package cinder

import (
	"fmt"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Seed adds to c n available 10 GB volumes at once (for benchmarks),
// created a second apart, and raises the project's volume quota by as much,
// so that what an agent may still create stays the same.
func Seed(c *core.Cloud, n int) {
	s := of(c)
	s.Mu.Lock()
	defer s.Mu.Unlock()
	v := &s.volume
	v.Tick()
	base := s.Now().Add(-time.Duration(n+len(v.Volumes)) * time.Second)
	for i := 0; i < n; i++ {
		created := base.Add(time.Duration(i) * time.Second)
		v.Volumes = append(v.Volumes, &Volume{ID: core.NewID(), Name: fmt.Sprintf("bench-vol-%05d", len(v.Volumes)), Size: 10,
			Type: v.Types[0], Zone: s.Zones()[i%len(s.Zones())], Status: "available", Created: created,
			Metadata: map[string]string{}})
	}
	v.Quota.Volumes += n
	v.Quota.Gigabytes += 10 * n
}
