package octavia

import (
	"net/http"
	"net/netip"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
)

// Octavia's load balancers: versions, list, show, create (with its
// listeners, pools, members and health monitors in one request: Octavia's
// fully populated create), delete (cascade), and the status tree.
func (s *api) routeLoadBalancers(mux *http.ServeMux) {
	for _, p := range []string{"GET /load-balancer", "GET /load-balancer/{$}"} {
		mux.HandleFunc(p, s.octaviaVersions)
	}
	// Octavia answers under /v2 and /v2.0 alike (gophercloud asks /v2.0);
	// what is not served under /v2 is a 501 under /v2.0 too.
	mux.HandleFunc("/load-balancer/v2.0/", func(w http.ResponseWriter, r *http.Request) {
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/load-balancer/v2/" + strings.TrimPrefix(r.URL.Path, "/load-balancer/v2.0/")
		s.ServeOrRefuse(mux).ServeHTTP(w, r2)
	})
	const lbs = "/load-balancer/v2/lbaas/loadbalancers"
	mux.HandleFunc("GET "+lbs, s.Authed(s.listLoadBalancers))
	mux.HandleFunc("POST "+lbs, s.Authed(s.createLoadBalancer))
	mux.HandleFunc("GET "+lbs+"/{id}", s.Authed(s.getLoadBalancer))
	mux.HandleFunc("DELETE "+lbs+"/{id}", s.Authed(s.deleteLoadBalancer))
	mux.HandleFunc("GET "+lbs+"/{id}/status", s.Authed(s.loadBalancerStatus))
}

func (s *api) octaviaVersions(w http.ResponseWriter, r *http.Request) {
	core.WriteJSON(w, http.StatusOK, map[string]any{"versions": []any{map[string]any{"id": "v2.26", "status": "CURRENT",
		"updated": "2022-08-29T00:00:00Z", "links": []map[string]string{{"href": core.BaseURL(r) + "/load-balancer/v2", "rel": "self"}}}}})
}

func (s *api) lbJSON(lb *LoadBalancer) map[string]any {
	ids := func(n int, id func(int) string) []map[string]string {
		out := make([]map[string]string, n)
		for i := range out {
			out[i] = map[string]string{"id": id(i)}
		}
		return out
	}
	return map[string]any{
		"id": lb.ID, "name": lb.Name, "description": lb.Description, "provisioning_status": lb.Status,
		"operating_status": operating(lb.Status), "admin_state_up": true, "project_id": s.ProjectID(), "tenant_id": s.ProjectID(),
		"created_at": octaviaTime(lb.Created), "updated_at": octaviaTime(lb.Updated),
		"vip_address": lb.VipAddress, "vip_port_id": lb.VipPortID, "vip_subnet_id": lb.VipSubnetID,
		"vip_network_id": lb.VipNetworkID, "additional_vips": orEmpty(lb.AdditionalVips),
		"listeners": ids(len(lb.listeners), func(i int) string { return lb.listeners[i].ID }),
		"pools":     ids(len(lb.pools), func(i int) string { return lb.pools[i].ID }),
		"provider":  "amphora", "flavor_id": nil, "vip_qos_policy_id": nil, "tags": orEmpty(lb.Tags), "availability_zone": nil,
	}
}

// octaviaList answers a list with Octavia's filters (equality on any
// attribute the records show, and Neutron's tag filters), in pages
// (octaviaPage) with its links key.
func octaviaList(w http.ResponseWriter, r *http.Request, plural string, records []map[string]any) {
	q := r.URL.Query()
	after, limit, ok := octaviaPage(w, r, records)
	if !ok {
		return
	}
	out := []map[string]any{}
	for _, rec := range after {
		if limit > 0 && len(out) == limit {
			break
		}
		if neutron.Matches(rec, q) && neutron.TagsMatch(rec, q) {
			out = append(out, rec)
		}
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{plural: out, plural + "_links": octaviaLinks(r, out, limit)})
}

// octaviaListAll answers the list of one kind under plural, with Octavia's
// filters: rows is the views of what one load balancer has of the kind.
func (s *api) octaviaListAll(w http.ResponseWriter, r *http.Request, plural string, rows func(lb *LoadBalancer) []map[string]any) {
	s.Mu.Lock()
	s.lb.tick()
	all := []map[string]any{}
	for _, lb := range s.lb.LoadBalancers {
		all = append(all, rows(lb)...)
	}
	s.Mu.Unlock()
	octaviaList(w, r, plural, all)
}

// octaviaShow answers the one of the path's id under key, or Octavia's 404
// naming it as what: view is its view, nil when there is none.
func (s *api) octaviaShow(w http.ResponseWriter, r *http.Request, key, what string, view func(id string) map[string]any) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.lb.tick()
	id := r.PathValue("id")
	body := view(id)
	if body == nil {
		octaviaFault(w, http.StatusNotFound, "%s %s not found.", what, id)
		return
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{key: body})
}

