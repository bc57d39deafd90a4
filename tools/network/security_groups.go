package network

import (
	"context"
	"fmt"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/security/groups"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// SecurityGroup is a Neutron security group; Rules only in get and create.
type SecurityGroup struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	RuleCount   int    `json:"rule_count"`
	Rules       []Rule `json:"rules,omitempty"`
	CreatedAt   string `json:"created_at"`
}

// Rule is one rule of a security group. Protocol "any" and no ports mean
// every protocol and port; no remote means anywhere.
type Rule struct {
	ID             string `json:"id"`
	Direction      string `json:"direction"`
	EtherType      string `json:"ethertype"`
	Protocol       string `json:"protocol"`
	PortMin        *int   `json:"port_min,omitempty" jsonschema_description:"For icmp: the type."`
	PortMax        *int   `json:"port_max,omitempty" jsonschema_description:"For icmp: the code."`
	RemoteIPPrefix string `json:"remote_ip_prefix,omitempty"`
	RemoteGroupID  string `json:"remote_group_id,omitempty" jsonschema_description:"Traffic from members of this group."`
	Description    string `json:"description,omitempty"`
}

func ruleView(r neutronRule) Rule {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	proto := str(r.Protocol)
	if proto == "" {
		proto = "any"
	}
	return Rule{ID: r.ID, Direction: r.Direction, EtherType: r.EtherType, Protocol: proto, PortMin: r.PortMin,
		PortMax: r.PortMax, RemoteIPPrefix: shownPrefix(str(r.RemoteIPPrefix)), RemoteGroupID: str(r.RemoteGroupID),
		Description: str(r.Description)}
}

func groupView(g neutronGroup, withRules bool) SecurityGroup {
	v := SecurityGroup{ID: g.ID, Name: g.Name, Description: g.Description, RuleCount: len(g.Rules), CreatedAt: kit.Time(g.CreatedAt)}
	if withRules {
		v.Rules = kit.Views(g.Rules, ruleView)
	}
	return v
}

type listSecurityGroupsArgs struct {
	Name string `json:"name,omitempty" jsonschema_description:"Part of the name, any case."`
	kit.Page
}

type SecurityGroupList struct {
	SecurityGroups []SecurityGroup `json:"security_groups"`
	kit.More
}

type securityGroupRef struct {
	SecurityGroupID string `json:"security_group_id" jsonschema:"required,minLength=1"`
}

type createSecurityGroupArgs struct {
	Name               string `json:"name" jsonschema:"required,minLength=1,maxLength=255"`
	Description        string `json:"description,omitempty" jsonschema:"maxLength=255"`
	AllowDuplicateName bool   `json:"allow_duplicate_name,omitempty"`
}

func listSecurityGroups() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_security_groups", Title: "List security groups", Effect: mcptool.Read,
		Description: "List security groups."},
		func(ctx context.Context, svc *client.Services, a listSecurityGroupsArgs) (SecurityGroupList, error) {
			page, more, err := kit.ReadNamed(ctx, svc.Network, svc.Network.ServiceURL("security-groups"), "security_groups",
				a.Page, a.Name, func(g *neutronGroup) string { return g.Name }, func(g *neutronGroup) string { return g.ID })
			if err != nil {
				return SecurityGroupList{}, err
			}
			return SecurityGroupList{SecurityGroups: kit.Views(page, func(g neutronGroup) SecurityGroup { return groupView(g, false) }),
				More: more}, nil
		})
}

func getSecurityGroup() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "get_security_group", Title: "Get a security group", Effect: mcptool.Read,
		Description: "Get a security group with its rules."},
		func(ctx context.Context, svc *client.Services, a securityGroupRef) (SecurityGroup, error) {
			g, err := findGroup(ctx, svc, a.SecurityGroupID)
			if err != nil {
				return SecurityGroup{}, err
			}
			return groupView(*g, true), nil
		})
}

func createSecurityGroup() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "create_security_group", Title: "Create a security group", Effect: mcptool.Write,
		Description: "Create a security group (no ingress until rules are added)."},
		func(ctx context.Context, svc *client.Services, a createSecurityGroupArgs) (SecurityGroup, error) {
			g, err := client.CreateNamed(ctx, "security group", a.Name, a.AllowDuplicateName,
				func(ctx context.Context) (*neutronGroup, error) {
					r := groups.Create(ctx, svc.Network, groups.CreateOpts{Name: a.Name, Description: a.Description})
					return kit.One[neutronGroup](r, r.Err, "security_group")
				},
				func(ctx context.Context) ([]neutronGroup, error) {
					return listGroups(ctx, svc, groups.ListOpts{Name: a.Name})
				},
				func(g *neutronGroup) client.Named { return client.Named{ID: g.ID, Name: g.Name, Created: g.CreatedAt} })
			if err != nil {
				return SecurityGroup{}, err
			}
			return groupView(*g, true), nil
		})
}

// Deleted is what a delete returns.
type Deleted struct {
	Success bool   `json:"success"`
	ID      string `json:"id"`
}

func deleteSecurityGroup() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_security_group", Title: "Delete a security group", Effect: mcptool.Destructive,
		Idempotent: true, Ask: askDeleteGroup(),
		Description: "Delete a security group."},
		func(ctx context.Context, svc *client.Services, a securityGroupRef) (Deleted, error) {
			g, err := findGroup(ctx, svc, a.SecurityGroupID)
			if err != nil {
				return Deleted{}, err
			}
			if g.Name == "default" {
				return Deleted{}, fault.Errorf(fault.CodeConflict, "%s is the project's default security group, which cannot be deleted", g.ID).
					WithHint("remove its rules with delete_security_group_rule instead, if it lets in too much")
			}
			if users, err := groupUsers(ctx, svc, g.ID); err != nil {
				return Deleted{}, err
			} else if len(users) > 0 {
				return Deleted{}, fault.Errorf(fault.CodeConflict, "security group %s is in use by %s", g.Name, strings.Join(users, ", ")).
					WithHint("remove it from them with remove_instance_security_group, then delete it")
			}
			if err := neutronDelete(ctx, svc, "security-groups", g.ID); err != nil {
				return Deleted{}, err
			}
			return Deleted{Success: true, ID: g.ID}, nil
		})
}

// groupUsers names what uses a security group: each server as "name (id)",
// any other port by its ID.
func groupUsers(ctx context.Context, svc *client.Services, groupID string) ([]string, error) {
	ps, err := kit.All(ctx, ports.List(svc.Network, ports.ListOpts{SecurityGroups: []string{groupID}}), ports.ExtractPorts)
	if err != nil {
		return nil, err
	}
	var users []string
	seen := map[string]bool{}
	for _, p := range ps {
		if seen[p.DeviceID] && p.DeviceID != "" {
			continue
		}
		seen[p.DeviceID] = true
		if !strings.HasPrefix(p.DeviceOwner, "compute:") {
			users = append(users, "port "+p.ID)
			continue
		}
		name := "server " + p.DeviceID
		if s, err := kit.GetServer(ctx, svc.Compute, p.DeviceID); err == nil {
			name = fmt.Sprintf("server %s (%s)", s.Name, s.ID)
		}
		users = append(users, name)
	}
	return users, nil
}
