package octavia

import (
	"net/http"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Octavia's pools: list, show and create (for a listener, on an ACTIVE
// load balancer; within a fully populated create, with members and a
// health monitor).
func (s *api) routePools(mux *http.ServeMux) {
	const path = "/load-balancer/v2/lbaas/pools"
	mux.HandleFunc("GET "+path, s.Authed(s.listPools))
	mux.HandleFunc("POST "+path, s.Authed(s.createPool))
	mux.HandleFunc("GET "+path+"/{id}", s.Authed(s.getPool))
}

var (
	poolProtocols  = []string{"HTTP", "HTTPS", "PROXY", "PROXYV2", "TCP", "UDP", "SCTP"}
	poolAlgorithms = []string{"ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT"}
)

type poolCreate struct {
	ListenerID   string         `json:"listener_id"`
	Name         string         `json:"name"`
	Description  string         `json:"description"`
	AdminStateUp *bool          `json:"admin_state_up"`
	Protocol     string         `json:"protocol"`
	Algorithm    string         `json:"lb_algorithm"`
	Members      []memberCreate `json:"members"`
	Monitor      *monitorCreate `json:"healthmonitor"`
}

func (s *api) poolJSON(lb *LoadBalancer, p *pool) map[string]any {
	members := make([]map[string]string, len(p.members))
	for i, m := range p.members {
		members[i] = map[string]string{"id": m.ID}
	}
	listeners := []map[string]string{}
	if p.ListenerID != "" {
		listeners = append(listeners, map[string]string{"id": p.ListenerID})
	}
	m := map[string]any{
		"id": p.ID, "name": p.Name, "description": p.Description, "provisioning_status": p.Status, "operating_status": operating(p.Status),
		"admin_state_up": true, "protocol": p.Protocol, "lb_algorithm": p.Algorithm, "session_persistence": nil,
		"project_id": s.ProjectID(), "tenant_id": s.ProjectID(), "loadbalancers": []map[string]string{{"id": lb.ID}},
		"listeners": listeners, "created_at": octaviaTime(p.Created), "updated_at": octaviaTime(p.Updated),
		"members": members, "tags": []string{}, "tls_container_ref": nil, "ca_tls_container_ref": nil,
		"crl_container_ref": nil, "tls_enabled": false, "tls_ciphers": nil, "tls_versions": nil, "alpn_protocols": nil,
	}
	if p.monitor != nil { // Octavia leaves the key out while there is none
		m["healthmonitor_id"] = p.monitor.ID
	}
	return m
}

// validPool checks a pool, its members and its monitor before anything is
// made.
func (s *api) validPool(w http.ResponseWriter, in poolCreate) bool {
	switch {
	case !octaviaOneOf(w, "protocol", in.Protocol, poolProtocols), !octaviaOneOf(w, "lb_algorithm", in.Algorithm, poolAlgorithms):
	case s.lb.overQuota(w, "pool", 1) || s.lb.overQuota(w, "member", len(in.Members)):
	default:
		for i, m := range in.Members {
			if !validMember(w, m) {
				return false
			}
			for _, other := range in.Members[:i] {
				if other.Address == m.Address && *other.Port == *m.Port {
					octaviaFault(w, http.StatusConflict, "Another member on this pool is already using ip %s on protocol_port %d", m.Address, *m.Port)
					return false
				}
			}
		}
		return in.Monitor == nil || (!s.lb.overQuota(w, "health_monitor", 1) && validMonitor(w, *in.Monitor))
	}
	return false
}

// addPool adds a checked pool (its members and monitor) to lb, pending.
func (s *api) addPool(lb *LoadBalancer, in poolCreate, listenerID string, now time.Time) *pool {
	p := &pool{ID: core.NewID(), Name: in.Name, Description: in.Description, Protocol: in.Protocol, Algorithm: in.Algorithm, ListenerID: listenerID,
		Status: "PENDING_CREATE", Created: now}
	for _, m := range in.Members {
		p.members = append(p.members, newMember(m, now))
	}
	if in.Monitor != nil {
		p.monitor = newMonitor(*in.Monitor, now)
	}
	lb.pools = append(lb.pools, p)
	return p
}

func (s *api) listPools(w http.ResponseWriter, r *http.Request) {
	s.octaviaListAll(w, r, "pools", func(lb *LoadBalancer) []map[string]any {
		var rows []map[string]any
		for _, p := range lb.pools {
			rows = append(rows, s.poolJSON(lb, p))
		}
		return rows
	})
}

func (s *api) getPool(w http.ResponseWriter, r *http.Request) {
	s.octaviaShow(w, r, "pool", "Pool", func(id string) map[string]any {
		if lb, p := s.lb.poolByID(id); p != nil {
			return s.poolJSON(lb, p)
		}
		return nil
	})
}

func (s *api) createPool(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Pool poolCreate `json:"pool"`
	}
	if !core.DecodeServed(w, r, &req) || !core.ServedTrue(w, r, "admin_state_up", req.Pool.AdminStateUp) {
		return
	}
	in := req.Pool
	if len(in.Members) > 0 || in.Monitor != nil {
		core.NotServed(w, r, "members or a health monitor in a pool's create")
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.lb.tick()
	lb, li := s.lb.listenerByID(in.ListenerID)
	if li == nil {
		octaviaFault(w, http.StatusBadRequest, "Validation failure: Listener %s not found.", in.ListenerID)
		return
	}
	if !s.validPool(w, in) || immutable(w, lb, "Load Balancer", lb.ID) {
		return
	}
	if li.DefaultPoolID != "" {
		octaviaFault(w, http.StatusConflict, "Listener %s already has default pool %s.", li.ID, li.DefaultPoolID)
		return
	}
	now := s.Now()
	p := s.addPool(lb, in, li.ID, now)
	li.DefaultPoolID, li.Updated = p.ID, now
	s.lb.begin(lb, "update")
	core.WriteJSON(w, http.StatusCreated, map[string]any{"pool": s.poolJSON(lb, p)})
}

// flags are the admin_state_up of the pool, its members and its monitor.
func (in *poolCreate) flags() []*bool {
	out := []*bool{in.AdminStateUp}
	for _, m := range in.Members {
		out = append(out, m.AdminStateUp)
	}
	if in.Monitor != nil {
		out = append(out, in.Monitor.AdminStateUp)
	}
	return out
}
