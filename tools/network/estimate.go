package network

import "github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/rating"

// CreatedFloatingIP is create_floating_ip's result: the address, and what
// it will cost (rating.EstimateOf).
type CreatedFloatingIP struct {
	FloatingIP
	Estimate *rating.Estimate `json:"estimate,omitempty"`
}

func fipItems(FloatingIP) []rating.Item { return []rating.Item{rating.FloatingIP()} }

func withEstimate(f FloatingIP, e *rating.Estimate) CreatedFloatingIP {
	return CreatedFloatingIP{f, e}
}
