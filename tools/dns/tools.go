// Package dns is the dns toolset: Designate's zones and record sets, so
// that a service has a name. A record may point at a server or a load
// balancer by name, whose public addresses are put in.
package dns

import (
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/toolset"
)

// Toolset declares the dns toolset to the registry (tools/registry.go).
var Toolset = toolset.Toolset{
	Name:        "dns",
	Description: "DNS zones and records, pointed at servers and load balancers by name (Designate). Off by default.",
	Instructions: "DNS: to give a server's or load balancer's address a name, create_zone for a domain you own, " +
		"then set_record (name www, target the server or load balancer): its public addresses go in A/AAAA " +
		"records; set_record is idempotent; changes are PENDING until the name servers have them.",
	Services: []client.Service{client.DNS, client.Compute, client.Network},
	Tools:    Tools,
}

// Tools returns every dns tool.
func Tools() []mcptool.Tool {
	return []mcptool.Tool{
		listZones(),
		createZone(),
		deleteZone(),
		listRecords(),
		setRecord(),
		deleteRecord(),
	}
}
