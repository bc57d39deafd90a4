package network

import (
	"context"
	"fmt"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// The questions put to the user before a destructive call (when the client
// can ask, internal/mcptool/confirm.go): what will be lost, in words.

// askDeleteGroup names the group and how many rules go with it.
func askDeleteGroup() mcptool.Question {
	return kit.Ask(func(ctx context.Context, svc *client.Services, a securityGroupRef) (string, error) {
		g, err := findGroup(ctx, svc, a.SecurityGroupID)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Delete security group %s (%s) and its %d rule(s)?", g.Name, g.ID, len(g.Rules)), nil
	})
}

// askDeleteRule says what the rule lets through.
func askDeleteRule() mcptool.Question {
	return kit.Ask(func(ctx context.Context, svc *client.Services, a ruleRef) (string, error) {
		r, err := getRule(ctx, svc, a.RuleID)
		if err != nil {
			return "", err
		}
		v := ruleView(*r)
		what := v.Protocol
		if v.PortMin != nil {
			what += fmt.Sprintf("/%d", *v.PortMin)
			if v.PortMax != nil && *v.PortMax != *v.PortMin {
				what += fmt.Sprintf("-%d", *v.PortMax)
			}
		}
		from := v.RemoteIPPrefix
		if from == "" && v.RemoteGroupID != "" {
			from = "members of group " + v.RemoteGroupID
		} else if from == "" {
			from = "anywhere"
		}
		return fmt.Sprintf("Delete the %s rule %s (%s %s, %s) of security group %s?", v.Direction, v.ID, v.EtherType, what, from, r.GroupID), nil
	})
}

// askRelease names the address and what it points at.
func askRelease() mcptool.Question {
	return kit.Ask(func(ctx context.Context, svc *client.Services, a floatingIPRef) (string, error) {
		f, err := findFIP(ctx, svc, a.FloatingIP)
		if err != nil {
			return "", err
		}
		at := ""
		if f.PortID != "" {
			at = ", which points at " + holder(ctx, svc, f)
		}
		return fmt.Sprintf("Release floating IP %s%s? The address goes back to the pool and may not come back.", f.Address, at), nil
	})
}
