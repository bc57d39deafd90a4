// Package compute is the compute toolset: Nova servers, flavors, keypairs and
// zones, Glance images and Neutron networks, one file per resource.
package compute

import (
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
)

// Toolset is this package's name in --toolsets.
const Toolset = "compute"

// Tools returns every compute tool, bound to c.
func Tools(c *client.Cloud) []mcptool.Tool {
	tools := []mcptool.Tool{
		listInstances(c),
		getInstance(c),
		createInstance(c),
		startInstance(c),
		stopInstance(c),
		rebootInstance(c),
		deleteInstance(c),
		terminateInstance(c),
		listImages(c),
		getImage(c),
		listFlavors(c),
		listKeypairs(c),
		createKeypair(c),
		deleteKeypair(c),
		listAvailabilityZones(c),
		listNetworks(c),
	}
	for i := range tools {
		tools[i].Def.Toolset = Toolset
	}
	return tools
}
