package neutron

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// A network's update: its name, description, admin state and the port
// security its new ports get, under its revision (If-Match), by its owner
// only (another project's shared network is a 403, as Neutron's policy
// answers).
func (s *api) routeNetworkUpdates(mux *http.ServeMux) {
	mux.HandleFunc("PUT /network/v2.0/networks/{id}", s.Authed(s.updateNetwork))
}

func init() {
	ifMatchRoutes["PUT /network/v2.0/networks/{id}"] = true
}

func (s *api) updateNetwork(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Network *struct {
			Name         *string `json:"name"`
			Description  *string `json:"description"`
			AdminStateUp *bool   `json:"admin_state_up"`
			PortSecurity *bool   `json:"port_security_enabled"`
		} `json:"network"`
	}
	if !neutronUpdateDecoded(w, r, &req, "network", networkReadOnly, "name", "description", "admin_state_up", "port_security_enabled") {
		return
	}
	in := req.Network
	s.Mu.Lock()
	defer s.Mu.Unlock()
	nw := neutronFound(w, networkKind, r.PathValue("id"), s.usableNetwork)
	if nw == nil || !s.ownsOrForbids(w, nw.ProjectID, "update_network") || !revisionMatches(w, r, nw.Revision) {
		return
	}
	changed := setIf(&nw.Name, in.Name)
	changed = setIf(&nw.Description, in.Description) || changed
	if in.AdminStateUp != nil && nw.AdminDown == *in.AdminStateUp {
		nw.AdminDown, changed = !*in.AdminStateUp, true
	}
	if in.PortSecurity != nil && nw.NoPortSecurity == *in.PortSecurity {
		nw.NoPortSecurity, changed = !*in.PortSecurity, true
	}
	if changed {
		nw.Updated = s.Now()
		nw.Revision++
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"network": s.networkJSON(nw)})
}

// networkReadOnly are a network's attributes a change may not name.
var networkReadOnly = []string{"id", "tenant_id", "project_id", "status", "subnets", "created_at", "updated_at",
	"revision_number", "availability_zones", "ipv4_address_scope", "ipv6_address_scope"}
