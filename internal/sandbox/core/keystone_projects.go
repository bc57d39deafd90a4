package core

import "net/http"

// authProjects is Keystone's GET /v3/auth/projects: the projects the
// token's user may scope to, the sandbox's one, as the lab's Keystone shows
// demo's.
func (s *Cloud) authProjects(w http.ResponseWriter, r *http.Request) {
	self := BaseURL(r) + "/identity/v3/auth/projects"
	WriteJSON(w, http.StatusOK, map[string]any{
		"projects": []map[string]any{{"id": s.projectID, "name": s.opts.Project, "domain_id": "default",
			"description": "", "enabled": true, "parent_id": "default", "is_domain": false, "tags": []string{},
			"options": map[string]any{}, "links": map[string]string{"self": BaseURL(r) + "/identity/v3/projects/" + s.projectID}}},
		"links": map[string]any{"next": nil, "self": self, "previous": nil},
	})
}
