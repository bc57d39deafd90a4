package nova

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
)

// Nova's os-security-groups and os-security-group-rules (up to 2.35): a
// proxy of Neutron's security groups, as Nova's neutron driver shows them
// (ingress rules only, ports and remotes in Nova's words). Neutron's
// refusals come through with Neutron's request id, as Nova relays them.
func (s *api) routeSecurityGroupsProxy(mux *http.ServeMux) {
	const base = "/compute/v2.1/os-security-groups"
	mux.HandleFunc("GET "+base, s.Authed(s.upTo235(s.novaListGroups)))
	mux.HandleFunc("POST "+base, s.Authed(s.upTo235(s.novaCreateGroup)))
	mux.HandleFunc("GET "+base+"/{id}", s.Authed(s.upTo235(s.novaGetGroup)))
	mux.HandleFunc("PUT "+base+"/{id}", s.Authed(s.upTo235(s.novaUpdateGroup)))
	mux.HandleFunc("DELETE "+base+"/{id}", s.Authed(s.upTo235(s.novaDeleteGroup)))
	mux.HandleFunc("POST /compute/v2.1/os-security-group-rules", s.Authed(s.upTo235(s.novaCreateRule)))
	mux.HandleFunc("DELETE /compute/v2.1/os-security-group-rules/{id}", s.Authed(s.upTo235(s.novaDeleteRule)))
}

// upTo235 answers Nova's 404 for the proxy APIs (os-networks,
// os-security-groups) from 2.36, where Nova removed them.
func (s *api) upTo235(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
		if !ok {
			return
		}
		if core.VersionLE("2.36", mv) {
			core.Fault(w, http.StatusNotFound, "The resource could not be found.")
			return
		}
		h(w, r)
	}
}

// neutronRelayed is a Neutron refusal as Nova relays it.
func neutronRelayed(w http.ResponseWriter, status int, format string, args ...any) {
	core.Fault(w, status, "%s\nNeutron server returns request_ids: ['%s']", fmt.Sprintf(format, args...), core.RequestID())
}

func (s *api) novaGroupJSON(g *neutron.SecurityGroup) map[string]any {
	rules := []map[string]any{}
	for _, r := range s.db.network.Rules {
		if r.GroupID == g.ID && r.Direction == "ingress" {
			rules = append(rules, s.novaRuleJSON(r))
		}
	}
	return map[string]any{"id": g.ID, "name": g.Name, "description": g.Description, "tenant_id": s.ProjectID(), "rules": rules}
}

func (s *api) novaRuleJSON(r *neutron.SecurityGroupRule) map[string]any {
	var proto, from, to any
	if r.Protocol != "" {
		proto, from, to = r.Protocol, -1, -1
		if r.PortMin != nil {
			from = *r.PortMin
		}
		if r.PortMax != nil {
			to = *r.PortMax
		}
	}
	group, ipRange := map[string]any{}, map[string]any{}
	if g := s.db.network.Group(r.RemoteGroupID); g != nil {
		group = map[string]any{"name": g.Name, "tenant_id": s.ProjectID()}
	} else if r.RemoteIPPrefix != "" {
		ipRange["cidr"] = r.RemoteIPPrefix
	}
	return map[string]any{"id": r.ID, "parent_group_id": r.GroupID, "ip_protocol": proto, "from_port": from,
		"to_port": to, "group": group, "ip_range": ipRange}
}

func (s *api) novaListGroups(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	out := []map[string]any{}
	for _, g := range s.db.network.Groups {
		out = append(out, s.novaGroupJSON(g))
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"security_groups": out})
}

// novaGroup is the group the path names, or nil after Nova's 404.
func (s *api) novaGroup(w http.ResponseWriter, id string) *neutron.SecurityGroup {
	g := s.db.network.Group(id)
	if g == nil {
		neutronRelayed(w, http.StatusNotFound, neutron.SecurityGroupKind.Message, id)
	}
	return g
}

func (s *api) novaGetGroup(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	if g := s.novaGroup(w, r.PathValue("id")); g != nil {
		core.WriteJSON(w, http.StatusOK, map[string]any{"security_group": s.novaGroupJSON(g)})
	}
}

