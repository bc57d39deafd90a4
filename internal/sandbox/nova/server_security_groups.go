package nova

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Nova's addSecurityGroup and removeSecurityGroup server actions: they
// change the groups of every port of the server in Neutron, as Nova's
// security_group_api does (a name, else an ID); adding a group a port has
// already is Neutron's 400.
func init() {
	serverActions["addSecurityGroup"] = func(s *api, w http.ResponseWriter, r *http.Request, sv *Server, arg json.RawMessage) {
		s.changeServerGroup(w, sv, arg, true)
	}
	serverActions["removeSecurityGroup"] = func(s *api, w http.ResponseWriter, r *http.Request, sv *Server, arg json.RawMessage) {
		s.changeServerGroup(w, sv, arg, false)
	}
}

func (s *api) changeServerGroup(w http.ResponseWriter, sv *Server, arg json.RawMessage, add bool) {
	action := "addSecurityGroup"
	if !add {
		action = "removeSecurityGroup"
	}
	var body struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(arg, &body); err != nil || body.Name == "" {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute %s. Value: %s. 'name' is a required property", action, arg)
		return
	}
	n := s.db.network
	var id string
	for _, g := range n.Groups {
		if g.Name == body.Name || g.ID == body.Name {
			if id != "" && id != g.ID {
				core.Fault(w, http.StatusConflict, "Multiple security_group matches found for name '%s', use an ID to be more specific.", body.Name)
				return
			}
			id = g.ID
		}
	}
	if id == "" {
		core.Fault(w, http.StatusNotFound, "Security group %s is not found for project %s", body.Name, s.ProjectID())
		return
	}
	ports := n.ServerPorts(sv.ID)
	if len(ports) == 0 {
		core.Fault(w, http.StatusNotFound, "instance_id %s could not be found as device id on any ports", sv.ID)
		return
	}
	found := false
	for _, p := range ports {
		has := slices.Contains(p.SecurityGroupIDs, id)
		switch {
		case add && has:
			// Nova asks Neutron for the port's groups and this one again;
			// Neutron refuses the duplicate, after the ports before it
			// took the group (nova-server-add-security-group-again-400.txt).
			core.Fault(w, http.StatusBadRequest, "Invalid input for security_groups. Reason: Duplicate items in the list: '%s'.\nNeutron server returns request_ids: ['%s']", id, core.RequestID())
			return
		case add:
			p.SecurityGroupIDs = append(p.SecurityGroupIDs, id)
		case !add && has:
			p.SecurityGroupIDs = slices.DeleteFunc(p.SecurityGroupIDs, func(x string) bool { return x == id })
			found = true
		default:
			continue
		}
		p.Updated = s.Now()
		p.Revision++
	}
	if !add && !found {
		core.Fault(w, http.StatusNotFound, "Security group %s not associated with the instance %s", body.Name, sv.ID)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}
