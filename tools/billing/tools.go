// Package billing is the billing toolset: what the project's resources
// cost, from the cloud's rating service (CloudKitty).
package billing

import (
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/toolset"
)

// Toolset declares the billing toolset to the registry (tools/registry.go).
// It is off by default: the default tools' tools/list is at its byte budget
// (internal/server/budget_test.go); `--toolsets ...,billing` adds it. The
// creates' estimates need no toolset: they come with the creates.
var Toolset = toolset.Toolset{
	Name:        "billing",
	Description: "What the project costs: rated usage in ICU, CHF and EUR (CloudKitty). Off by default.",
	Instructions: "Billing: get_costs is the rated cost of a period (this month so far by default), " +
		"by resource type or by resource, most expensive first; the rating runs about an hour behind.",
	Default:  false,
	Services: []client.Service{client.Rating},
	Tools:    Tools,
}

// Tools returns the billing tools.
func Tools() []mcptool.Tool {
	return []mcptool.Tool{getCosts()}
}
