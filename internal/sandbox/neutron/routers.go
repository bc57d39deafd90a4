package neutron

import (
	"net/http"
	"net/netip"
	"slices"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Neutron routers: list, show, create (with a gateway on an external
// network), delete, and their interfaces on subnets. The sandbox's seeded
// router connects the private network to ext-floating1.
func (s *api) routeRouters(mux *http.ServeMux) {
	mux.HandleFunc("GET /network/v2.0/routers", s.Authed(s.listRouters))
	mux.HandleFunc("GET /network/v2.0/routers/{id}", s.Authed(s.getRouter))
	mux.HandleFunc("POST /network/v2.0/routers", s.Authed(s.createRouter))
	mux.HandleFunc("DELETE /network/v2.0/routers/{id}", s.Authed(s.deleteRouter))
	mux.HandleFunc("PUT /network/v2.0/routers/{id}/add_router_interface", s.Authed(s.routerInterface(true)))
	mux.HandleFunc("PUT /network/v2.0/routers/{id}/remove_router_interface", s.Authed(s.routerInterface(false)))
}

func (s *api) routerJSON(rt *router) map[string]any {
	n := &s.network
	var gateway any
	if rt.GatewayNetworkID != "" {
		var gwSubnet string
		if nw := n.NetworkByID(rt.GatewayNetworkID); nw != nil && len(nw.SubnetIDs) > 0 {
			gwSubnet = nw.SubnetIDs[0]
		}
		gateway = map[string]any{"network_id": rt.GatewayNetworkID, "enable_snat": true,
			"external_fixed_ips": []map[string]string{{"subnet_id": gwSubnet, "ip_address": rt.GatewayIP}}}
	}
	return map[string]any{
		"id": rt.ID, "name": rt.Name, "tenant_id": s.ProjectID(), "project_id": s.ProjectID(),
		"admin_state_up": !rt.AdminDown, "status": "ACTIVE", "description": rt.Description,
		"external_gateway_info":   gateway,
		"availability_zone_hints": []string{}, "availability_zones": []string{}, "routes": rt.routesJSON(),
		"flavor_id": nil, "tags": n.tagsOf(rt.ID), "created_at": core.Timestamp(n.createdAt(rt.Created)),
		"updated_at": core.Timestamp(n.createdAt(rt.Updated)), "revision_number": rt.Revision,
	}
}

func (s *api) listRouters(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	var all []map[string]any
	for _, rt := range s.network.routers {
		all = append(all, s.routerJSON(rt))
	}
	s.Mu.Unlock()
	neutronList(w, r, all, neutronListed{plural: "routers", marker: routerKind})
}

func (s *api) getRouter(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	if rt := s.routerAt(w, r); rt != nil {
		core.WriteJSON(w, http.StatusOK, map[string]any{"router": s.routerJSON(rt)})
	}
}

func (s *api) createRouter(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Router struct {
			Name         string         `json:"name"`
			Description  string         `json:"description"`
			AdminStateUp *bool          `json:"admin_state_up"`
			Gateway      map[string]any `json:"external_gateway_info"`
		} `json:"router"`
	}
	if !neutronDecodeServed(w, r, &req, "router", "name", "description", "admin_state_up", "external_gateway_info") {
		return
	}
	if !gatewayAllowed(w, r, "create_router", req.Router.Gateway) {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := &s.network
	if err := n.OverQuota("router", 1); err != nil {
		neutronFault(w, http.StatusConflict, "OverQuota", "%s", err)
		return
	}
	now := s.Now()
	rt := &router{ID: core.NewID(), Name: req.Router.Name, Description: req.Router.Description, Created: now, Updated: now,
		Revision: 1, AdminDown: isFalse(req.Router.AdminStateUp)}
	if !s.setRouterGateway(w, rt, req.Router.Gateway) {
		return
	}
	n.routers = append(n.routers, rt)
	core.WriteJSON(w, http.StatusCreated, map[string]any{"router": s.routerJSON(rt)})
}

// deleteRouter is refused while the router has interfaces.
func (s *api) deleteRouter(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	rt := s.routerAt(w, r)
	if rt == nil {
		return
	}
	n := &s.network
	var attached []string
	for _, p := range n.Ports {
		if p.DeviceID == rt.ID {
			attached = append(attached, p.ID)
		}
	}
	if len(attached) > 0 {
		neutronFault(w, http.StatusConflict, "RouterInUse", "Router %s has ports still attached: %s", rt.ID, strings.Join(attached, ", "))
		return
	}
	for _, f := range n.FloatingIPs {
		if f.RouterID == rt.ID {
			n.disassociate(f)
		}
	}
	n.routers = slices.DeleteFunc(n.routers, func(x *router) bool { return x == rt })
	w.WriteHeader(http.StatusNoContent)
}

// routerInterface adds (or removes) the router's interface on a subnet: a
// port with the subnet's gateway address, owned by the router.
func (s *api) routerInterface(add bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			SubnetID string `json:"subnet_id"`
		}
		if !neutronDecode(w, r, &req) {
			return
		}
		s.Mu.Lock()
		defer s.Mu.Unlock()
		n := &s.network
		rt := s.routerAt(w, r)
		if rt == nil {
			return
		}
		sn := neutronFound(w, subnetKind, req.SubnetID, n.Subnet)
		if sn == nil {
			return
		}
		var iface *Port
		for _, p := range n.portsOn("", sn.ID) {
			if p.DeviceID == rt.ID {
				iface = p
			}
		}
		now := s.Now()
		switch {
		case add && iface != nil:
			neutronFault(w, http.StatusBadRequest, "BadRequest", "Bad router request: Router already has a port on subnet %s.", sn.ID)
			return
		case !add && iface == nil:
			neutronFault(w, http.StatusNotFound, "RouterInterfaceNotFoundForSubnet", "Router %s has no interface on subnet %s", rt.ID, sn.ID)
			return
		case !add && slices.ContainsFunc(rt.Routes, func(rr route) bool { return sn.Prefix.Contains(netip.MustParseAddr(rr.Nexthop)) }):
			neutronFault(w, http.StatusConflict, "RouterInterfaceInUseByRoute", "Router interface for subnet %s on router %s cannot be deleted, as it is required by one or more routes.", sn.ID, rt.ID)
			return
		case add && !sn.serves("network:router_interface"):
			core.NotServed(w, r, "a router interface on a subnet whose service types leave it out")
			return
		case add && !sn.Gateway.IsValid():
			neutronFault(w, http.StatusBadRequest, "BadRequest", "Bad router request: Subnet %s does not have a gateway IP.", sn.ID)
			return
		case add:
			iface = &Port{ID: core.NewID(), NetworkID: sn.NetworkID, MAC: MAC(), DeviceID: rt.ID,
				DeviceOwner: "network:router_interface", FixedIPs: []FixedIP{{SubnetID: sn.ID, Addr: sn.Gateway.String()}},
				Created: now, Updated: now, Revision: 1, Bound: true}
			n.Ports = append(n.Ports, iface)
			rt.SubnetIDs = append(rt.SubnetIDs, sn.ID)
		default:
			n.Ports = slices.DeleteFunc(n.Ports, func(p *Port) bool { return p == iface })
			rt.SubnetIDs = slices.DeleteFunc(rt.SubnetIDs, func(id string) bool { return id == sn.ID })
		}
		rt.Updated = now
		rt.Revision++
		core.WriteJSON(w, http.StatusOK, map[string]any{"id": rt.ID, "tenant_id": s.ProjectID(), "port_id": iface.ID,
			"network_id": sn.NetworkID, "subnet_id": sn.ID, "subnet_ids": []string{sn.ID}})
	}
}

// routerAt is the router of the path's id, or nil after Neutron's 404.
func (s *api) routerAt(w http.ResponseWriter, r *http.Request) *router {
	return neutronFound(w, routerKind, r.PathValue("id"), s.network.routerByID)
}
