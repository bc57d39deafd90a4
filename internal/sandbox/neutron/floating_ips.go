package neutron

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Neutron floating IPs: list, show, create (on an external network, at once
// associated when a port is given), update (associate, disassociate) and
// delete, with Neutron's association rules: the port's subnet must be
// routed to the floating IP's network, and a fixed IP holds one floating IP
// per external network.
func (s *api) routeFloatingIPs(mux *http.ServeMux) {
	mux.HandleFunc("GET /network/v2.0/floatingips", s.Authed(s.listFloatingIPs))
	mux.HandleFunc("POST /network/v2.0/floatingips", s.Authed(s.createFloatingIP))
	mux.HandleFunc("GET /network/v2.0/floatingips/{id}", s.Authed(s.getFloatingIP))
	mux.HandleFunc("PUT /network/v2.0/floatingips/{id}", s.Authed(s.updateFloatingIP))
	mux.HandleFunc("DELETE /network/v2.0/floatingips/{id}", s.Authed(s.deleteFloatingIP))
}

// floatingIPJSON is a floating IP as Neutron shows it. Callers hold s.Mu.
func (s *api) floatingIPJSON(f *floatingIP) map[string]any {
	null := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	status := "DOWN"
	var details any
	if p := s.network.portByID(f.PortID); p != nil {
		status = "ACTIVE" // the L3 agent wired it
		pj := s.portJSON(p)
		details = map[string]any{}
		for _, k := range []string{"name", "network_id", "mac_address", "admin_state_up", "status", "device_id", "device_owner"} {
			details.(map[string]any)[k] = pj[k]
		}
	}
	return map[string]any{
		"id": f.ID, "floating_ip_address": f.Addr, "floating_network_id": f.NetworkID,
		"router_id": null(f.RouterID), "port_id": null(f.PortID), "fixed_ip_address": null(f.FixedAddr),
		"status": status, "description": f.Description, "port_details": details,
		"tenant_id": s.ProjectID(), "project_id": s.ProjectID(), "tags": []string{},
		"created_at": core.Timestamp(f.Created), "updated_at": core.Timestamp(f.Updated), "revision_number": f.Revision,
	}
}

func (s *api) listFloatingIPs(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	s.Tick()
	var all []map[string]any
	for _, f := range s.network.FloatingIPs {
		all = append(all, s.floatingIPJSON(f))
	}
	s.Mu.Unlock()
	neutronList(w, r, all, neutronListed{plural: "floatingips"})
}

func (s *api) getFloatingIP(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.Tick()
	f := neutronFound(w, floatingIPKind, r.PathValue("id"), s.network.floatingIP)
	if f == nil {
		return
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"floatingip": s.floatingIPJSON(f)})
}

// floatingIPRequest is the body of a create or an update. PortID is raw so
// that an explicit null (disassociate) differs from an absent key.
type floatingIPRequest struct {
	FIP *struct {
		NetworkID   string          `json:"floating_network_id"`
		PortID      json.RawMessage `json:"port_id"`
		FixedIP     *string         `json:"fixed_ip_address"`
		Description *string         `json:"description"`
	} `json:"floatingip"`
}

