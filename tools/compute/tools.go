// Package compute is the compute toolset: Nova servers, flavors, keypairs and
// zones, Glance images and Neutron networks, one file per resource.
package compute

import (
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/toolset"
)

// Toolset declares the compute toolset to the registry (tools/registry.go).
var Toolset = toolset.Toolset{
	Name:        "compute",
	Description: "Servers, images, flavors, keypairs and availability zones (Nova, Glance).",
	Instructions: "Compute: create, start, stop, reboot, resize, image and delete servers; list images, flavors, keypairs " +
		"and availability zones (and networks: list_networks) to choose what a server is built from.",
	Default:  true,
	Services: []client.Service{client.Compute, client.Image, client.Network},
	Tools:    Tools,
}

// Tools returns every compute tool.
func Tools() []mcptool.Tool {
	return []mcptool.Tool{
		listInstances(),
		getInstance(),
		createInstance(),
		startInstance(),
		stopInstance(),
		rebootInstance(),
		deleteInstance(),
		terminateInstance(),
		resizeInstance(),
		createInstanceImage(),
		listImages(),
		getImage(),
		deleteImage(),
		listFlavors(),
		listKeypairs(),
		createKeypair(),
		deleteKeypair(),
		listAvailabilityZones(),
	}
}
