package network

import (
	"context"
	"slices"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/secgroups"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

type instanceSecurityGroupArgs struct {
	InstanceID      string `json:"instance_id" jsonschema:"required,minLength=1"`
	SecurityGroupID string `json:"security_group_id" jsonschema:"required,minLength=1"`
}

// InstanceGroups is the server's security groups after the change.
type InstanceGroups struct {
	Success        bool     `json:"success"`
	InstanceID     string   `json:"instance_id"`
	SecurityGroups []string `json:"security_groups" jsonschema_description:"The server's groups now, by name."`
}

func addInstanceSecurityGroup() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "add_instance_security_group", Title: "Add a security group to a server",
		Effect: mcptool.Write, Idempotent: true,
		Description: "Add a security group to a server."},
		func(ctx context.Context, svc *client.Services, a instanceSecurityGroupArgs) (InstanceGroups, error) {
			return changeGroups(ctx, svc, a, func(ctx context.Context, serverID, group string) error {
				// Nova refuses a group the server has ("Duplicate items in
				// the list"): a retry after a lost reply is no change.
				if has, err := portsHave(ctx, svc, serverID, group); err != nil || has {
					return err
				}
				return secgroups.AddServer(ctx, svc.Compute, serverID, group).ExtractErr()
			})
		})
}

// portsHave reports whether every port of the server is in the group.
func portsHave(ctx context.Context, svc *client.Services, serverID, groupID string) (bool, error) {
	ps, err := serverPorts(ctx, svc, serverID)
	if err != nil {
		return false, err
	}
	for _, p := range ps {
		if !slices.Contains(p.SecurityGroups, groupID) {
			return false, nil
		}
	}
	return len(ps) > 0, nil
}

func removeInstanceSecurityGroup() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "remove_instance_security_group", Title: "Remove a security group from a server",
		Effect:      mcptool.Write,
		Description: "Remove a security group from a server."},
		func(ctx context.Context, svc *client.Services, a instanceSecurityGroupArgs) (InstanceGroups, error) {
			return changeGroups(ctx, svc, a, func(ctx context.Context, serverID, group string) error {
				return secgroups.RemoveServer(ctx, svc.Compute, serverID, group).ExtractErr()
			})
		})
}

// changeGroups resolves the server and the group, then runs Nova's
// addSecurityGroup or removeSecurityGroup action (act).
func changeGroups(ctx context.Context, svc *client.Services, a instanceSecurityGroupArgs,
	act func(ctx context.Context, serverID, group string) error) (InstanceGroups, error) {
	srv, err := kit.Server(ctx, svc, a.InstanceID)
	if err != nil {
		return InstanceGroups{}, err
	}
	g, err := findGroup(ctx, svc, a.SecurityGroupID)
	if err != nil {
		return InstanceGroups{}, err
	}
	// By ID: Nova takes a name or an ID, and a name may be ambiguous.
	if err := act(ctx, srv.ID, g.ID); err != nil {
		return InstanceGroups{}, err
	}
	now, err := kit.GetServer(ctx, svc.Compute, srv.ID)
	if err != nil {
		return InstanceGroups{}, err
	}
	names := now.GroupNames()
	if names == nil {
		names = []string{}
	}
	return InstanceGroups{Success: true, InstanceID: srv.ID, SecurityGroups: names}, nil
}
