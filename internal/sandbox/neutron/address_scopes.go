package neutron

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Neutron's address scopes: a project's named IPv4 or IPv6 scopes (what
// subnet pools would join; the sandbox's pools do not take one yet).
func (s *api) routeAddressScopes(mux *http.ServeMux) {
	mux.HandleFunc("GET /network/v2.0/address-scopes", s.Authed(s.listAddressScopes))
	mux.HandleFunc("GET /network/v2.0/address-scopes/{id}", s.Authed(s.getAddressScope))
	mux.HandleFunc("POST /network/v2.0/address-scopes", s.Authed(s.createAddressScope))
	mux.HandleFunc("PUT /network/v2.0/address-scopes/{id}", s.Authed(s.updateAddressScope))
	mux.HandleFunc("DELETE /network/v2.0/address-scopes/{id}", s.Authed(s.deleteAddressScope))
}

var addressScopeKind = neutronKind{"AddressScopeNotFound", "Address scope %s could not be found."}

type addressScope struct {
	ID, Name string
	Version  int
}

func (n *State) addressScope(id string) *addressScope {
	for _, a := range n.addressScopes {
		if a.ID == id {
			return a
		}
	}
	return nil
}

func (s *api) addressScopeJSON(a *addressScope) map[string]any {
	return map[string]any{"id": a.ID, "name": a.Name, "project_id": s.ProjectID(), "tenant_id": s.ProjectID(),
		"shared": false, "ip_version": a.Version}
}

func (s *api) listAddressScopes(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	var all []map[string]any
	for _, a := range s.network.addressScopes {
		all = append(all, s.addressScopeJSON(a))
	}
	s.Mu.Unlock()
	neutronList(w, r, all, neutronListed{plural: "address_scopes"})
}

func (s *api) getAddressScope(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	if a := neutronFound(w, addressScopeKind, r.PathValue("id"), s.network.addressScope); a != nil {
		core.WriteJSON(w, http.StatusOK, map[string]any{"address_scope": s.addressScopeJSON(a)})
	}
}

func (s *api) createAddressScope(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Scope struct {
			Name    string          `json:"name"`
			Version json.RawMessage `json:"ip_version"`
		} `json:"address_scope"`
	}
	if !neutronDecodeServed(w, r, &req, "address_scope", "name", "ip_version") {
		return
	}
	if req.Scope.Version == nil {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Failed to parse request. Required attribute 'ip_version' not specified")
		return
	}
	var version int
	if json.Unmarshal(req.Scope.Version, &version) != nil || (version != 4 && version != 6) {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Invalid input for ip_version. Reason: %s is not in valid_values.", jsonText(req.Scope.Version))
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	a := &addressScope{ID: core.NewID(), Name: req.Scope.Name, Version: version}
	s.network.addressScopes = append(s.network.addressScopes, a)
	core.WriteJSON(w, http.StatusCreated, map[string]any{"address_scope": s.addressScopeJSON(a)})
}

func (s *api) updateAddressScope(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Scope struct {
			Name *string `json:"name"`
		} `json:"address_scope"`
	}
	if !neutronUpdateDecoded(w, r, &req, "address_scope", []string{"id", "tenant_id", "project_id", "ip_version"}, "name") {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	if a := neutronFound(w, addressScopeKind, r.PathValue("id"), s.network.addressScope); a != nil {
		setIf(&a.Name, req.Scope.Name)
		core.WriteJSON(w, http.StatusOK, map[string]any{"address_scope": s.addressScopeJSON(a)})
	}
}

func (s *api) deleteAddressScope(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := &s.network
	if a := neutronFound(w, addressScopeKind, r.PathValue("id"), n.addressScope); a != nil {
		n.addressScopes = slices.DeleteFunc(n.addressScopes, func(x *addressScope) bool { return x == a })
		w.WriteHeader(http.StatusNoContent)
	}
}
