package neutron

import (
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Neutron's subnet pools (subnet_allocation, subnetpool-prefix-ops): a
// project's IPv4 prefixes that its subnets take their cidrs from, the first
// free block of the length asked for.
func (s *api) routeSubnetPools(mux *http.ServeMux) {
	mux.HandleFunc("GET /network/v2.0/subnetpools", s.Authed(s.listSubnetPools))
	mux.HandleFunc("GET /network/v2.0/subnetpools/{id}", s.Authed(s.getSubnetPool))
	mux.HandleFunc("POST /network/v2.0/subnetpools", s.Authed(s.createSubnetPool))
	mux.HandleFunc("PUT /network/v2.0/subnetpools/{id}", s.Authed(s.updateSubnetPool))
	mux.HandleFunc("DELETE /network/v2.0/subnetpools/{id}", s.Authed(s.deleteSubnetPool))
	mux.HandleFunc("PUT /network/v2.0/subnetpools/{id}/add_prefixes", s.Authed(s.subnetPoolPrefixes(true)))
	mux.HandleFunc("PUT /network/v2.0/subnetpools/{id}/remove_prefixes", s.Authed(s.subnetPoolPrefixes(false)))
}

func init() {
	ifMatchRoutes["PUT /network/v2.0/subnetpools/{id}"] = true
	taggedCollections["subnetpools"] = func(s *api, id string) (stamped, bool) {
		if sp := s.network.subnetPool(id); sp != nil {
			return stamped{&sp.Revision, &sp.Updated}, true
		}
		return stamped{}, false
	}
}

var subnetPoolKind = neutronKind{"SubnetPoolNotFound", "Subnet pool %s could not be found."}

type subnetPool struct {
	ID, Name, Description      string
	Prefixes                   []netip.Prefix // merged and sorted, as Neutron keeps them
	DefaultLen, MinLen, MaxLen int
	Created, Updated           time.Time
	Revision                   int
}

func (n *State) subnetPool(id string) *subnetPool {
	for _, sp := range n.subnetPools {
		if sp.ID == id {
			return sp
		}
	}
	return nil
}

// subnetPoolJSON is a pool as Neutron shows, lists and creates it: its
// prefix lengths as strings there (its update answers numbers).
func (s *api) subnetPoolJSON(sp *subnetPool) map[string]any {
	m := s.subnetPoolUpdatedJSON(sp)
	for _, k := range []string{"default_prefixlen", "min_prefixlen", "max_prefixlen"} {
		m[k] = strconv.Itoa(m[k].(int))
	}
	m["default_quota"], m["address_scope_id"] = nil, nil
	return m
}

func (s *api) subnetPoolUpdatedJSON(sp *subnetPool) map[string]any {
	prefixes := make([]string, len(sp.Prefixes))
	for i, p := range sp.Prefixes {
		prefixes[i] = p.String()
	}
	return map[string]any{
		"id": sp.ID, "name": sp.Name, "tenant_id": s.ProjectID(), "project_id": s.ProjectID(),
		"default_prefixlen": sp.DefaultLen, "min_prefixlen": sp.MinLen, "max_prefixlen": sp.MaxLen,
		"is_default": false, "shared": false, "prefixes": prefixes, "ip_version": 4,
		"description": sp.Description, "tags": s.network.tagsOf(sp.ID), "created_at": core.Timestamp(sp.Created),
		"updated_at": core.Timestamp(sp.Updated), "revision_number": sp.Revision,
	}
}

func (s *api) listSubnetPools(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	var all []map[string]any
	for _, sp := range s.network.subnetPools {
		all = append(all, s.subnetPoolJSON(sp))
	}
	s.Mu.Unlock()
	neutronList(w, r, all, neutronListed{plural: "subnetpools"})
}

func (s *api) getSubnetPool(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	if sp := neutronFound(w, subnetPoolKind, r.PathValue("id"), s.network.subnetPool); sp != nil {
		core.WriteJSON(w, http.StatusOK, map[string]any{"subnetpool": s.subnetPoolJSON(sp)})
	}
}

func (s *api) createSubnetPool(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Pool struct {
			Name        string    `json:"name"`
			Description string    `json:"description"`
			Prefixes    *[]string `json:"prefixes"`
			DefaultLen  *int      `json:"default_prefixlen"`
			MinLen      *int      `json:"min_prefixlen"`
			MaxLen      *int      `json:"max_prefixlen"`
		} `json:"subnetpool"`
	}
	if !neutronDecodeServed(w, r, &req, "subnetpool", "name", "description", "prefixes", "default_prefixlen", "min_prefixlen", "max_prefixlen") {
		return
	}
	in := req.Pool
	if in.Prefixes == nil {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Failed to parse request. Required attribute 'prefixes' not specified")
		return
	}
	prefixes, ok := parsePoolPrefixes(w, r, *in.Prefixes)
	if !ok {
		return
	}
	now := s.Now()
	sp := &subnetPool{ID: core.NewID(), Name: in.Name, Description: in.Description, Prefixes: prefixes,
		MinLen: 8, MaxLen: 32, Created: now, Updated: now}
	setIf(&sp.MinLen, in.MinLen)
	setIf(&sp.MaxLen, in.MaxLen)
	sp.DefaultLen = sp.MinLen
	setIf(&sp.DefaultLen, in.DefaultLen)
	if sp.MinLen > sp.DefaultLen || sp.DefaultLen > sp.MaxLen || sp.MaxLen > 32 {
		core.NotServed(w, r, "prefix lengths out of order (min_prefixlen <= default_prefixlen <= max_prefixlen <= 32)")
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.network.subnetPools = append(s.network.subnetPools, sp)
	core.WriteJSON(w, http.StatusCreated, map[string]any{"subnetpool": s.subnetPoolJSON(sp)})
}

// parsePoolPrefixes reads a pool's IPv4 prefixes, merged as Neutron keeps
// them.
func parsePoolPrefixes(w http.ResponseWriter, r *http.Request, in []string) ([]netip.Prefix, bool) {
	var out []netip.Prefix
	for _, c := range in {
		p, err := netip.ParsePrefix(c)
		if err != nil {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Invalid input for prefixes. Reason: '%s' is not a valid IP subnet.", c)
			return nil, false
		}
		if !p.Addr().Is4() {
			core.NotServed(w, r, "an IPv6 subnet pool")
			return nil, false
		}
		out = append(out, p.Masked())
	}
	return mergePrefixes(out), true
}

func (s *api) updateSubnetPool(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Pool struct {
			Name        *string `json:"name"`
			Description *string `json:"description"`
		} `json:"subnetpool"`
	}
	if !neutronUpdateDecoded(w, r, &req, "subnetpool", []string{"id", "tenant_id", "project_id", "ip_version", "created_at", "updated_at", "revision_number"}, "name", "description") {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	sp := neutronFound(w, subnetPoolKind, r.PathValue("id"), s.network.subnetPool)
	if sp == nil || !revisionMatches(w, r, sp.Revision) {
		return
	}
	if changed := setIf(&sp.Name, req.Pool.Name); setIf(&sp.Description, req.Pool.Description) || changed {
		sp.Updated = s.Now()
		sp.Revision++
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"subnetpool": s.subnetPoolUpdatedJSON(sp)})
}

