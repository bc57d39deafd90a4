package network

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/security/rules"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

type addSecurityGroupRuleArgs struct {
	securityGroupRef
	Direction      string `json:"direction" jsonschema:"enum=ingress,enum=egress,default=ingress"`
	Protocol       string `json:"protocol" jsonschema:"enum=tcp,enum=udp,enum=icmp,enum=any,default=tcp"`
	PortMin        *int   `json:"port_min,omitempty" jsonschema:"minimum=0,maximum=65535" jsonschema_description:"Or icmp type; omit for all."`
	PortMax        *int   `json:"port_max,omitempty" jsonschema:"minimum=0,maximum=65535" jsonschema_description:"Default port_min; or icmp code."`
	RemoteIPPrefix string `json:"remote_ip_prefix,omitempty" jsonschema_description:"CIDR (an address alone is a /32 or /128); required for ingress."`
	Description    string `json:"description,omitempty" jsonschema:"maxLength=255"`
}

// AddedRule is add_security_group_rule's result: the rule, a warning when
// it opens an administrative port, or every port, to the internet (alone or
// with the group's other rules), and a note when remote_ip_prefix was read
// otherwise than written (an address alone, bits past the prefix length).
type AddedRule struct {
	Rule
	SecurityGroupID string `json:"security_group_id"`
	Warning         string `json:"warning,omitempty"`
	Note            string `json:"note,omitempty"`
}

type ruleRef struct {
	RuleID string `json:"rule_id" jsonschema:"required,minLength=1"`
}

// adminPorts are ports whose services should not face the whole internet.
var adminPorts = map[int]string{22: "ssh", 23: "telnet", 2375: "docker", 2376: "docker", 3306: "mysql",
	3389: "rdp", 5432: "postgresql", 5984: "couchdb", 6379: "redis", 9200: "elasticsearch", 11211: "memcached",
	1433: "sql server", 1521: "oracle", 27017: "mongodb"}

// ruleSpec is a validated rule, ready for Neutron.
type ruleSpec struct {
	direction, ethertype, protocol string // protocol "" is any
	min, max                       *int
	prefix                         netip.Prefix // masked; invalid for none
	note                           string       // how the prefix was read, when not as written
}

// checkRule validates a rule's arguments before anything is sent, with
// messages that say what to change.
func checkRule(a addSecurityGroupRuleArgs) (ruleSpec, error) {
	bad := func(format string, args ...any) (ruleSpec, error) {
		return ruleSpec{}, fault.Errorf(fault.CodeInvalidArgument, format, args...)
	}
	r := ruleSpec{direction: a.Direction, protocol: a.Protocol, ethertype: "IPv4", min: a.PortMin, max: a.PortMax}
	if r.protocol == "any" {
		r.protocol = ""
	}
	if a.RemoteIPPrefix == "" && a.Direction == "ingress" {
		return bad("remote_ip_prefix is required for an ingress rule: say where traffic may come from, e.g. 203.0.113.7/32 (your address) or 0.0.0.0/0 (the whole internet)")
	}
	if a.RemoteIPPrefix != "" {
		p, note, err := parsePrefix(a.RemoteIPPrefix)
		if err != nil {
			return bad("remote_ip_prefix %q is not a CIDR (an address and a prefix length, e.g. 203.0.113.0/24 or 2001:db8::/32)", a.RemoteIPPrefix)
		}
		if p.Addr().Is6() && !p.Addr().Is4In6() {
			r.ethertype = "IPv6"
		}
		r.prefix, r.note = p, note
	}
	switch a.Protocol {
	case "any":
		if a.PortMin != nil || a.PortMax != nil {
			return bad("protocol any takes no ports: choose tcp or udp to open ports")
		}
	case "icmp":
		for _, p := range []*int{a.PortMin, a.PortMax} {
			if p != nil && *p > 255 {
				return bad("for icmp, port_min is the type and port_max the code, each 0 to 255; got %d", *p)
			}
		}
		if a.PortMin == nil && a.PortMax != nil {
			return bad("for icmp, port_max (the code) needs port_min (the type)")
		}
	default: // tcp, udp
		if a.PortMin == nil && a.PortMax != nil {
			return bad("port_max needs port_min (the first port of the range)")
		}
		if a.PortMin != nil && a.PortMax == nil {
			r.max = a.PortMin
		}
		for _, p := range []*int{r.min, r.max} {
			if p != nil && (*p < 1 || *p > 65535) {
				return bad("port %d is not a port: tcp and udp ports are 1 to 65535", *p)
			}
		}
		if r.min != nil && *r.min > *r.max {
			return bad("port_min %d is greater than port_max %d", *r.min, *r.max)
		}
	}
	return r, nil
}

