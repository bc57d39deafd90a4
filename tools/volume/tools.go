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
	Name:         "volume",
	Description:  "Block storage: volumes, and attaching them to servers (Cinder).",
	Instructions: "Block storage: create, extend, attach, detach and delete volumes.",
	Default:      true,
	Services:     []client.Service{client.BlockStorage, client.Compute, client.Image},
	Tools:        Tools,
}

// BackupToolset is the volumes' snapshots and backups: the block storage
// spec's other half, served by default; a toolset of its own so that
// `--toolsets volume` still means volumes alone.
var BackupToolset = toolset.Toolset{
	Name:         "backup",
	Description:  "Volume snapshots and backups, and restoring them (Cinder).",
	Instructions: "Backups: snapshot volumes, back them up and restore backups.",
	Default:      true,
	Services:     []client.Service{client.BlockStorage},
	Tools:        BackupTools,
}

// Tools returns the volume tools.
func Tools() []mcptool.Tool {
	return []mcptool.Tool{
		listVolumes(), getVolume(), createVolume(), deleteVolume(), extendVolume(),
		attachVolume(), detachVolume(),
	}
}

// BackupTools returns the snapshot and backup tools.
func BackupTools() []mcptool.Tool {
	return []mcptool.Tool{
		listBackups(), createBackup(), restoreBackup(), deleteBackup(),
		listSnapshots(), createSnapshot(), deleteSnapshot(),
	}
}
