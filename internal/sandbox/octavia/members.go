package octavia

import (
	"net/http"
	"net/netip"
	"slices"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Octavia's members of a pool: list, show, add and remove, each a change of
// the load balancer (refused while another is under way).
func (s *api) routeMembers(mux *http.ServeMux) {
	const path = "/load-balancer/v2/lbaas/pools/{pool}/members"
	mux.HandleFunc("GET "+path, s.Authed(s.listMembers))
	mux.HandleFunc("POST "+path, s.Authed(s.createMember))
	mux.HandleFunc("GET "+path+"/{id}", s.Authed(s.getMember))
	mux.HandleFunc("DELETE "+path+"/{id}", s.Authed(s.deleteMember))
}

type memberCreate struct {
	Name         string `json:"name"`
	AdminStateUp *bool  `json:"admin_state_up"`
	Address      string `json:"address"`
	Port         *int   `json:"protocol_port"`
	SubnetID     string `json:"subnet_id"`
	Weight       *int   `json:"weight"`
}

func (s *api) memberJSON(p *pool, m *member) map[string]any {
	var subnet any
	if m.SubnetID != "" {
		subnet = m.SubnetID
	}
	return map[string]any{
		"id": m.ID, "name": m.Name, "operating_status": memberOperating(p, m), "provisioning_status": m.Status,
		"admin_state_up": true, "address": m.Address, "protocol_port": m.Port, "weight": m.Weight, "backup": false,
		"subnet_id": subnet, "project_id": s.ProjectID(), "tenant_id": s.ProjectID(), "created_at": octaviaTime(m.Created),
		"updated_at": octaviaTime(m.Updated), "monitor_address": nil, "monitor_port": nil, "tags": []string{},
	}
}

func validMember(w http.ResponseWriter, m memberCreate) bool {
	if _, err := netip.ParseAddr(m.Address); err != nil {
		octaviaFault(w, http.StatusBadRequest, "Invalid input for field/attribute address. Value: '%s'. Value should be IPv4 or IPv6 format", m.Address)
		return false
	}
	return validPort(w, m.Port)
}

func newMember(in memberCreate, now time.Time) *member {
	weight := 1
	if in.Weight != nil {
		weight = *in.Weight
	}
	return &member{ID: core.NewID(), Name: in.Name, Address: in.Address, Port: *in.Port, SubnetID: in.SubnetID,
		Weight: weight, Status: "PENDING_CREATE", Created: now}
}

// poolFound is the pool of the path, or nil after a 404.
func (s *api) poolFound(w http.ResponseWriter, r *http.Request) (*LoadBalancer, *pool) {
	s.lb.tick()
	lb, p := s.lb.poolByID(r.PathValue("pool"))
	if p == nil {
		octaviaFault(w, http.StatusNotFound, "Pool %s not found.", r.PathValue("pool"))
	}
	return lb, p
}

func (s *api) listMembers(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	_, p := s.poolFound(w, r)
	if p == nil {
		s.Mu.Unlock()
		return
	}
	all := []map[string]any{}
	for _, m := range p.members {
		all = append(all, s.memberJSON(p, m))
	}
	s.Mu.Unlock()
	octaviaList(w, r, "members", all)
}

func (s *api) memberFound(w http.ResponseWriter, r *http.Request) (*LoadBalancer, *pool, *member) {
	lb, p := s.poolFound(w, r)
	if p == nil {
		return nil, nil, nil
	}
	for _, m := range p.members {
		if m.ID == r.PathValue("id") {
			return lb, p, m
		}
	}
	octaviaFault(w, http.StatusNotFound, "Member %s not found.", r.PathValue("id"))
	return nil, nil, nil
}

func (s *api) getMember(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	if _, p, m := s.memberFound(w, r); m != nil {
		core.WriteJSON(w, http.StatusOK, map[string]any{"member": s.memberJSON(p, m)})
	}
}

func (s *api) createMember(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Member memberCreate `json:"member"`
	}
	if !core.DecodeServed(w, r, &req) || !core.ServedTrue(w, r, "admin_state_up", req.Member.AdminStateUp) {
		return
	}
	in := req.Member
	s.Mu.Lock()
	defer s.Mu.Unlock()
	lb, p := s.poolFound(w, r)
	if p == nil || !validMember(w, in) || s.lb.overQuota(w, "member", 1) || immutable(w, lb, "Pool", p.ID) {
		return
	}
	if slices.ContainsFunc(p.members, func(m *member) bool { return m.Address == in.Address && m.Port == *in.Port }) {
		octaviaFault(w, http.StatusConflict, "Another member on this pool is already using ip %s on protocol_port %d", in.Address, *in.Port)
		return
	}
	m := newMember(in, s.Now())
	p.members = append(p.members, m)
	s.lb.begin(lb, "update")
	p.Status, p.Updated = "PENDING_UPDATE", s.Now()
	core.WriteJSON(w, http.StatusCreated, map[string]any{"member": s.memberJSON(p, m)})
}

func (s *api) deleteMember(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	lb, p, m := s.memberFound(w, r)
	if m == nil || immutable(w, lb, "Pool", p.ID) {
		return
	}
	m.Status, m.Updated = "PENDING_DELETE", s.Now()
	s.lb.begin(lb, "update")
	p.Status, p.Updated = "PENDING_UPDATE", s.Now()
	w.WriteHeader(http.StatusNoContent)
}
