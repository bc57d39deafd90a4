package volume

import "github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/rating"

// CreatedVolume is create_volume's result: the volume, and what it will
// cost (rating.EstimateOf).
type CreatedVolume struct {
	Volume
	Estimate *rating.Estimate `json:"estimate,omitempty"`
}

func volumeItems(v Volume) []rating.Item { return []rating.Item{rating.Volume(v.VolumeType, v.Size)} }

func withEstimate(v Volume, e *rating.Estimate) CreatedVolume {
	return CreatedVolume{v, e}
}
