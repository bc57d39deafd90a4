package nova

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Nova's server groups (/os-server-groups): a policy (policies, a list of
// one, before 2.64; policy and rules from 2.64) and the servers created
// with the group as their scheduler hint. The sandbox's hosts are its
// availability zones: affinity keeps a group's servers on one, anti-affinity
// spreads them (testdata/openstack/nova-server-group*).
func (s *api) routeServerGroups(mux *http.ServeMux) {
	mux.HandleFunc("GET /compute/v2.1/os-server-groups", s.Authed(s.listServerGroups))
	mux.HandleFunc("POST /compute/v2.1/os-server-groups", s.Authed(s.createServerGroup))
	mux.HandleFunc("GET /compute/v2.1/os-server-groups/{id}", s.Authed(s.getServerGroup))
	mux.HandleFunc("DELETE /compute/v2.1/os-server-groups/{id}", s.Authed(s.deleteServerGroup))
}

type serverGroup struct {
	ID, Name, Policy string
	MaxPerHost       int // rules.max_server_per_host, anti-affinity from 2.64; 0 for none
	Members          []string
}

// serverGroupsQuota is Nova's default quota of server groups.
const serverGroupsQuota = 10

var groupPolicies = []string{"anti-affinity", "affinity", "soft-anti-affinity", "soft-affinity"}

func (s *api) serverGroupJSON(g *serverGroup, mv string) map[string]any {
	members := []string{}
	for _, id := range g.Members {
		if s.db.compute.serverByID(id) != nil {
			members = append(members, id)
		}
	}
	m := map[string]any{"id": g.ID, "name": g.Name, "members": members}
	if core.VersionLE("2.64", mv) {
		rules := map[string]any{}
		if g.MaxPerHost > 0 {
			rules["max_server_per_host"] = g.MaxPerHost
		}
		m["policy"], m["rules"] = g.Policy, rules
	} else {
		m["policies"], m["metadata"] = []string{g.Policy}, map[string]any{}
	}
	if core.VersionLE("2.13", mv) {
		m["project_id"], m["user_id"] = s.ProjectID(), s.UserID()
	}
	return m
}

func (c *State) serverGroupByID(id string) *serverGroup {
	for _, g := range c.groups {
		if g.ID == id {
			return g
		}
	}
	return nil
}

func (s *api) listServerGroups(w http.ResponseWriter, r *http.Request) {
	mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
	if !ok {
		return
	}
	for k := range r.URL.Query() {
		if k != "limit" && k != "offset" && k != "all_projects" {
			continue
		}
		if k != "all_projects" {
			core.NotServed(w, r, "%s on server groups", k)
			return
		}
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	out := []map[string]any{}
	for _, g := range s.db.compute.groups {
		out = append(out, s.serverGroupJSON(g, mv))
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"server_groups": out})
}

func (s *api) getServerGroup(w http.ResponseWriter, r *http.Request) {
	mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
	if !ok {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	g := core.Found(w, r, "Instance group", s.db.compute.serverGroupByID)
	if g == nil {
		return
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"server_group": s.serverGroupJSON(g, mv)})
}

func (s *api) deleteServerGroup(w http.ResponseWriter, r *http.Request) {
	if _, ok := core.Microversion(w, r, "compute", computeMin, computeMax); !ok {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	c := &s.db.compute
	g := core.Found(w, r, "Instance group", c.serverGroupByID)
	if g == nil {
		return
	}
	c.groups = slices.DeleteFunc(c.groups, func(x *serverGroup) bool { return x == g })
	w.WriteHeader(http.StatusNoContent)
}

func (s *api) createServerGroup(w http.ResponseWriter, r *http.Request) {
	mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
	if !ok {
		return
	}
	var body struct {
		Group *struct {
			Name     *string  `json:"name"`
			Policies []string `json:"policies"`
			Policy   *string  `json:"policy"`
			Rules    *struct {
				MaxPerHost *int `json:"max_server_per_host"`
			} `json:"rules"`
		} `json:"server_group"`
	}
	if !core.Decode(w, r, &body) {
		return
	}
	sg := body.Group
	if sg == nil || sg.Name == nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute server_group. Value: None. 'name' is a required property")
		return
	}
	if msg := novaNameFault(*sg.Name); msg != "" {
		core.Fault(w, http.StatusBadRequest, "%s", msg)
		return
	}
	g := &serverGroup{ID: core.NewID(), Name: *sg.Name}
	if core.VersionLE("2.64", mv) {
		if sg.Policies != nil {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute server_group. Value: %s. Additional properties are not allowed ('policies' was unexpected)", core.CompactJSON(sg))
			return
		}
		if sg.Policy == nil {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute server_group. Value: %s. 'policy' is a required property", core.CompactJSON(sg))
			return
		}
		g.Policy = *sg.Policy
		if sg.Rules != nil && sg.Rules.MaxPerHost != nil {
			if g.Policy != "anti-affinity" {
				core.Fault(w, http.StatusBadRequest, "Only anti-affinity policy supports rules.")
				return
			}
			g.MaxPerHost = *sg.Rules.MaxPerHost
		}
	} else {
		if sg.Policy != nil || sg.Rules != nil {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute server_group. Value: %s. Additional properties are not allowed", core.CompactJSON(sg))
			return
		}
		if len(sg.Policies) != 1 {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute policies. Value: %s.", core.CompactJSON(sg.Policies))
			return
		}
		g.Policy = sg.Policies[0]
	}
	if !slices.Contains(groupPolicies, g.Policy) {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute policy. Value: %s. '%s' is not one of ['anti-affinity', 'affinity', 'soft-anti-affinity', 'soft-affinity']", g.Policy, g.Policy)
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	c := &s.db.compute
	if len(c.groups) >= serverGroupsQuota {
		core.Fault(w, http.StatusForbidden, "Quota exceeded, too many server groups.")
		return
	}
	c.groups = append(c.groups, g)
	core.WriteJSON(w, http.StatusOK, map[string]any{"server_group": s.serverGroupJSON(g, mv)})
}

// hintedGroup is the group a create's scheduler hints name, or nil. Callers
// hold s.Mu and checked the hints (createFieldsAt).
func (s *api) hintedGroup(raw json.RawMessage) *serverGroup {
	var hints struct {
		Group string `json:"group"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &hints) != nil || hints.Group == "" {
		return nil
	}
	return s.db.compute.serverGroupByID(hints.Group)
}

// groupZone is where a new server of g may go: affinity keeps to its
// members' zone, anti-affinity takes a zone none of them is in (a host
// each); "" when anything goes, and ok false when no zone is left.
func (s *api) groupZone(g *serverGroup) (zone string, ok bool) {
	used := map[string]int{}
	for _, id := range g.Members {
		if sv := s.db.compute.serverByID(id); sv != nil {
			z := sv.Zone
			if z == "" {
				z = sv.RequestedZone
			}
			if z != "" {
				used[z]++
			}
		}
	}
	switch g.Policy {
	case "affinity", "soft-affinity":
		for z := range used {
			return z, true
		}
	case "anti-affinity", "soft-anti-affinity":
		limit := max(g.MaxPerHost, 1)
		for _, z := range s.Zones() {
			if used[z] < limit {
				return z, true
			}
		}
		return "", g.Policy == "soft-anti-affinity"
	}
	return "", true
}
