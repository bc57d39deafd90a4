package loadbalancer

import (
	"context"
	"fmt"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/loadbalancers"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/layer3/floatingips"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

type deleteArgs struct {
	lbRef
	ReleaseFloatingIP bool `json:"release_floating_ip,omitempty" jsonschema_description:"Release its floating IP too; otherwise it is kept (and billed)."`
	kit.Waiting
}

// LoadBalancerDeleted says what went and what remains billed.
type LoadBalancerDeleted struct {
	Success bool     `json:"success"`
	ID      string   `json:"id"`
	Deleted []string `json:"deleted"`
	Remains string   `json:"remains_billed,omitempty" jsonschema_description:"What the delete kept that is still billed."`
}

func deleteLoadBalancer() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_load_balancer", Title: "Delete a load balancer", Effect: mcptool.Destructive,
		Idempotent: true, Ask: askDelete(),
		Description: "Delete a load balancer with its listeners, pools, members and health monitors (cascade); its floating IP " +
			"is released only with release_floating_ip. Waits until it is gone. Returns {success, id, deleted, remains_billed}."},
		func(ctx context.Context, svc *client.Services, a deleteArgs) (LoadBalancerDeleted, error) {
			lb, err := findLB(ctx, svc, a.LoadBalancer)
			if err != nil {
				return LoadBalancerDeleted{}, err
			}
			// Octavia refuses to delete a load balancer under change: wait
			// it out (the load balancer just found says whether one is).
			if strings.HasPrefix(lb.ProvisioningStatus, "PENDING_") {
				if err := waitActive(ctx, svc, lb.ID, "waiting", a.Timeout()); err != nil {
					return LoadBalancerDeleted{}, err
				}
			}
			// What the delete takes and keeps, read once; the security
			// checks of get_load_balancer's view are no concern of a delete.
			c, err := readContents(ctx, svc, lb)
			if err != nil {
				return LoadBalancerDeleted{}, err
			}
			view, fips := c.view(lb), c.fips
			err = loadbalancers.Delete(ctx, svc.LoadBalancer, lb.ID, loadbalancers.DeleteOpts{Cascade: true}).Err
			if err = kit.Deleted(ctx, err, func(ctx context.Context) error { return loadbalancers.Get(ctx, svc.LoadBalancer, lb.ID).Err }); err != nil {
				return LoadBalancerDeleted{}, err
			}
			if _, err := svc.Cloud.Wait(ctx, client.WaitFor{Kind: "load balancer", ID: lb.ID, Gone: true, Timeout: a.Timeout(),
				Failed: []string{"ERROR"}, Poll: func(ctx context.Context) (client.State, error) {
					lb, err := loadbalancers.Get(ctx, svc.LoadBalancer, lb.ID).Extract()
					if err != nil {
						return client.State{}, err
					}
					return client.State{Status: lb.ProvisioningStatus}, nil
				}}); err != nil {
				return LoadBalancerDeleted{}, err
			}
			out := LoadBalancerDeleted{Success: true, ID: lb.ID, Deleted: parts(view)}
			for _, f := range fips {
				if a.ReleaseFloatingIP {
					if err := floatingips.Delete(ctx, svc.Network, f.ID).Err; err != nil {
						return out, err
					}
					out.Deleted = append(out.Deleted, "floating IP "+f.FloatingIP)
				} else {
					out.Remains = "floating IP " + f.FloatingIP + " (" + f.ID + "), kept: delete_floating_ip releases it"
				}
			}
			return out, nil
		})
}

// parts names what a cascade delete takes with the load balancer.
func parts(v LoadBalancer) []string {
	out := []string{"load balancer " + v.Name}
	for _, li := range v.Listeners {
		out = append(out, fmt.Sprintf("listener %s/%d", li.Protocol, li.Port))
		for _, m := range li.Members {
			out = append(out, fmt.Sprintf("member %s:%d", m.Address, m.Port))
		}
	}
	return out
}

func askDelete() mcptool.Question {
	return kit.Ask(func(ctx context.Context, svc *client.Services, a deleteArgs) (string, error) {
		lb, err := findLB(ctx, svc, a.LoadBalancer)
		if err != nil {
			return "", err
		}
		c, err := readContents(ctx, svc, lb)
		if err != nil {
			return "", err
		}
		view := c.view(lb)
		q := fmt.Sprintf("Delete %s (%s)?", strings.Join(parts(view), ", "), lb.ID)
		if view.FloatingIP != "" {
			if a.ReleaseFloatingIP {
				q += " Its floating IP " + view.FloatingIP + " is released."
			} else {
				q += " Its floating IP " + view.FloatingIP + " is kept (and billed)."
			}
		}
		return q, nil
	})
}
