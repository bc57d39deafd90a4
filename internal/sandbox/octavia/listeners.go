package octavia

import (
	"net/http"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Octavia's listeners: list, show and create (on an ACTIVE load balancer;
// within a load balancer's fully populated create, with a default pool).
func (s *api) routeListeners(mux *http.ServeMux) {
	const path = "/load-balancer/v2/lbaas/listeners"
	mux.HandleFunc("GET "+path, s.Authed(s.listListeners))
	mux.HandleFunc("POST "+path, s.Authed(s.createListener))
	mux.HandleFunc("GET "+path+"/{id}", s.Authed(s.getListener))
}

// listenerProtocols are the protocols Octavia's API takes, in its words'
// order.
var listenerProtocols = []string{"TCP", "TERMINATED_HTTPS", "SCTP", "PROMETHEUS", "HTTP", "HTTPS", "UDP"}

type listenerCreate struct {
	LoadBalancerID string      `json:"loadbalancer_id"`
	Name           string      `json:"name"`
	Description    string      `json:"description"`
	AdminStateUp   *bool       `json:"admin_state_up"`
	Protocol       string      `json:"protocol"`
	Port           *int        `json:"protocol_port"`
	DefaultPool    *poolCreate `json:"default_pool"`
}

func (s *api) listenerJSON(lb *LoadBalancer, li *listener) map[string]any {
	var defaultPool any
	if li.DefaultPoolID != "" {
		defaultPool = li.DefaultPoolID
	}
	return map[string]any{
		"id": li.ID, "name": li.Name, "description": li.Description, "provisioning_status": li.Status,
		"operating_status": operating(li.Status), "admin_state_up": true, "protocol": li.Protocol,
		"protocol_port": li.Port, "connection_limit": -1, "default_tls_container_ref": nil, "sni_container_refs": []string{},
		"project_id": s.ProjectID(), "tenant_id": s.ProjectID(), "default_pool_id": defaultPool, "l7policies": []any{},
		"insert_headers": map[string]any{}, "created_at": octaviaTime(li.Created), "updated_at": octaviaTime(li.Updated),
		"loadbalancers": []map[string]string{{"id": lb.ID}}, "timeout_client_data": 50000, "timeout_member_connect": 5000,
		"timeout_member_data": 50000, "timeout_tcp_inspect": 0, "tags": []string{}, "client_ca_tls_container_ref": nil,
		"client_authentication": "NONE", "client_crl_container_ref": nil, "allowed_cidrs": nil, "tls_ciphers": nil,
		"tls_versions": nil, "alpn_protocols": nil,
	}
}

// validPort refuses a protocol_port out of 1-65535 in Octavia's words.
func validPort(w http.ResponseWriter, port *int) bool {
	switch {
	case port == nil:
		octaviaFault(w, http.StatusBadRequest, "Invalid input for field/attribute protocol_port. Value: 'None'. Mandatory field missing.")
	case *port < 1:
		octaviaFault(w, http.StatusBadRequest, "Invalid input for field/attribute protocol_port. Value: '%d'. Value should be greater or equal to 1", *port)
	case *port > 65535:
		octaviaFault(w, http.StatusBadRequest, "Invalid input for field/attribute protocol_port. Value: '%d'. Value should be lower or equal to 65535", *port)
	default:
		return true
	}
	return false
}

// validListeners checks listeners (and their default pools) before anything
// is made, and refuses two on one protocol and port.
func (s *api) validListeners(w http.ResponseWriter, listeners []listenerCreate) bool {
	if s.lb.overQuota(w, "listener", len(listeners)) {
		return false
	}
	for i, li := range listeners {
		if !octaviaOneOf(w, "protocol", li.Protocol, listenerProtocols) || !validPort(w, li.Port) {
			return false
		}
		for _, other := range listeners[:i] {
			if other.Protocol == li.Protocol && *other.Port == *li.Port {
				octaviaFault(w, http.StatusConflict, "Another Listener on this Load Balancer is already using protocol %s and protocol_port %d", li.Protocol, *li.Port)
				return false
			}
		}
		if li.DefaultPool != nil && !s.validPool(w, *li.DefaultPool) {
			return false
		}
	}
	return true
}

// addListener adds a checked listener (and its default pool) to lb, pending.
func (s *api) addListener(lb *LoadBalancer, in listenerCreate, now time.Time) *listener {
	li := &listener{ID: core.NewID(), Name: in.Name, Description: in.Description, Protocol: in.Protocol, Port: *in.Port, Status: "PENDING_CREATE", Created: now}
	lb.listeners = append(lb.listeners, li)
	if in.DefaultPool != nil {
		p := s.addPool(lb, *in.DefaultPool, li.ID, now)
		li.DefaultPoolID, li.Updated = p.ID, now
	}
	return li
}

func (s *api) listListeners(w http.ResponseWriter, r *http.Request) {
	// loadbalancer_id filters on what a listener shows as loadbalancers[].
	q := r.URL.Query()
	of := q.Get("loadbalancer_id")
	q.Del("loadbalancer_id")
	r.URL.RawQuery = q.Encode()
	s.octaviaListAll(w, r, "listeners", func(lb *LoadBalancer) []map[string]any {
		var rows []map[string]any
		if of != "" && lb.ID != of {
			return rows
		}
		for _, li := range lb.listeners {
			rows = append(rows, s.listenerJSON(lb, li))
		}
		return rows
	})
}

func (s *api) getListener(w http.ResponseWriter, r *http.Request) {
	s.octaviaShow(w, r, "listener", "Listener", func(id string) map[string]any {
		if lb, li := s.lb.listenerByID(id); li != nil {
			return s.listenerJSON(lb, li)
		}
		return nil
	})
}

func (s *api) createListener(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Listener listenerCreate `json:"listener"`
	}
	if !core.DecodeServed(w, r, &req) || !core.ServedTrue(w, r, "admin_state_up", req.Listener.AdminStateUp) {
		return
	}
	in := req.Listener
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.lb.tick()
	lb := s.lb.lbByID(in.LoadBalancerID)
	if lb == nil {
		octaviaFault(w, http.StatusBadRequest, "Validation failure: Load Balancer %s not found.", in.LoadBalancerID)
		return
	}
	if in.DefaultPool != nil {
		core.NotServed(w, r, "a default pool in a listener's create")
		return
	}
	if !s.validListeners(w, []listenerCreate{in}) || immutable(w, lb, "Load Balancer", lb.ID) {
		return
	}
	for _, li := range lb.listeners {
		if li.Protocol == in.Protocol && li.Port == *in.Port {
			octaviaFault(w, http.StatusConflict, "Another Listener on this Load Balancer is already using protocol %s and protocol_port %d", in.Protocol, *in.Port)
			return
		}
	}
	li := s.addListener(lb, in, s.Now())
	s.lb.begin(lb, "update")
	core.WriteJSON(w, http.StatusCreated, map[string]any{"listener": s.listenerJSON(lb, li)})
}
