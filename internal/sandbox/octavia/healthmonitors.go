package octavia

import (
	"net/http"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Octavia's health monitors: list, show and create (one per pool).
func (s *api) routeHealthMonitors(mux *http.ServeMux) {
	const path = "/load-balancer/v2/lbaas/healthmonitors"
	mux.HandleFunc("GET "+path, s.Authed(s.listMonitors))
	mux.HandleFunc("POST "+path, s.Authed(s.createMonitor))
	mux.HandleFunc("GET "+path+"/{id}", s.Authed(s.getMonitor))
}

var monitorTypes = []string{"HTTP", "HTTPS", "PING", "TCP", "TLS-HELLO", "UDP-CONNECT", "SCTP"}

type monitorCreate struct {
	PoolID       string `json:"pool_id"`
	AdminStateUp *bool  `json:"admin_state_up"`
	Name         string `json:"name"`
	Type         string `json:"type"`
	Delay        *int   `json:"delay"`
	Timeout      *int   `json:"timeout"`
	MaxRetries   *int   `json:"max_retries"`
	URLPath      string `json:"url_path"`
	HTTPMethod   string `json:"http_method"`
	Expected     string `json:"expected_codes"`
}

func (s *api) monitorJSON(p *pool, hm *healthMonitor) map[string]any {
	m := map[string]any{
		"id": hm.ID, "name": hm.Name, "type": hm.Type, "delay": hm.Delay, "timeout": hm.Timeout,
		"max_retries": hm.MaxRetries, "max_retries_down": hm.MaxRetriesDown, "http_method": nil, "url_path": nil,
		"expected_codes": nil, "admin_state_up": true, "project_id": s.ProjectID(), "tenant_id": s.ProjectID(),
		"pools": []map[string]string{{"id": p.ID}}, "provisioning_status": hm.Status, "operating_status": operating(hm.Status),
		"created_at": octaviaTime(hm.Created), "updated_at": octaviaTime(hm.Updated), "tags": []string{},
		"http_version": nil, "domain_name": nil,
	}
	if hm.Type == "HTTP" || hm.Type == "HTTPS" {
		m["http_method"], m["url_path"], m["expected_codes"] = hm.HTTPMethod, hm.URLPath, hm.ExpectedCodes
	}
	return m
}

func validMonitor(w http.ResponseWriter, in monitorCreate) bool {
	mandatory := func(field string, v *int) bool {
		if v == nil {
			octaviaFault(w, http.StatusBadRequest, "Invalid input for field/attribute %s. Value: 'None'. Mandatory field missing.", field)
			return false
		}
		return true
	}
	if !octaviaOneOf(w, "type", in.Type, monitorTypes) || !mandatory("delay", in.Delay) || !mandatory("timeout", in.Timeout) || !mandatory("max_retries", in.MaxRetries) {
		return false
	}
	if *in.MaxRetries < 1 || *in.MaxRetries > 10 {
		octaviaFault(w, http.StatusBadRequest, "Invalid input for field/attribute max_retries. Value: '%d'. Value should be between 1 and 10", *in.MaxRetries)
		return false
	}
	if *in.Timeout > *in.Delay {
		octaviaFault(w, http.StatusBadRequest, "Validation failure: The request timeout value must be less than or equal to the delay value.")
		return false
	}
	return true
}

func newMonitor(in monitorCreate, now time.Time) *healthMonitor {
	or := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	return &healthMonitor{ID: core.NewID(), Name: in.Name, Type: in.Type, Delay: *in.Delay, Timeout: *in.Timeout,
		MaxRetries: *in.MaxRetries, MaxRetriesDown: 3, HTTPMethod: or(in.HTTPMethod, "GET"), URLPath: or(in.URLPath, "/"),
		ExpectedCodes: or(in.Expected, "200"), Status: "PENDING_CREATE", Created: now}
}

func (s *api) listMonitors(w http.ResponseWriter, r *http.Request) {
	s.octaviaListAll(w, r, "healthmonitors", func(lb *LoadBalancer) []map[string]any {
		var rows []map[string]any
		for _, p := range lb.pools {
			if p.monitor != nil {
				rows = append(rows, s.monitorJSON(p, p.monitor))
			}
		}
		return rows
	})
}

func (s *api) getMonitor(w http.ResponseWriter, r *http.Request) {
	s.octaviaShow(w, r, "healthmonitor", "Health Monitor", func(id string) map[string]any {
		if _, p := s.lb.monitorByID(id); p != nil {
			return s.monitorJSON(p, p.monitor)
		}
		return nil
	})
}

func (s *api) createMonitor(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Monitor monitorCreate `json:"healthmonitor"`
	}
	if !core.DecodeServed(w, r, &req) || !core.ServedTrue(w, r, "admin_state_up", req.Monitor.AdminStateUp) {
		return
	}
	in := req.Monitor
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.lb.tick()
	lb, p := s.lb.poolByID(in.PoolID)
	if p == nil {
		octaviaFault(w, http.StatusBadRequest, "Validation failure: Pool %s not found.", in.PoolID)
		return
	}
	if !validMonitor(w, in) || s.lb.overQuota(w, "health_monitor", 1) || immutable(w, lb, "Pool", p.ID) {
		return
	}
	if p.monitor != nil {
		octaviaFault(w, http.StatusConflict, "This pool already has a health monitor")
		return
	}
	p.monitor = newMonitor(in, s.Now())
	s.lb.begin(lb, "update")
	core.WriteJSON(w, http.StatusCreated, map[string]any{"healthmonitor": s.monitorJSON(p, p.monitor)})
}
