package network

import (
	"context"

	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/quotasets"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/limits"
	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/loadbalancers"
	lbquotas "github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/quotas"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/quotas"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// Quota is one limit and what uses it; limit -1 is no limit.
type Quota struct {
	Limit int `json:"limit"`
	InUse int `json:"in_use"`
}

type ComputeQuotas struct {
	Instances Quota `json:"instances"`
	Cores     Quota `json:"cores"`
	RAMMB     Quota `json:"ram_mb"`
}

type VolumeQuotas struct {
	Volumes         Quota `json:"volumes"`
	Gigabytes       Quota `json:"gigabytes" jsonschema_description:"Volumes and snapshots."`
	Snapshots       Quota `json:"snapshots"`
	Backups         Quota `json:"backups"`
	BackupGigabytes Quota `json:"backup_gigabytes"`
}

type NetworkQuotas struct {
	FloatingIPs        Quota `json:"floating_ips"`
	SecurityGroups     Quota `json:"security_groups"`
	SecurityGroupRules Quota `json:"security_group_rules"`
	Networks           Quota `json:"networks"`
	Ports              Quota `json:"ports"`
	Routers            Quota `json:"routers"`
}

// LoadBalancerQuotas are Octavia's; its API tells no usage, so the load
// balancers are counted.
type LoadBalancerQuotas struct {
	LoadBalancers Quota `json:"load_balancers"`
}

// Quotas are the project's limits and usage per service; a service whose
// quotas could not be read is named in unavailable, with why.
type Quotas struct {
	Compute      *ComputeQuotas      `json:"compute,omitempty"`
	Volume       *VolumeQuotas       `json:"volume,omitempty"`
	Network      *NetworkQuotas      `json:"network,omitempty"`
	LoadBalancer *LoadBalancerQuotas `json:"load_balancer,omitempty"`
	Unavailable  map[string]string   `json:"unavailable,omitempty"`
}

type getQuotasArgs struct{}

func getQuotas() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "get_quotas", Title: "Get quotas", Effect: mcptool.Read,
		Description: "Get the project's quotas and usage."},
		func(ctx context.Context, svc *client.Services, _ getQuotasArgs) (Quotas, error) {
			var q Quotas
			failed := map[string]error{}
			if l, err := limits.Get(ctx, svc.Compute, nil).Extract(); err != nil {
				failed["compute"] = err
			} else {
				a := l.Absolute
				q.Compute = &ComputeQuotas{Instances: Quota{a.MaxTotalInstances, a.TotalInstancesUsed},
					Cores: Quota{a.MaxTotalCores, a.TotalCoresUsed}, RAMMB: Quota{a.MaxTotalRAMSize, a.TotalRAMUsed}}
			}
			if u, err := volumeUsage(ctx, svc); err != nil {
				failed["volume"] = err
			} else {
				use := func(x quotasets.QuotaUsage) Quota { return Quota{x.Limit, x.InUse} }
				q.Volume = &VolumeQuotas{Volumes: use(u.Volumes), Gigabytes: use(u.Gigabytes), Snapshots: use(u.Snapshots),
					Backups: use(u.Backups), BackupGigabytes: use(u.BackupGigabytes)}
			}
			if d, err := quotas.GetDetail(ctx, svc.Network, svc.ProjectID).Extract(); err != nil {
				failed["network"] = err
			} else {
				use := func(x quotas.QuotaDetail) Quota { return Quota{x.Limit, x.Used} }
				q.Network = &NetworkQuotas{FloatingIPs: use(d.FloatingIP), SecurityGroups: use(d.SecurityGroup),
					SecurityGroupRules: use(d.SecurityGroupRule), Networks: use(d.Network), Ports: use(d.Port), Routers: use(d.Router)}
			}
			if lb, err := loadBalancerUsage(ctx, svc); err != nil {
				failed["load_balancer"] = err
			} else {
				q.LoadBalancer = lb
			}
			if len(failed) == 4 {
				return Quotas{}, failed["compute"]
			}
			for service, err := range failed {
				if q.Unavailable == nil {
					q.Unavailable = map[string]string{}
				}
				q.Unavailable[service] = fault.Classify(err).Message
			}
			return q, nil
		})
}

// volumeUsage is Cinder's quota usage. Cinder is not one of the network
// toolset's services: a cloud without it leaves the volume part
// unavailable, not the whole answer.
func volumeUsage(ctx context.Context, svc *client.Services) (quotasets.QuotaUsageSet, error) {
	sc, err := svc.Need(ctx, client.BlockStorage)
	if err != nil {
		return quotasets.QuotaUsageSet{}, err
	}
	return quotasets.GetUsage(ctx, sc, svc.ProjectID).Extract()
}

// loadBalancerUsage is Octavia's quota of load balancers and how many the
// project has. Octavia is not one of the network toolset's services: a
// cloud without it leaves this part unavailable.
func loadBalancerUsage(ctx context.Context, svc *client.Services) (*LoadBalancerQuotas, error) {
	sc, err := svc.Need(ctx, client.LoadBalancer)
	if err != nil {
		return nil, err
	}
	q, err := lbquotas.Get(ctx, sc, svc.ProjectID).Extract()
	if err != nil {
		return nil, err
	}
	all, err := kit.All(ctx, loadbalancers.List(sc, loadbalancers.ListOpts{}), loadbalancers.ExtractLoadBalancers)
	if err != nil {
		return nil, err
	}
	return &LoadBalancerQuotas{LoadBalancers: Quota{q.Loadbalancer, len(all)}}, nil
}
