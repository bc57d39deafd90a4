package neutron

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Neutron security groups: list, show (with their rules), create (with
// Neutron's egress rules), delete (not the project's default group, not a
// group a port uses), as the lab's Neutron answers them.
func (s *api) routeSecurityGroups(mux *http.ServeMux) {
	mux.HandleFunc("GET /network/v2.0/security-groups", s.Authed(s.listSecurityGroups))
	mux.HandleFunc("POST /network/v2.0/security-groups", s.Authed(s.createSecurityGroup))
	mux.HandleFunc("GET /network/v2.0/security-groups/{id}", s.Authed(s.getSecurityGroup))
	mux.HandleFunc("PUT /network/v2.0/security-groups/{id}", s.Authed(s.updateSecurityGroup))
	mux.HandleFunc("DELETE /network/v2.0/security-groups/{id}", s.Authed(s.deleteSecurityGroup))
}

// securityGroupJSON is a group with its rules. Callers hold s.Mu.
func (s *api) securityGroupJSON(g *SecurityGroup) map[string]any {
	rules := []map[string]any{}
	for _, r := range s.network.Rules {
		if r.GroupID == g.ID {
			rules = append(rules, s.ruleJSON(r, true))
		}
	}
	return map[string]any{
		"id": g.ID, "name": g.Name, "description": g.Description, "stateful": !g.Stateless, "shared": false,
		"tenant_id": s.ProjectID(), "project_id": s.ProjectID(), "security_group_rules": rules, "tags": []string{},
		"created_at": core.Timestamp(g.Created), "updated_at": core.Timestamp(g.Updated), "revision_number": g.Revision,
	}
}

func (s *api) listSecurityGroups(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	var all []map[string]any
	for _, g := range s.network.Groups {
		all = append(all, s.securityGroupJSON(g))
	}
	s.Mu.Unlock()
	neutronList(w, r, all, neutronListed{plural: "security_groups"})
}

func (s *api) getSecurityGroup(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	g := neutronFound(w, SecurityGroupKind, r.PathValue("id"), s.network.Group)
	if g == nil {
		return
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"security_group": s.securityGroupJSON(g)})
}

func (s *api) createSecurityGroup(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Group *struct {
			Name        string `json:"name"`
			Description string `json:"description"`
			Stateful    *bool  `json:"stateful"`
		} `json:"security_group"`
	}
	if !neutronDecodeServed(w, r, &req, "security_group", "name", "description", "stateful") {
		return
	}
	if len(req.Group.Name) > 255 {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Invalid input for name. Reason: '%s' exceeds maximum length of 255.", req.Group.Name)
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := &s.network
	if req.Group.Name == "default" {
		neutronFault(w, http.StatusConflict, "SecurityGroupDefaultAlreadyExists", "Default security group already exists.")
		return
	}
	if err := n.OverQuota("security_group", 1); err != nil {
		neutronFault(w, http.StatusConflict, "OverQuota", "%s", err)
		return
	}
	g := n.CreateGroup(req.Group.Name, req.Group.Description, s.Now())
	g.Stateless = isFalse(req.Group.Stateful)
	core.WriteJSON(w, http.StatusCreated, map[string]any{"security_group": s.securityGroupJSON(g)})
}

// updateSecurityGroup changes a group's name or description (not the
// default group's name), moving its revision on
// (neutron-security-group-update.json).
func (s *api) updateSecurityGroup(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Group *struct {
			Name        *string `json:"name"`
			Description *string `json:"description"`
			Stateful    *bool   `json:"stateful"`
		} `json:"security_group"`
	}
	if !neutronDecodeServed(w, r, &req, "security_group", "name", "description", "stateful") {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := &s.network
	g := neutronFound(w, SecurityGroupKind, r.PathValue("id"), n.Group)
	if g == nil || !revisionMatches(w, r, g.Revision) {
		return
	}
	// A group's ports would change how they filter: Neutron refuses.
	if st := req.Group.Stateful; st != nil && *st == g.Stateless && len(n.GroupInUse(g.ID)) > 0 {
		neutronFault(w, http.StatusConflict, "SecurityGroupInUse", "Security Group %s in use.", g.ID)
		return
	}
	if nm := req.Group.Name; nm != nil {
		if len(*nm) > 255 {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Invalid input for name. Reason: '%s' exceeds maximum length of 255.", *nm)
			return
		}
		if g == n.DefaultGroup() && *nm != "default" {
			neutronFault(w, http.StatusConflict, "SecurityGroupCannotUpdateDefault", "Updating default security group not allowed.")
			return
		}
		g.Name = *nm
	}
	if d := req.Group.Description; d != nil {
		g.Description = *d
	}
	if st := req.Group.Stateful; st != nil {
		g.Stateless = !*st
	}
	g.Updated = s.Now()
	g.Revision++
	core.WriteJSON(w, http.StatusOK, map[string]any{"security_group": s.securityGroupJSON(g)})
}

func (s *api) deleteSecurityGroup(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.Tick()
	n := &s.network
	id := r.PathValue("id")
	g := n.Group(id)
	switch {
	case len(n.GroupInUse(id)) > 0: // Neutron looks at the ports first
		neutronFault(w, http.StatusConflict, "SecurityGroupInUse", "Security Group %s in use.", id)
	case g == nil:
		SecurityGroupKind.refuse(w, id)
	case g == n.DefaultGroup():
		neutronFault(w, http.StatusConflict, "SecurityGroupCannotRemoveDefault", "Insufficient rights for removing default security group.")
	case !revisionMatches(w, r, g.Revision):
	default:
		n.DeleteGroup(g)
		w.WriteHeader(http.StatusNoContent)
	}
}
