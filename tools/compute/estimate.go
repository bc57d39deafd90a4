package compute

import "github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/rating"

// CreatedServer is create_instance's result: the server, and what it will
// cost (rating.EstimateOf).
type CreatedServer struct {
	Server
	Estimate *rating.Estimate `json:"estimate,omitempty"`
}

func serverItem(v Server) (rating.Item, bool) { return rating.Instance(v.Flavor), v.Flavor != "" }

func withEstimate(v Server, e *rating.Estimate) CreatedServer {
	return CreatedServer{v, e}
}
