// Package loadbalancer is the loadbalancer toolset: Octavia load balancers
// in front of servers on a private network, with a floating IP for the
// public address. Off by default (--toolsets loadbalancer).
package loadbalancer

import (
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/toolset"
)

// Toolset declares the loadbalancer toolset to the registry (tools/registry.go).
var Toolset = toolset.Toolset{
	Name:        "loadbalancer",
	Description: "Load balancers in front of servers: listeners, members, health monitors, a public address (Octavia). Off by default.",
	Instructions: "Load balancers: put servers on a private network with a router (create_network, router toolset), then " +
		"create_load_balancer on that network with listeners, members (servers by name) and floating_ip=true; " +
		"a security group on the members must let the load balancer's traffic reach their port.",
	Default:  false,
	Services: []client.Service{client.LoadBalancer, client.Network, client.Compute},
	Tools:    Tools,
}

// Tools returns every loadbalancer tool.
func Tools() []mcptool.Tool {
	return []mcptool.Tool{
		listLoadBalancers(),
		getLoadBalancer(),
		createLoadBalancer(),
		deleteLoadBalancer(),
		addMember(),
		removeMember(),
	}
}
