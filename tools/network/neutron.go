package network

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/security/groups"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// Neutron's security groups and rules as they are on the wire (kit.One,
// kit.ExtractAs): gophercloud's types read a null port as 0, which for ICMP
// is a real type.

type neutronGroup struct {
	ID          string        `json:"id"`
	Name        string        `json:"name"`
	Description string        `json:"description"`
	Rules       []neutronRule `json:"security_group_rules"`
	CreatedAt   time.Time     `json:"created_at"`
}

type neutronRule struct {
	ID             string  `json:"id"`
	GroupID        string  `json:"security_group_id"`
	Direction      string  `json:"direction"`
	EtherType      string  `json:"ethertype"`
	Protocol       *string `json:"protocol"`
	PortMin        *int    `json:"port_range_min"`
	PortMax        *int    `json:"port_range_max"`
	RemoteIPPrefix *string `json:"remote_ip_prefix"`
	RemoteGroupID  *string `json:"remote_group_id"`
	Description    *string `json:"description"`
}

func getGroup(ctx context.Context, svc *client.Services, id string) (*neutronGroup, error) {
	r := groups.Get(ctx, svc.Network, id)
	return kit.One[neutronGroup](r, r.Err, "security_group")
}

func listGroups(ctx context.Context, svc *client.Services, opts groups.ListOpts) ([]neutronGroup, error) {
	return kit.All(ctx, groups.List(svc.Network, opts), kit.ExtractAs[neutronGroup]("security_groups"))
}

// findGroup finds a security group by ID or unique name.
func findGroup(ctx context.Context, svc *client.Services, ref string) (*neutronGroup, error) {
	return kit.SecurityGroup(ctx, svc, ref, func(g *neutronGroup) client.Candidate { return client.Candidate{ID: g.ID, Name: g.Name} })
}

// neutronError is the type Neutron names a refusal with
// ({"NeutronError": {"type": ...}}), "" for any other error.
func neutronError(err error) string {
	var resp gophercloud.ErrUnexpectedResponseCode
	if !errors.As(err, &resp) {
		return ""
	}
	var body struct {
		E struct {
			Type string `json:"type"`
		} `json:"NeutronError"`
	}
	if json.Unmarshal(resp.Body, &body) != nil {
		return ""
	}
	return body.E.Type
}

// neutronDelete deletes Neutron's resource collection/id. A reply lost
// after the delete worked, or a retry refused because it had, shows as the
// resource being gone, and the delete stands (kit.Deleted).
func neutronDelete(ctx context.Context, svc *client.Services, collection, id string) error {
	url := svc.Network.ServiceURL(collection, id)
	_, err := svc.Network.Delete(ctx, url, nil)
	return kit.Deleted(ctx, err, func(ctx context.Context) error {
		_, err := svc.Network.Get(ctx, url, nil, nil)
		return err
	})
}
