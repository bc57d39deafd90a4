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

// serviceKind is how a service's client is made from the catalog.
type serviceKind struct {
	project string // the OpenStack project, for messages
	make    func(*gophercloud.ProviderClient, gophercloud.EndpointOpts) (*gophercloud.ServiceClient, error)
	version *wanted // the microversion range, for microversioned services
}

var serviceKinds = map[Service]serviceKind{
	Compute:      {"Nova", openstack.NewComputeV2, &computeWanted},
	Image:        {"Glance", openstack.NewImageV2, nil},
	BlockStorage: {"Cinder", openstack.NewBlockStorageV3, &volumeWanted},
	Network:      {"Neutron", openstack.NewNetworkV2, nil},
	LoadBalancer: {"Octavia", openstack.NewLoadBalancerV2, nil},
	ObjectStore:  {"Swift", openstack.NewObjectStorageV1, nil},
	DNS:          {"Designate", openstack.NewDNSV2, nil},
	Rating:       {"CloudKitty", newRating, nil},
	Identity:     {"Keystone", openstack.NewIdentityV3, nil},
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

// field is where s keeps the client of svc.
func (s *Services) field(svc Service) **gophercloud.ServiceClient {
	switch svc {
	case Compute:
		return &s.Compute
	case Image:
		return &s.Image
	case BlockStorage:
		return &s.Volume
	case Network:
		return &s.Network
	case LoadBalancer:
		return &s.LoadBalancer
	case ObjectStore:
		return &s.ObjectStore
	case DNS:
		return &s.DNS
	case Rating:
		return &s.Rating
	case Identity:
		return &s.Identity
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