func (s *api) createFloatingIP(w http.ResponseWriter, r *http.Request) {
	var req floatingIPRequest
	if !neutronDecode(w, r, &req) {
		return
	}
	q := req.FIP
	if q == nil {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Resource body required")
		return
	}
	if q.NetworkID == "" {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Failed to parse request. Required attribute 'floating_network_id' not specified")
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.Tick()
	n := &s.network
	nw := neutronFound(w, networkKind, q.NetworkID, n.NetworkByID)
	if nw == nil {
		return
	}
	if !nw.External {
		neutronFault(w, http.StatusBadRequest, "BadRequest", "Bad floatingip request: Network %s is not a valid external network.", nw.ID)
		return
	}
	if err := n.OverQuota("floatingip", 1); err != nil {
		neutronFault(w, http.StatusConflict, "OverQuota", "%s", err)
		return
	}
	var pool *subnet
	for _, id := range nw.SubnetIDs {
		if sn := n.Subnet(id); sn != nil && sn.Prefix.Addr().Is4() {
			pool = sn
			break
		}
	}
	if pool == nil {
		neutronFault(w, http.StatusBadRequest, "BadRequest", "Bad floatingip request: Network %s does not contain any IPv4 subnet.", nw.ID)
		return
	}
	now := s.Now()
	// The address is taken before the association's checks, as in
	// Neutron's transaction (a refused creation does not return it).
	f := &floatingIP{ID: core.NewID(), NetworkID: nw.ID, Addr: n.Allocate(pool), Created: now, Updated: now}
	if q.Description != nil {
		f.Description = *q.Description
	}
	if portID := rawString(q.PortID); portID != "" && !s.associate(w, f, portID, q.FixedIP) {
		return
	}
	n.FloatingIPs = append(n.FloatingIPs, f)
	core.WriteJSON(w, http.StatusCreated, map[string]any{"floatingip": s.floatingIPJSON(f)})
}

func (s *api) updateFloatingIP(w http.ResponseWriter, r *http.Request) {
	var req floatingIPRequest
	if !neutronDecodeServed(w, r, &req, "floatingip", "description", "port_id", "fixed_ip_address") {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.Tick()
	n := &s.network
	f := neutronFound(w, floatingIPKind, r.PathValue("id"), n.floatingIP)
	if f == nil || !revisionMatches(w, r, f.Revision) {
		return
	}
	if req.FIP.Description != nil {
		f.Description = *req.FIP.Description
	}
	if req.FIP.PortID != nil {
		if portID := rawString(req.FIP.PortID); portID == "" {
			n.disassociate(f)
		} else if !s.associate(w, f, portID, req.FIP.FixedIP) {
			return
		}
	}
	f.Updated = s.Now()
	f.Revision++
	core.WriteJSON(w, http.StatusOK, map[string]any{"floatingip": s.floatingIPJSON(f)})
}

// associate points f at a fixed IP of port portID after Neutron's checks;
// on a refusal it answers and returns false. Callers hold s.Mu.
func (s *api) associate(w http.ResponseWriter, f *floatingIP, portID string, fixed *string) bool {
	n := &s.network
	p := n.portByID(portID)
	if p == nil {
		portKind.refuse(w, portID)
		return false
	}
	var ip FixedIP
	if fixed != nil && *fixed != "" {
		i := slices.IndexFunc(p.FixedIPs, func(x FixedIP) bool { return x.Addr == *fixed })
		if i < 0 {
			neutronFault(w, http.StatusBadRequest, "BadRequest", "Bad floatingip request: Port %s does not have fixed ip %s.", p.ID, *fixed)
			return false
		}
		ip = p.FixedIPs[i]
	} else {
		var v4 []FixedIP
		for _, x := range p.FixedIPs {
			if IPVersion(x.Addr) == 4 {
				v4 = append(v4, x)
			}
		}
		switch len(v4) {
		case 0:
			neutronFault(w, http.StatusBadRequest, "BadRequest", "Bad floatingip request: Cannot add floating IP to port %s that has no fixed IPv4 addresses.", p.ID)
			return false
		case 1:
			ip = v4[0]
		default:
			neutronFault(w, http.StatusBadRequest, "BadRequest", "Bad floatingip request: Port %s has multiple fixed IPv4 addresses.  Must provide a specific IPv4 address when assigning a floating IP.", p.ID)
			return false
		}
	}
	rt := n.routerFor(ip.SubnetID, f.NetworkID)
	if rt == nil {
		neutronFault(w, http.StatusNotFound, "ExternalGatewayForFloatingIPNotFound",
			"External network %s is not reachable from subnet %s.  Therefore, cannot associate Port %s with a Floating IP.",
			f.NetworkID, ip.SubnetID, p.ID)
		return false
	}
	for _, other := range n.FloatingIPs {
		if other != f && other.PortID == p.ID && other.FixedAddr == ip.Addr && other.NetworkID == f.NetworkID {
			neutronFault(w, http.StatusConflict, "FloatingIPPortAlreadyAssociated",
				"Cannot associate floating IP %s (%s) with port %s using fixed IP %s, as that fixed IP already has a floating IP on external network %s.",
				f.Addr, f.ID, p.ID, ip.Addr, f.NetworkID)
			return false
		}
	}
	f.PortID, f.FixedAddr, f.RouterID = p.ID, ip.Addr, rt.ID
	return true
}

func (s *api) deleteFloatingIP(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := &s.network
	f := neutronFound(w, floatingIPKind, r.PathValue("id"), n.floatingIP)
	if f == nil || !revisionMatches(w, r, f.Revision) {
		return
	}
	n.FloatingIPs = slices.DeleteFunc(n.FloatingIPs, func(x *floatingIP) bool { return x == f })
	w.WriteHeader(http.StatusNoContent)
}

// rawString is a JSON string's value; "" for null, absent or not a string.
func rawString(raw json.RawMessage) string {
	var v string
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	return v
}