// novaGroupBody reads a group's name and description, both strings, as
// Nova requires them on create and update.
func novaGroupBody(w http.ResponseWriter, r *http.Request) (name, description string, ok bool) {
	var req struct {
		Group map[string]any `json:"security_group"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil || req.Group == nil {
		core.Fault(w, http.StatusBadRequest, "Missing parameter dict")
		return "", "", false
	}
	for _, k := range []string{"name", "description"} {
		if _, isString := req.Group[k].(string); !isString {
			core.Fault(w, http.StatusBadRequest, "%s is not a string or unicode", k)
			return "", "", false
		}
	}
	return req.Group["name"].(string), req.Group["description"].(string), true
}

func (s *api) novaCreateGroup(w http.ResponseWriter, r *http.Request) {
	name, description, ok := novaGroupBody(w, r)
	if !ok {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := s.db.network
	if name == "default" {
		neutronRelayed(w, http.StatusForbidden, "Default security group already exists.")
		return
	}
	if err := n.OverQuota("security_group", 1); err != nil {
		neutronRelayed(w, http.StatusForbidden, "%s", err)
		return
	}
	g := n.CreateGroup(name, description, s.Now())
	core.WriteJSON(w, http.StatusOK, map[string]any{"security_group": s.novaGroupJSON(g)})
}

func (s *api) novaUpdateGroup(w http.ResponseWriter, r *http.Request) {
	name, description, ok := novaGroupBody(w, r)
	if !ok {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	g := s.novaGroup(w, r.PathValue("id"))
	if g == nil {
		return
	}
	if g == s.db.network.DefaultGroup() && name != "default" {
		neutronRelayed(w, http.StatusBadRequest, "Updating default security group not allowed.")
		return
	}
	g.Name, g.Description, g.Updated = name, description, s.Now()
	g.Revision++
	core.WriteJSON(w, http.StatusOK, map[string]any{"security_group": s.novaGroupJSON(g)})
}

func (s *api) novaDeleteGroup(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.db.compute.Tick()
	n := s.db.network
	g := s.novaGroup(w, r.PathValue("id"))
	switch {
	case g == nil:
	case len(n.GroupInUse(g.ID)) > 0:
		neutronRelayed(w, http.StatusBadRequest, "Security Group %s in use.", g.ID)
	case g == n.DefaultGroup():
		neutronRelayed(w, http.StatusBadRequest, "Insufficient rights for removing default security group.")
	default:
		n.DeleteGroup(g)
		w.WriteHeader(http.StatusAccepted)
	}
}

// novaProtocols are the protocols Nova's proxy takes.
var novaProtocols = []string{"tcp", "udp", "icmp"}

func (s *api) novaCreateRule(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Rule *struct {
			ParentGroupID string  `json:"parent_group_id"`
			Protocol      *string `json:"ip_protocol"`
			FromPort      *int    `json:"from_port"`
			ToPort        *int    `json:"to_port"`
			CIDR          string  `json:"cidr"`
			GroupID       string  `json:"group_id"`
		} `json:"security_group_rule"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil || req.Rule == nil {
		core.Fault(w, http.StatusBadRequest, "Missing parameter dict")
		return
	}
	in := req.Rule
	rule := &neutron.SecurityGroupRule{ID: core.NewID(), GroupID: in.ParentGroupID, Direction: "ingress", Ethertype: "IPv4",
		RemoteGroupID: in.GroupID, Description: new(string)}
	if in.Protocol != nil {
		rule.Protocol = strings.ToLower(*in.Protocol)
		if !slices.Contains(novaProtocols, rule.Protocol) {
			core.Fault(w, http.StatusBadRequest, "Invalid IP protocol %s.", *in.Protocol)
			return
		}
	}
	if !novaRulePorts(w, rule, in.FromPort, in.ToPort) {
		return
	}
	if in.GroupID == "" {
		cidr := cmp.Or(in.CIDR, "0.0.0.0/0")
		p, err := neutron.ParsePrefix(cidr)
		if err != nil {
			core.Fault(w, http.StatusBadRequest, "Invalid CIDR %s.", cidr)
			return
		}
		rule.RemoteIPPrefix = p.String()
		if p.Addr().Is6() {
			rule.Ethertype = "IPv6"
		}
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := s.db.network
	if s.novaGroup(w, in.ParentGroupID) == nil || (in.GroupID != "" && s.novaGroup(w, in.GroupID) == nil) {
		return
	}
	for _, x := range n.Rules {
		if x.SameAs(rule) {
			neutronRelayed(w, http.StatusForbidden, "Security group rule already exists. Rule id is %s.", x.ID)
			return
		}
	}
	if err := n.OverQuota("security_group_rule", 1); err != nil {
		neutronRelayed(w, http.StatusForbidden, "%s", err)
		return
	}
	if !n.AddRules(w, s.Now(), rule) {
		return
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"security_group_rule": s.novaRuleJSON(rule)})
}

// novaRulePorts sets a rule's ports from Nova's from_port and to_port: an
// ordered range for TCP and UDP, a type and code for ICMP (-1: any).
func novaRulePorts(w http.ResponseWriter, rule *neutron.SecurityGroupRule, from, to *int) bool {
	if rule.Protocol == "" || from == nil || to == nil {
		return true
	}
	if rule.Protocol == "icmp" {
		if *from != -1 {
			rule.PortMin = from
		}
		if *to != -1 {
			rule.PortMax = to
		}
		return true
	}
	if *from > *to {
		core.Fault(w, http.StatusBadRequest, "Invalid port range %d:%d. Former value cannot be greater than the later", *from, *to)
		return false
	}
	rule.PortMin, rule.PortMax = from, to
	return true
}

func (s *api) novaDeleteRule(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := s.db.network
	id := r.PathValue("id")
	rule := n.Rule(id)
	if rule == nil {
		neutronRelayed(w, http.StatusNotFound, neutron.SecurityGroupRuleKind.Message, id)
		return
	}
	n.RemoveRule(rule, s.Now())
	w.WriteHeader(http.StatusAccepted)
}