// warning is what a rule that opens too much says: an administrative
// port, or every port, open to the whole internet.
func (r ruleSpec) warning() string {
	if r.direction != "ingress" || !r.prefix.IsValid() || r.prefix.Bits() != 0 {
		return ""
	}
	if r.protocol == "" || r.protocol != "icmp" && r.min == nil {
		return fmt.Sprintf("this rule opens every %s port to the whole internet (%s); narrow remote_ip_prefix to the addresses that need it, e.g. yours as a /32",
			orAny(r.protocol), r.prefix)
	}
	if r.protocol == "icmp" {
		return ""
	}
	var open []string
	for port, name := range adminPorts {
		if port >= *r.min && port <= *r.max {
			open = append(open, fmt.Sprintf("%s (%d)", name, port))
		}
	}
	if len(open) == 0 {
		return ""
	}
	slices.Sort(open)
	return fmt.Sprintf("this rule opens %s to the whole internet (%s), where it will be probed constantly; narrow remote_ip_prefix to the addresses that need it, e.g. yours as a /32",
		strings.Join(open, ", "), r.prefix)
}

// body is the rule as Neutron takes it. gophercloud's CreateOpts cannot
// send a port 0, which for icmp is a type (echo reply).
func (r ruleSpec) body(groupID, description string) ruleBody {
	m := map[string]any{"security_group_id": groupID, "direction": r.direction, "ethertype": r.ethertype}
	if r.protocol != "" {
		m["protocol"] = r.protocol
	}
	if r.min != nil {
		m["port_range_min"] = *r.min
	}
	if r.max != nil {
		m["port_range_max"] = *r.max
	}
	if r.prefix.IsValid() {
		m["remote_ip_prefix"] = r.prefix.String()
	}
	if description != "" {
		m["description"] = description
	}
	return ruleBody(m)
}

type ruleBody map[string]any

func (b ruleBody) ToSecGroupRuleCreateMap() (map[string]any, error) {
	return map[string]any{"security_group_rule": map[string]any(b)}, nil
}

func orAny(protocol string) string {
	if protocol == "" {
		return "protocol and"
	}
	return protocol
}

func addSecurityGroupRule() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "add_security_group_rule", Title: "Add a security group rule", Effect: mcptool.Write,
		Description: "Add a security group rule; warns if open to the internet."},
		func(ctx context.Context, svc *client.Services, a addSecurityGroupRuleArgs) (AddedRule, error) {
			spec, err := checkRule(a)
			if err != nil {
				return AddedRule{}, err
			}
			g, err := findGroup(ctx, svc, a.SecurityGroupID)
			if err != nil {
				return AddedRule{}, err
			}
			// A lost reply is not repeated: a second try is refused as a
			// duplicate, and Neutron's refusal names the rule.
			r := rules.Create(ctx, svc.Network, spec.body(g.ID, a.Description))
			created, err := kit.One[neutronRule](r, r.Err, "security_group_rule")
			if err != nil {
				return AddedRule{}, err
			}
			warning := spec.warning()
			if warning == "" {
				warning = groupWarning(g.Rules, *created)
			}
			return AddedRule{Rule: ruleView(*created), SecurityGroupID: g.ID, Warning: warning, Note: spec.note}, nil
		})
}

func getRule(ctx context.Context, svc *client.Services, id string) (*neutronRule, error) {
	r := rules.Get(ctx, svc.Network, id)
	return kit.One[neutronRule](r, r.Err, "security_group_rule")
}

func deleteSecurityGroupRule() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_security_group_rule", Title: "Delete a security group rule", Effect: mcptool.Destructive,
		Idempotent: true, Ask: askDeleteRule(), Description: "Delete a security group rule."},
		func(ctx context.Context, svc *client.Services, a ruleRef) (Deleted, error) {
			// Found first, so that a delete settled by the rule being gone
			// (a lost reply) is told from a rule that never was.
			r, err := getRule(ctx, svc, a.RuleID)
			if err != nil {
				return Deleted{}, err
			}
			if err := neutronDelete(ctx, svc, "security-group-rules", r.ID); err != nil {
				return Deleted{}, err
			}
			return Deleted{Success: true, ID: r.ID}, nil
		})
}
