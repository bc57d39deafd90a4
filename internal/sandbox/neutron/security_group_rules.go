package neutron

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Neutron security group rules: list, show, create (with Neutron's checks
// of direction, protocol, ports, prefix and ethertype, and its 409 for a
// duplicate), delete.
func (s *api) routeSecurityGroupRules(mux *http.ServeMux) {
	mux.HandleFunc("GET /network/v2.0/security-group-rules", s.Authed(s.listRules))
	mux.HandleFunc("POST /network/v2.0/security-group-rules", s.Authed(s.createRule))
	mux.HandleFunc("GET /network/v2.0/security-group-rules/{id}", s.Authed(s.getRule))
	mux.HandleFunc("DELETE /network/v2.0/security-group-rules/{id}", s.Authed(s.deleteRule))
}

// ruleJSON is a rule as Neutron shows it; inside its group (embedded) it
// also carries standard_attr_id and tags.
func (s *api) ruleJSON(r *SecurityGroupRule, embedded bool) map[string]any {
	null := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	port := func(p *int) any {
		if p == nil {
			return nil
		}
		return *p
	}
	var normalized any
	if r.RemoteIPPrefix != "" {
		normalized = netip.MustParsePrefix(r.RemoteIPPrefix).Masked().String()
	}
	var description any // null on the rules Neutron made, "" on a user's
	if r.Description != nil {
		description = *r.Description
	}
	m := map[string]any{
		"id": r.ID, "security_group_id": r.GroupID, "direction": r.Direction, "ethertype": r.Ethertype,
		"protocol": null(r.Protocol), "port_range_min": port(r.PortMin), "port_range_max": port(r.PortMax),
		"remote_ip_prefix": null(r.RemoteIPPrefix), "normalized_cidr": normalized, "remote_group_id": null(r.RemoteGroupID),
		"remote_address_group_id": nil, "description": description,
		"tenant_id": s.ProjectID(), "project_id": s.ProjectID(),
		"created_at": core.Timestamp(r.Created), "updated_at": core.Timestamp(r.Created), "revision_number": 0,
	}
	if embedded {
		m["standard_attr_id"], m["tags"] = r.AttrID, []string{}
	}
	return m
}

func (s *api) listRules(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	var all []map[string]any
	for _, rule := range s.network.Rules {
		all = append(all, s.ruleJSON(rule, false))
	}
	s.Mu.Unlock()
	neutronList(w, r, all, neutronListed{plural: "security_group_rules"})
}

func (s *api) getRule(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	rule := neutronFound(w, SecurityGroupRuleKind, r.PathValue("id"), s.network.Rule)
	if rule == nil {
		return
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"security_group_rule": s.ruleJSON(rule, false)})
}

func (s *api) deleteRule(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := &s.network
	rule := neutronFound(w, SecurityGroupRuleKind, r.PathValue("id"), n.Rule)
	if rule == nil {
		return
	}
	n.RemoveRule(rule, s.Now())
	w.WriteHeader(http.StatusNoContent)
}

// RemoveRule deletes a rule, which moves its group's revision on.
func (n *State) RemoveRule(rule *SecurityGroupRule, now time.Time) {
	n.Rules = slices.DeleteFunc(n.Rules, func(x *SecurityGroupRule) bool { return x == rule })
	if g := n.Group(rule.GroupID); g != nil {
		g.Revision++
		g.Updated = now
	}
}

// ruleRequest is the body of a rule's creation; ports stay raw because
// Neutron takes numbers and numeric strings alike.
type ruleRequest struct {
	Rule  *ruleFields     `json:"security_group_rule"`
	Rules json.RawMessage `json:"security_group_rules"` // the bulk form
}

type ruleFields struct {
	GroupID        string          `json:"security_group_id"`
	Direction      string          `json:"direction"`
	Ethertype      *string         `json:"ethertype"`
	Protocol       *string         `json:"protocol"`
	PortMin        json.RawMessage `json:"port_range_min"`
	PortMax        json.RawMessage `json:"port_range_max"`
	RemoteIPPrefix *string         `json:"remote_ip_prefix"`
	RemoteGroupID  *string         `json:"remote_group_id"`
	Description    *string         `json:"description"`
}

