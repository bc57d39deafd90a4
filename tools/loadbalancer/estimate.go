package loadbalancer

import "github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/rating"

// CreatedLoadBalancer is create_load_balancer's result: the load balancer,
// and what it will cost with the floating IP made for it
// (rating.EstimateOf).
type CreatedLoadBalancer struct {
	LoadBalancer
	Estimate *rating.Estimate `json:"estimate,omitempty"`
}

func lbItems(lb LoadBalancer) []rating.Item {
	items := []rating.Item{rating.LoadBalancer()}
	if lb.FloatingIP != "" {
		items = append(items, rating.FloatingIP())
	}
	return items
}

func withEstimate(lb LoadBalancer, e *rating.Estimate) CreatedLoadBalancer {
	return CreatedLoadBalancer{lb, e}
}
