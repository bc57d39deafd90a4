package loadbalancer

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/loadbalancers"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// What every tool of the toolset shares: a load balancer found by ID or
// name, its status tree, and waiting out a change under way (Octavia
// refuses another with 409 until the load balancer is ACTIVE again).

// findLB finds a load balancer by ID or unique name.
func findLB(ctx context.Context, svc *client.Services, ref string) (*loadbalancers.LoadBalancer, error) {
	return kit.Find(ctx, "load balancer", ref,
		func(ctx context.Context, id string) (*loadbalancers.LoadBalancer, error) {
			return loadbalancers.Get(ctx, svc.LoadBalancer, id).Extract()
		},
		func(ctx context.Context, name string) ([]loadbalancers.LoadBalancer, error) {
			return kit.All(ctx, loadbalancers.List(svc.LoadBalancer, loadbalancers.ListOpts{Name: name}), loadbalancers.ExtractLoadBalancers)
		},
		func(lb *loadbalancers.LoadBalancer) client.Candidate {
			return client.Candidate{ID: lb.ID, Name: lb.Name}
		})
}

// statusTree is Octavia's status tree of a load balancer.
type statusTree struct {
	LoadBalancer struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		Provisioned string `json:"provisioning_status"`
		Operating   string `json:"operating_status"`
		Listeners   []struct {
			ID          string `json:"id"`
			Name        string `json:"name"`
			Provisioned string `json:"provisioning_status"`
			Operating   string `json:"operating_status"`
			Pools       []struct {
				ID          string `json:"id"`
				Name        string `json:"name"`
				Provisioned string `json:"provisioning_status"`
				Operating   string `json:"operating_status"`
				Monitor     *struct {
					ID          string `json:"id"`
					Type        string `json:"type"`
					Provisioned string `json:"provisioning_status"`
					Operating   string `json:"operating_status"`
				} `json:"health_monitor"`
				Members []struct {
					ID          string `json:"id"`
					Name        string `json:"name"`
					Address     string `json:"address"`
					Port        int    `json:"protocol_port"`
					Provisioned string `json:"provisioning_status"`
					Operating   string `json:"operating_status"`
				} `json:"members"`
			} `json:"pools"`
		} `json:"listeners"`
	} `json:"loadbalancer"`
}

func getTree(ctx context.Context, svc *client.Services, id string) (*statusTree, error) {
	r := loadbalancers.GetStatuses(ctx, svc.LoadBalancer, id)
	return kit.One[statusTree](r, r.Err, "statuses")
}

// waitActive waits until the load balancer is ACTIVE (its change done),
// naming step in the call's progress; ERROR ends the wait with what failed.
func waitActive(ctx context.Context, svc *client.Services, id, step string, timeout time.Duration) error {
	_, err := svc.Cloud.Wait(ctx, client.WaitFor{Kind: "load balancer", ID: id, Until: []string{"ACTIVE"},
		Failed: []string{"ERROR"}, Timeout: timeout,
		Poll: func(ctx context.Context) (client.State, error) {
			lb, err := loadbalancers.Get(ctx, svc.LoadBalancer, id).Extract()
			if err != nil {
				return client.State{}, err
			}
			st := client.State{Status: lb.ProvisioningStatus}
			if lb.ProvisioningStatus == "ERROR" {
				st.Fault = failedPart(ctx, svc, id)
			}
			return st, nil
		},
		Step: func(client.State) string { return step }})
	return err
}

// failedPart names the parts of a load balancer in ERROR, from its tree.
func failedPart(ctx context.Context, svc *client.Services, id string) string {
	t, err := getTree(ctx, svc, id)
	if err != nil {
		return ""
	}
	var parts []string
	for _, li := range t.LoadBalancer.Listeners {
		if li.Provisioned == "ERROR" {
			parts = append(parts, "listener "+li.Name)
		}
		for _, p := range li.Pools {
			if p.Provisioned == "ERROR" {
				parts = append(parts, "pool "+p.Name)
			}
			for _, m := range p.Members {
				if m.Provisioned == "ERROR" {
					parts = append(parts, fmt.Sprintf("member %s:%d", m.Address, m.Port))
				}
			}
			if p.Monitor != nil && p.Monitor.Provisioned == "ERROR" {
				parts = append(parts, "health monitor")
			}
		}
	}
	if len(parts) == 0 {
		return "the load balancer itself failed"
	}
	return "failed: " + strings.Join(parts, ", ")
}

// whenActive makes a change of a load balancer, waiting out Octavia's 409
// while another change of it is under way (PENDING_*: "is immutable"),
// then waits for this one to be done.
func whenActive(ctx context.Context, svc *client.Services, lbID, step string, timeout time.Duration, change func(context.Context) error) error {
	for range 10 {
		err := change(ctx)
		if err == nil {
			return waitActive(ctx, svc, lbID, step, timeout)
		}
		if e := fault.Classify(err); e.Code != fault.CodeConflict || !strings.Contains(e.Message, "immutable") {
			return err
		}
		if err := waitActive(ctx, svc, lbID, step, timeout); err != nil {
			return err
		}
	}
	return fault.Errorf(fault.CodeConflict, "load balancer %s stayed busy with other changes", lbID).
		WithHint("try again when get_load_balancer shows it ACTIVE")
}

// refused is the error of a part Octavia refused, in its own words, named
// after the part.
func refused(part string, err error) error {
	e := fault.Classify(err)
	out := fault.Errorf(e.Code, "%s: %s", part, e.Message).WithCause(err)
	out.Hint, out.RequestID = e.Hint, e.RequestID
	if e.Code == fault.CodeQuotaExceeded {
		out.Hint = "get_quotas shows the project's load balancer quota"
	}
	return out
}