// ipProtocols are the protocol names Neutron knows, with their numbers.
var ipProtocols = map[string]int{"ah": 51, "dccp": 33, "egp": 8, "esp": 50, "gre": 47, "hopopt": 0, "icmp": 1,
	"icmpv6": 58, "igmp": 2, "ipip": 4, "ipv6-encap": 41, "ipv6-frag": 44, "ipv6-icmp": 58, "ipv6-nonxt": 59,
	"ipv6-opts": 60, "ipv6-route": 43, "ospf": 89, "pgm": 113, "rsvp": 46, "sctp": 132, "tcp": 6, "udp": 17,
	"udplite": 136, "vrrp": 112}

func (s *api) createRule(w http.ResponseWriter, r *http.Request) {
	var req ruleRequest
	if !neutronDecode(w, r, &req) {
		return
	}
	if req.Rule == nil && req.Rules != nil {
		s.createRules(w, req.Rules)
		return
	}
	if req.Rule == nil {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Resource body required")
		return
	}
	rule, ok := ruleFrom(w, req.Rule)
	if !ok {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	if !s.network.AddRules(w, s.Now(), rule) {
		return
	}
	core.WriteJSON(w, http.StatusCreated, map[string]any{"security_group_rule": s.ruleJSON(rule, false)})
}

// ruleFrom checks a rule's fields as Neutron does before it looks
// anything up; false after answering its refusal.
func ruleFrom(w http.ResponseWriter, q *ruleFields) (*SecurityGroupRule, bool) {
	bad := func(typ, format string, args ...any) {
		neutronFault(w, http.StatusBadRequest, typ, format, args...)
	}
	rule := &SecurityGroupRule{ID: core.NewID(), GroupID: q.GroupID, Direction: q.Direction, Ethertype: "IPv4"}
	if q.Direction != "ingress" && q.Direction != "egress" {
		bad("HTTPBadRequest", "Invalid input for direction. Reason: %s is not in valid_values.", q.Direction)
		return nil, false
	}
	if q.Ethertype != nil {
		if *q.Ethertype != "IPv4" && *q.Ethertype != "IPv6" {
			bad("HTTPBadRequest", "Invalid input for ethertype. Reason: '%s' is not in ['IPv4', 'IPv6'].", *q.Ethertype)
			return nil, false
		}
		rule.Ethertype = *q.Ethertype
	}
	proto := -1
	if q.Protocol != nil && *q.Protocol != "" {
		p := strings.ToLower(*q.Protocol)
		if num, ok := ipProtocols[p]; ok {
			proto = num
		} else if num, err := strconv.Atoi(p); err == nil && num >= 0 && num <= 255 {
			proto = num
		} else {
			bad("SecurityGroupRuleInvalidProtocol", "Security group rule protocol %s not supported. Only protocol values [None, 'ah', 'dccp', 'egp', 'esp', 'gre', 'hopopt', 'icmp', 'igmp', 'ipip', 'ipv6-encap', 'ipv6-frag', 'ipv6-icmp', 'icmpv6', 'ipv6-nonxt', 'ipv6-opts', 'ipv6-route', 'ospf', 'pgm', 'rsvp', 'sctp', 'tcp', 'udp', 'udplite', 'vrrp'] and integer representations [0 to 255] are supported.", *q.Protocol)
			return nil, false
		}
		rule.Protocol = p
	}
	for _, f := range []struct {
		raw json.RawMessage
		dst **int
	}{{q.PortMin, &rule.PortMin}, {q.PortMax, &rule.PortMax}} {
		if len(f.raw) == 0 || string(f.raw) == "null" {
			continue
		}
		v := strings.Trim(string(f.raw), `"`)
		p, err := strconv.Atoi(v)
		if err != nil || p < 0 || p > 65535 {
			bad("SecurityGroupInvalidPortValue", "Invalid value for port %s", v)
			return nil, false
		}
		*f.dst = &p
	}
	if rule.PortMin != nil || rule.PortMax != nil {
		switch {
		case proto < 0:
			bad("SecurityGroupProtocolRequiredWithPorts", "Must also specify protocol if port range is given.")
			return nil, false
		case proto == 6 || proto == 17 || proto == 33 || proto == 132 || proto == 136:
			if rule.PortMin != nil && *rule.PortMin == 0 || rule.PortMax != nil && *rule.PortMax == 0 {
				bad("SecurityGroupInvalidPortValue", "Invalid value for port 0")
				return nil, false
			}
			if rule.PortMin == nil || rule.PortMax == nil || *rule.PortMin > *rule.PortMax {
				bad("SecurityGroupInvalidPortRange", "For TCP/UDP protocols, port_range_min must be <= port_range_max")
				return nil, false
			}
		case proto == 1 || proto == 58:
			if rule.PortMin == nil {
				bad("SecurityGroupMissingIcmpType", "ICMP code (port-range-max) %d is provided but ICMP type (port-range-min) is missing.", *rule.PortMax)
				return nil, false
			}
		}
	}
	if q.RemoteIPPrefix != nil && *q.RemoteIPPrefix != "" {
		p, err := ParsePrefix(*q.RemoteIPPrefix)
		if err != nil {
			bad("InvalidCIDR", "Invalid CIDR %s given as IP prefix.", *q.RemoteIPPrefix)
			return nil, false
		}
		if p.Addr().Is6() != (rule.Ethertype == "IPv6") {
			bad("SecurityGroupRuleParameterConflict", "Conflicting value ethertype %s for CIDR %s", rule.Ethertype, *q.RemoteIPPrefix)
			return nil, false
		}
		rule.RemoteIPPrefix = p.String()
	}
	if q.RemoteGroupID != nil && *q.RemoteGroupID != "" {
		if rule.RemoteIPPrefix != "" {
			bad("SecurityGroupRemoteGroupAndRemoteIpPrefix", "Only remote_ip_prefix or remote_group_id may be provided.")
			return nil, false
		}
		rule.RemoteGroupID = *q.RemoteGroupID
	}
	description := ""
	if q.Description != nil {
		description = *q.Description
	}
	rule.Description = &description
	return rule, true
}

// AddRules adds rules to their groups, all or none: each group and remote
// group must exist, no rule may repeat one that exists (or another of
// them), and the quota must hold them. Each bumps its group's revision.
func (n *State) AddRules(w http.ResponseWriter, now time.Time, rules ...*SecurityGroupRule) bool {
	for i, rule := range rules {
		if neutronFound(w, SecurityGroupKind, rule.GroupID, n.Group) == nil {
			return false
		}
		if rule.RemoteGroupID != "" && n.Group(rule.RemoteGroupID) == nil {
			SecurityGroupKind.refuse(w, rule.RemoteGroupID)
			return false
		}
		for _, x := range append(slices.Clone(n.Rules), rules[:i]...) {
			if x.SameAs(rule) {
				neutronFault(w, http.StatusConflict, "SecurityGroupRuleExists", "Security group rule already exists. Rule id is %s.", x.ID)
				return false
			}
		}
	}
	if err := n.OverQuota("security_group_rule", len(rules)); err != nil {
		neutronFault(w, http.StatusConflict, "OverQuota", "%s", err)
		return false
	}
	for _, rule := range rules {
		rule.Created = now
		n.addRule(rule)
		g := n.Group(rule.GroupID)
		g.Revision++
		g.Updated = now
	}
	return true
}

// ParsePrefix reads a CIDR as Neutron's validator does; a bare
// address is a host prefix.
func ParsePrefix(v string) (netip.Prefix, error) {
	if !strings.Contains(v, "/") {
		a, err := netip.ParseAddr(v)
		if err != nil {
			return netip.Prefix{}, err
		}
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(v)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("not a subnet: %w", err)
	}
	return p, nil
}

// SameAs compares the fields Neutron's duplicate check compares (all but
// the ID and description).
func (r *SecurityGroupRule) SameAs(o *SecurityGroupRule) bool {
	eq := func(a, b *int) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
	return r.GroupID == o.GroupID && r.Direction == o.Direction && r.Ethertype == o.Ethertype &&
		r.Protocol == o.Protocol && eq(r.PortMin, o.PortMin) && eq(r.PortMax, o.PortMax) &&
		r.RemoteIPPrefix == o.RemoteIPPrefix && r.RemoteGroupID == o.RemoteGroupID
}