func (s *api) listLoadBalancers(w http.ResponseWriter, r *http.Request) {
	s.octaviaListAll(w, r, "loadbalancers", func(lb *LoadBalancer) []map[string]any {
		return []map[string]any{s.lbJSON(lb)}
	})
}

// lbFound is the load balancer of the path's id, or nil after a 404.
func (s *api) lbFound(w http.ResponseWriter, r *http.Request) *LoadBalancer {
	s.lb.tick()
	lb := s.lb.lbByID(r.PathValue("id"))
	if lb == nil {
		octaviaFault(w, http.StatusNotFound, "Load Balancer %s not found.", r.PathValue("id"))
	}
	return lb
}

func (s *api) getLoadBalancer(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	if lb := s.lbFound(w, r); lb != nil {
		core.WriteJSON(w, http.StatusOK, map[string]any{"loadbalancer": s.lbJSON(lb)})
	}
}

type lbCreate struct {
	Name           string           `json:"name"`
	Description    string           `json:"description"`
	AdminStateUp   *bool            `json:"admin_state_up"`
	Tags           []string         `json:"tags"`
	VipSubnetID    string           `json:"vip_subnet_id"`
	VipNetwork     string           `json:"vip_network_id"`
	VipAddress     string           `json:"vip_address"`
	AdditionalVips []additionalVip  `json:"additional_vips"`
	Listeners      []listenerCreate `json:"listeners"`
}

// additionalVip is a further address of the VIP port, on another subnet of
// the VIP's network.
type additionalVip struct {
	SubnetID  string `json:"subnet_id"`
	IPAddress string `json:"ip_address"`
}

// adminUp answers 501 when any part of the create asks admin_state_up false.
func (in lbCreate) adminUp(w http.ResponseWriter, r *http.Request) bool {
	flags := []*bool{in.AdminStateUp}
	for _, li := range in.Listeners {
		flags = append(flags, li.AdminStateUp)
		if p := li.DefaultPool; p != nil {
			flags = append(flags, p.flags()...)
		}
	}
	return core.ServedTrue(w, r, "admin_state_up", flags...)
}

func (s *api) createLoadBalancer(w http.ResponseWriter, r *http.Request) {
	var req struct {
		LB lbCreate `json:"loadbalancer"`
	}
	if !core.DecodeServed(w, r, &req) || !req.LB.adminUp(w, r) {
		return
	}
	in := req.LB
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.lb.tick()
	n := neutron.Of(s.Cloud)
	sn := n.Subnet(in.VipSubnetID)
	if in.VipSubnetID == "" && in.VipNetwork != "" {
		if nw := n.NetworkByID(in.VipNetwork); nw != nil && len(nw.SubnetIDs) > 0 {
			sn = n.Subnet(nw.SubnetIDs[0])
		} else {
			octaviaFault(w, http.StatusBadRequest, "Validation failure: neutron.Network %s not found.", in.VipNetwork)
			return
		}
	}
	switch {
	case in.VipSubnetID == "" && in.VipNetwork == "":
		octaviaFault(w, http.StatusBadRequest, "Validation failure: VIP must contain one of: vip_port_id, vip_network_id, vip_subnet_id.")
		return
	case sn == nil:
		octaviaFault(w, http.StatusBadRequest, "Validation failure: Subnet %s not found.", in.VipSubnetID)
		return
	}
	for _, av := range in.AdditionalVips {
		switch other := n.Subnet(av.SubnetID); {
		case other == nil:
			octaviaFault(w, http.StatusBadRequest, "Validation failure: Subnet %s not found.", av.SubnetID)
			return
		case other.NetworkID != sn.NetworkID:
			octaviaFault(w, http.StatusBadRequest, "Validation failure: All VIP subnets must belong to the same network.")
			return
		}
	}
	if s.lb.overQuota(w, "load_balancer", 1) || !s.validListeners(w, in.Listeners) {
		return
	}
	now := s.Now()
	lb := &LoadBalancer{ID: core.NewID(), Name: in.Name, Description: in.Description, Tags: in.Tags, VipSubnetID: sn.ID,
		VipNetworkID: sn.NetworkID, Created: now}
	addr := in.VipAddress
	if _, err := netip.ParseAddr(addr); err != nil {
		addr = n.Allocate(sn)
	}
	// The VIP is a Neutron port Octavia owns: a floating IP attaches to it,
	// and it keeps its network in use until the load balancer is deleted.
	vip := &neutron.Port{ID: core.NewID(), Name: "octavia-lb-" + lb.ID, NetworkID: sn.NetworkID, MAC: neutron.MAC(),
		DeviceID: lbDevice(lb.ID), DeviceOwner: "Octavia", FixedIPs: []neutron.FixedIP{{SubnetID: sn.ID, Addr: addr}},
		Created: now, Updated: now, Revision: 1, Bound: true}
	for _, av := range in.AdditionalVips {
		if _, err := netip.ParseAddr(av.IPAddress); err != nil {
			av.IPAddress = n.Allocate(n.Subnet(av.SubnetID))
		}
		vip.FixedIPs = append(vip.FixedIPs, neutron.FixedIP{SubnetID: av.SubnetID, Addr: av.IPAddress})
		lb.AdditionalVips = append(lb.AdditionalVips, av)
	}
	n.AddPort(vip)
	lb.VipAddress, lb.VipPortID = addr, vip.ID
	for _, li := range in.Listeners {
		s.addListener(lb, li, now)
	}
	s.lb.begin(lb, "create")
	s.lb.LoadBalancers = append(s.lb.LoadBalancers, lb)
	body := s.lbJSON(lb)
	full := func(n int, f func(int) map[string]any) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	body["listeners"] = full(len(lb.listeners), func(i int) map[string]any {
		li := s.listenerJSON(lb, lb.listeners[i])
		delete(li, "loadbalancers") // the create's answer leaves out what it is inside
		return li
	})
	body["pools"] = full(len(lb.pools), func(i int) map[string]any {
		p := s.poolJSON(lb, lb.pools[i])
		p["members"] = full(len(lb.pools[i].members), func(j int) map[string]any { return s.memberJSON(lb.pools[i], lb.pools[i].members[j]) })
		p["healthmonitor"] = nil
		if hm := lb.pools[i].monitor; hm != nil {
			p["healthmonitor"] = s.monitorJSON(lb.pools[i], hm)
		}
		return p
	})
	core.WriteJSON(w, http.StatusCreated, map[string]any{"loadbalancer": body})
}