func (s *api) deleteSubnetPool(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	sp := neutronFound(w, subnetPoolKind, r.PathValue("id"), s.network.subnetPool)
	if sp == nil {
		return
	}
	n := &s.network
	if slices.ContainsFunc(n.subnets, func(sn *subnet) bool { return sn.PoolID == sp.ID }) {
		neutronFault(w, http.StatusBadRequest, "SubnetPoolDeleteError", "Unable to delete subnet pool: Subnet pool has existing allocations.")
		return
	}
	n.subnetPools = slices.DeleteFunc(n.subnetPools, func(x *subnetPool) bool { return x == sp })
	w.WriteHeader(http.StatusNoContent)
}

// subnetPoolPrefixes adds prefixes to a pool, or removes them (refused
// while a subnet of the pool uses an address of one).
func (s *api) subnetPoolPrefixes(add bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Prefixes []string `json:"prefixes"`
		}
		if !neutronDecode(w, r, &req) {
			return
		}
		given, ok := parsePoolPrefixes(w, r, req.Prefixes)
		if !ok {
			return
		}
		s.Mu.Lock()
		defer s.Mu.Unlock()
		n := &s.network
		sp := neutronFound(w, subnetPoolKind, r.PathValue("id"), n.subnetPool)
		if sp == nil {
			return
		}
		prefixes := mergePrefixes(append(slices.Clone(sp.Prefixes), given...))
		if !add {
			for _, sn := range n.subnets {
				if sn.PoolID == sp.ID && slices.ContainsFunc(given, sn.Prefix.Overlaps) {
					neutronFault(w, http.StatusBadRequest, "IllegalSubnetPoolPrefixUpdate", "Illegal update to prefixes: One or more the prefixes to be removed is in use by a subnet..")
					return
				}
			}
			prefixes = excludePrefixes(sp.Prefixes, given)
		}
		if !slices.Equal(prefixes, sp.Prefixes) {
			sp.Prefixes, sp.Updated = prefixes, s.Now()
			sp.Revision++
		}
		core.WriteJSON(w, http.StatusOK, map[string]any{"prefixes": s.subnetPoolUpdatedJSON(sp)["prefixes"]})
	}
}
