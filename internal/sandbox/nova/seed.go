package nova

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
)

// Seed adds to c n ACTIVE servers at once (for benchmarks): the first
// flavor and image, one port on the private network, created a second
// apart so that Nova's newest-first order is stable.
func Seed(cloud *core.Cloud, n int) {
	s := of(cloud)
	s.Mu.Lock()
	defer s.Mu.Unlock()
	db := s.db
	c := &db.compute
	c.Tick()
	var priv *neutron.Network
	for _, nw := range db.network.Networks {
		if nw.Name == "private" {
			priv = nw
		}
	}
	group := db.network.DefaultGroup().ID
	// An operator raises the quota of a project this big.
	total := len(c.Servers) + n
	c.quota.Instances = max(c.quota.Instances, total)
	c.quota.Cores = max(c.quota.Cores, total*db.flavors[0].VCPUs)
	c.quota.RAM = max(c.quota.RAM, total*db.flavors[0].RAM)
	base := s.Now().Add(-time.Duration(n+len(c.Servers)) * time.Second)
	for i := 0; i < n; i++ {
		created := base.Add(time.Duration(i) * time.Second)
		zone := s.Zones()[i%len(s.Zones())]
		sum := sha256.Sum256([]byte(s.ProjectID() + "/compute-" + zone))
		sv := &Server{ID: core.NewID(), Name: fmt.Sprintf("bench-%05d", len(c.Servers)), Created: created, Updated: created,
			FlavorID: db.flavors[0].ID, ImageID: glance.Everyday(s.Cloud).ID, RequestedZone: "", Zone: zone,
			SecurityGroups: []string{"default"}, HostID: hex.EncodeToString(sum[:])[:56], Launched: created,
			VMState: "active", PowerState: powerRunning}
		if priv != nil {
			p := db.network.CreatePort(priv, sv.ID, zone, []string{group})
			p.Bound = true
			sv.NICs = []nic{{NetworkID: priv.ID, PortID: p.ID}}
		}
		c.Servers = append(c.Servers, sv)
	}
}
