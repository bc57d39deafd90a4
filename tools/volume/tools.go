// Package volume is the block storage toolset: Cinder volumes, snapshots and
// backups, and attachments through Nova, one file per resource.
package volume

import (
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
)

// Toolset is this package's name in --toolsets.
const Toolset = "volume"

// Tools returns every block storage tool, bound to c.
func Tools(c *client.Cloud) []mcptool.Tool {
	tools := []mcptool.Tool{
		listVolumes(c), getVolume(c), createVolume(c), deleteVolume(c), extendVolume(c),
		attachVolume(c), detachVolume(c),
		listBackups(c), createBackup(c), restoreBackup(c), deleteBackup(c),
		listSnapshots(c), createSnapshot(c), deleteSnapshot(c),
	}
	for i := range tools {
		tools[i].Def.Toolset = Toolset
	}
	return tools
}
