package client

import (
	"context"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
)

// Service is an OpenStack service a toolset needs, by its catalog type.
type Service string

const (
	Compute      Service = "compute"
	Image        Service = "image"
	BlockStorage Service = "block-storage" // Cinder v3; also found as volumev3
	Network      Service = "network"
	LoadBalancer Service = "load-balancer"
	ObjectStore  Service = "object-store"
	DNS          Service = "dns"
	Rating       Service = "rating"
	Identity     Service = "identity"
)

// serviceKind is how a service's client is made from the catalog, and
// where a Services keeps it: adding a service is one line of serviceKinds.
type serviceKind struct {
	project string // the OpenStack project, for messages
	make    func(*gophercloud.ProviderClient, gophercloud.EndpointOpts) (*gophercloud.ServiceClient, error)
	version *wanted // the microversion range, for microversioned services
	field   func(*Services) **gophercloud.ServiceClient
}

var serviceKinds = map[Service]serviceKind{
	Compute:      {"Nova", openstack.NewComputeV2, &computeWanted, func(s *Services) **gophercloud.ServiceClient { return &s.Compute }},
	Image:        {"Glance", openstack.NewImageV2, nil, func(s *Services) **gophercloud.ServiceClient { return &s.Image }},
	BlockStorage: {"Cinder", openstack.NewBlockStorageV3, &volumeWanted, func(s *Services) **gophercloud.ServiceClient { return &s.Volume }},
	Network:      {"Neutron", openstack.NewNetworkV2, nil, func(s *Services) **gophercloud.ServiceClient { return &s.Network }},
	LoadBalancer: {"Octavia", openstack.NewLoadBalancerV2, nil, func(s *Services) **gophercloud.ServiceClient { return &s.LoadBalancer }},
	ObjectStore:  {"Swift", openstack.NewObjectStorageV1, nil, func(s *Services) **gophercloud.ServiceClient { return &s.ObjectStore }},
	DNS:          {"Designate", openstack.NewDNSV2, nil, func(s *Services) **gophercloud.ServiceClient { return &s.DNS }},
	Rating:       {"CloudKitty", newRating, nil, func(s *Services) **gophercloud.ServiceClient { return &s.Rating }},
	Identity:     {"Keystone", openstack.NewIdentityV3, nil, func(s *Services) **gophercloud.ServiceClient { return &s.Identity }},
}

// String names the service as a person reads it: "block-storage (Cinder)".
func (s Service) String() string {
	if k, ok := serviceKinds[s]; ok {
		return string(s) + " (" + k.project + ")"
	}
	return string(s)
}

// newRating makes CloudKitty's client: gophercloud has no package for it,
// so its requests are made raw through this client (endpoint without a
// version; the paths carry /v1 or /v2).
func newRating(pc *gophercloud.ProviderClient, eo gophercloud.EndpointOpts) (*gophercloud.ServiceClient, error) {
	eo.ApplyDefaults("rating")
	url, err := pc.EndpointLocator(eo)
	if err != nil {
		return nil, err
	}
	url = gophercloud.NormalizeURL(url)
	return &gophercloud.ServiceClient{ProviderClient: pc, Endpoint: url, ResourceBase: url, Type: "rating"}, nil
}

// Services are the authenticated service clients of one cloud and region
// that a call needs: those its toolset declares are set, the others nil.
type Services struct {
	Compute      *gophercloud.ServiceClient // Nova; the microversion is negotiated on its first request
	Image        *gophercloud.ServiceClient // Glance v2
	Volume       *gophercloud.ServiceClient // Cinder v3; the microversion is negotiated on its first request
	Network      *gophercloud.ServiceClient // Neutron v2
	LoadBalancer *gophercloud.ServiceClient // Octavia v2
	ObjectStore  *gophercloud.ServiceClient // Swift v1
	DNS          *gophercloud.ServiceClient // Designate v2
	Rating       *gophercloud.ServiceClient // CloudKitty (raw requests)
	Identity     *gophercloud.ServiceClient // Keystone v3
	// ProjectID is the project the token is scoped to (quotas are asked by it).
	ProjectID string
	// Cloud is the cloud these came from: its waits, caches and region.
	Cloud *Cloud
}

// field is where s keeps the client of svc, nil for no known service.
func (s *Services) field(svc Service) **gophercloud.ServiceClient {
	if k, ok := serviceKinds[svc]; ok {
		return k.field(s)
	}
	return nil
}

// Need gives the client of a service a tool uses only sometimes (an
// estimate from the rating service, a load balancer as a DNS target): the
// cloud makes it on first use, and a cloud without it is unavailable.
func (s *Services) Need(ctx context.Context, svc Service) (*gophercloud.ServiceClient, error) {
	if f := s.field(svc); f != nil && *f != nil {
		return *f, nil
	}
	return s.Cloud.service(ctx, svc)
}

// ServiceList is services as a person reads them: "compute (Nova), image (Glance)".
func ServiceList(svcs []Service) string {
	names := make([]string, len(svcs))
	for i, s := range svcs {
		names[i] = s.String()
	}
	return strings.Join(names, ", ")
}
