// Package tools is the registry of the server's toolsets. Adding a toolset is
// one package under tools/ that declares a toolset.Toolset, and one line here;
// everything that lists toolsets derives from Toolsets.
package tools

import (
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/toolset"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/billing"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/compute"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/dns"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/loadbalancer"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/network"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/storage"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/volume"
)

// Toolsets are the server's toolsets, in the order they are documented.
var Toolsets = toolset.Registry{
	compute.Toolset,
	volume.Toolset,
	network.Toolset,
	volume.BackupToolset,
	storage.Toolset,
	dns.Toolset,
	billing.Toolset,
	network.RouterToolset,
	loadbalancer.Toolset,
}