// deleteLoadBalancer deletes a load balancer; with ?cascade=true its
// listeners, pools, members and monitors go with it, without it one that
// has any is refused.
func (s *api) deleteLoadBalancer(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	lb := s.lbFound(w, r)
	if lb == nil {
		return
	}
	if lb.Op != nil {
		octaviaFault(w, http.StatusConflict, "Invalid state %s of loadbalancer resource %s", lb.Status, lb.ID)
		return
	}
	if r.URL.Query().Get("cascade") != "true" && (len(lb.listeners) > 0 || len(lb.pools) > 0) {
		octaviaFault(w, http.StatusBadRequest, "Validation failure: Cannot delete Load Balancer %s - it has children", lb.ID)
		return
	}
	for _, li := range lb.listeners {
		li.Status = "PENDING_DELETE"
	}
	for _, p := range lb.pools {
		p.Status = "PENDING_DELETE"
		for _, m := range p.members {
			m.Status = "PENDING_DELETE"
		}
		if p.monitor != nil {
			p.monitor.Status = "PENDING_DELETE"
		}
	}
	s.lb.begin(lb, "delete")
	w.WriteHeader(http.StatusNoContent)
}

// loadBalancerStatus is the status tree: listeners, their pools, the pools'
// members and health monitor, with their provisioning and operating status.
func (s *api) loadBalancerStatus(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	lb := s.lbFound(w, r)
	if lb == nil {
		return
	}
	listeners := []map[string]any{}
	for _, li := range lb.listeners {
		pools := []map[string]any{}
		for _, p := range lb.pools {
			if p.ListenerID != li.ID {
				continue
			}
			members := []map[string]any{}
			for _, m := range p.members {
				members = append(members, map[string]any{"id": m.ID, "name": m.Name, "operating_status": memberOperating(p, m),
					"provisioning_status": m.Status, "address": m.Address, "protocol_port": m.Port})
			}
			tree := map[string]any{"id": p.ID, "name": p.Name, "provisioning_status": p.Status,
				"operating_status": operating(p.Status), "members": members}
			if hm := p.monitor; hm != nil {
				tree["health_monitor"] = map[string]any{"id": hm.ID, "name": hm.Name, "type": hm.Type,
					"provisioning_status": hm.Status, "operating_status": operating(hm.Status)}
			}
			pools = append(pools, tree)
		}
		listeners = append(listeners, map[string]any{"id": li.ID, "name": li.Name, "operating_status": operating(li.Status),
			"provisioning_status": li.Status, "pools": pools})
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"statuses": map[string]any{"loadbalancer": map[string]any{
		"id": lb.ID, "name": lb.Name, "operating_status": operating(lb.Status), "provisioning_status": lb.Status,
		"listeners": listeners}}})
}

// memberOperating is NO_MONITOR while its pool has no health monitor.
func memberOperating(p *pool, m *member) string {
	if p.monitor == nil {
		return "NO_MONITOR"
	}
	return operating(m.Status)
}
