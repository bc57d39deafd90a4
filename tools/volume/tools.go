// Package volume is the block storage toolset: Cinder volumes, snapshots and
// backups, and attachments through Nova, one file per resource.
package volume

import (
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/toolset"
)

// Toolset declares the block storage toolset to the registry (tools/registry.go).
var Toolset = toolset.Toolset{
	Name:        "volume",
	Description: "Block storage: volumes, snapshots and backups, and attaching volumes to servers (Cinder).",
	Instructions: "Block storage: create, extend, attach, detach and delete volumes; " +
		"snapshot them, back them up and restore backups.",
	Default: true,
	Tools:   Tools,
}

// Tools returns every block storage tool, bound to c.
func Tools(c *client.Cloud) []mcptool.Tool {
	return []mcptool.Tool{
		listVolumes(c), getVolume(c), createVolume(c), deleteVolume(c), extendVolume(c),
		attachVolume(c), detachVolume(c),
		listBackups(c), createBackup(c), restoreBackup(c), deleteBackup(c),
		listSnapshots(c), createSnapshot(c), deleteSnapshot(c),
	}
}
