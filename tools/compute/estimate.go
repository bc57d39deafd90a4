package compute

import "github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/rating"

// CreatedServer is create_instance's result: the server, and what it will
// cost (rating.EstimateOf).
type CreatedServer struct {
	Server
	Estimate *rating.Estimate `json:"estimate,omitempty"`
}

func serverItems(v Server) []rating.Item { return rating.Server(v.Flavor) }

func withEstimate(v Server, e *rating.Estimate) CreatedServer {
	return CreatedServer{v, e}
}
