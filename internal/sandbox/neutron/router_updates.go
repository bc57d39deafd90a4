package neutron

import (
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// A router's update (name, description, admin state, gateway, routes) and
// the extraroute-atomic extension's add_extraroutes and remove_extraroutes.
// A route's nexthop must be on a subnet the router has an interface on.
func (s *api) routeRouterUpdates(mux *http.ServeMux) {
	mux.HandleFunc("PUT /network/v2.0/routers/{id}", s.Authed(s.updateRouter))
	mux.HandleFunc("PUT /network/v2.0/routers/{id}/add_extraroutes", s.Authed(s.changeExtraRoutes(true)))
	mux.HandleFunc("PUT /network/v2.0/routers/{id}/remove_extraroutes", s.Authed(s.changeExtraRoutes(false)))
}

func init() {
	ifMatchRoutes["PUT /network/v2.0/routers/{id}"] = true
}

var routerReadOnly = []string{"id", "tenant_id", "project_id", "status", "created_at", "updated_at", "revision_number"}

func (s *api) updateRouter(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Router struct {
			Name         *string              `json:"name"`
			Description  *string              `json:"description"`
			AdminStateUp *bool                `json:"admin_state_up"`
			Gateway      *map[string]any      `json:"external_gateway_info"`
			Routes       *[]map[string]string `json:"routes"`
		} `json:"router"`
	}
	if !neutronUpdateDecoded(w, r, &req, "router", routerReadOnly, "name", "description", "admin_state_up", "external_gateway_info", "routes") {
		return
	}
	in := req.Router
	if in.Gateway != nil && !gatewayAllowed(w, r, "update_router", *in.Gateway) {
		return
	}
	var routes []route
	if in.Routes != nil {
		var ok bool
		if routes, ok = routesIn(w, *in.Routes); !ok {
			return
		}
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	rt := s.routerAt(w, r)
	if rt == nil || !revisionMatches(w, r, rt.Revision) || (in.Routes != nil && !s.routesReachable(w, rt, routes)) {
		return
	}
	next := *rt
	changed := setIf(&next.Name, in.Name)
	changed = setIf(&next.Description, in.Description) || changed
	if in.AdminStateUp != nil && next.AdminDown == *in.AdminStateUp {
		next.AdminDown, changed = !*in.AdminStateUp, true
	}
	if changed {
		next.Revision++
	}
	// Neutron writes the routes apart from the router's other attributes.
	if in.Routes != nil && !slices.Equal(routes, next.Routes) {
		next.Routes = routes
		next.Revision++
	}
	if in.Gateway != nil && !s.setRouterGateway(w, &next, *in.Gateway) {
		return
	}
	if next.Revision != rt.Revision {
		next.Updated = s.Now()
	}
	*rt = next
	core.WriteJSON(w, http.StatusOK, map[string]any{"router": s.routerJSON(rt)})
}

// changeExtraRoutes adds routes a router does not have yet, or removes
// those it has (the others named are ignored, as Neutron does).
func (s *api) changeExtraRoutes(add bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Router *struct {
				Routes []map[string]string `json:"routes"`
			} `json:"router"`
		}
		if !neutronDecode(w, r, &req) {
			return
		}
		if req.Router == nil {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Unable to find 'router' in request body")
			return
		}
		given, ok := routesIn(w, req.Router.Routes)
		if !ok {
			return
		}
		s.Mu.Lock()
		defer s.Mu.Unlock()
		rt := s.routerAt(w, r)
		if rt == nil || (add && !s.routesReachable(w, rt, given)) {
			return
		}
		routes := slices.Clone(rt.Routes)
		for _, g := range given {
			if add && !slices.Contains(routes, g) {
				routes = append(routes, g)
			}
			if !add {
				routes = slices.DeleteFunc(routes, func(x route) bool { return x == g })
			}
		}
		rt.Routes, rt.Updated = routes, s.Now()
		rt.Revision++
		core.WriteJSON(w, http.StatusOK, map[string]any{"router": s.routerJSON(rt)})
	}
}

// routesIn reads routes: a destination cidr and a nexthop address each.
func routesIn(w http.ResponseWriter, in []map[string]string) ([]route, bool) {
	out := []route{}
	for _, m := range in {
		if _, err := netip.ParsePrefix(m["destination"]); err != nil {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Invalid input for routes. Reason: '%s' is not a valid CIDR.", m["destination"])
			return nil, false
		}
		if _, err := netip.ParseAddr(m["nexthop"]); err != nil {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Invalid input for routes. Reason: '%s' is not a valid IP address.", m["nexthop"])
			return nil, false
		}
		out = append(out, route{Destination: m["destination"], Nexthop: m["nexthop"]})
	}
	return out, true
}

// routesReachable refuses routes whose nexthop is on none of the router's
// subnets.
func (s *api) routesReachable(w http.ResponseWriter, rt *router, routes []route) bool {
	for _, rr := range routes {
		hop := netip.MustParseAddr(rr.Nexthop)
		if !slices.ContainsFunc(rt.SubnetIDs, func(id string) bool {
			sn := s.network.Subnet(id)
			return sn != nil && sn.Prefix.Contains(hop)
		}) {
			neutronFault(w, http.StatusBadRequest, "InvalidRoutes", "Invalid format for routes: %s, the nexthop is not connected with router", routesRepr(routes))
			return false
		}
	}
	return true
}

// routesRepr is routes as Neutron's messages print them (Python's repr).
func routesRepr(routes []route) string {
	parts := make([]string, len(routes))
	for i, rr := range routes {
		parts[i] = fmt.Sprintf("{'destination': '%s', 'nexthop': '%s'}", rr.Destination, rr.Nexthop)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func (rt *router) routesJSON() []map[string]string {
	out := make([]map[string]string, len(rt.Routes))
	for i, rr := range rt.Routes {
		out[i] = map[string]string{"destination": rr.Destination, "nexthop": rr.Nexthop}
	}
	return out
}
