// Package network is the network toolset: what it takes to reach a server.
// Neutron networks and subnets, security groups and their rules, floating
// IPs, a server's console log and the project's quotas, one file per
// resource.
package network

import (
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/toolset"
)

// Toolset declares the network toolset to the registry (tools/registry.go).
var Toolset = toolset.Toolset{
	Name:        "network",
	Description: "Networks, security groups and rules, floating IPs, console logs and quotas (Neutron, Nova, Cinder).",
	Instructions: "Network: a server is reachable through an address on ext-net1 or a floating IP " +
		"(create_floating_ip with instance_id, for a server on a private network) and a security group " +
		"rule letting its port in (add_security_group_rule, e.g. tcp/22 from your address); get_instance's " +
		"connect part says how to log in; get_instance_console_log shows the boot; get_quotas before creating.",
	Default:  true,
	Services: []client.Service{client.Network, client.Compute},
	Tools:    Tools,
}

// RouterToolset is the project's own private networks, each with a router
// to the internet: off by default, so that the default tools stay within
// what a client sends a model (40); `--toolsets ...,router` adds it.
var RouterToolset = toolset.Toolset{
	Name:        "router",
	Description: "Private networks with a subnet and a router to the internet: create and delete them (Neutron). Off by default.",
	Instructions: "Private networks: create_network makes a network, its subnet and a router to the external network " +
		"(its servers reach the internet; floating IPs work); delete_network takes them down once no server is on it.",
	Default:  false,
	Services: []client.Service{client.Network, client.Compute},
	Tools:    RouterTools,
}

// RouterTools returns the private network tools.
func RouterTools() []mcptool.Tool {
	return []mcptool.Tool{createNetwork(), deleteNetwork()}
}

// Tools returns every network tool.
func Tools() []mcptool.Tool {
	return []mcptool.Tool{
		listNetworks(),
		listSubnets(),
		listSecurityGroups(),
		getSecurityGroup(),
		createSecurityGroup(),
		deleteSecurityGroup(),
		addSecurityGroupRule(),
		deleteSecurityGroupRule(),
		addInstanceSecurityGroup(),
		removeInstanceSecurityGroup(),
		listFloatingIPs(),
		createFloatingIP(),
		associateFloatingIP(),
		disassociateFloatingIP(),
		deleteFloatingIP(),
		getInstanceConsoleLog(),
		getQuotas(),
	}
}
