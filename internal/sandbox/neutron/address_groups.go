package neutron

import (
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Neutron's address groups: named sets of CIDRs that security group rules
// may name (the sandbox's rules do not take one yet). Their create, show,
// list and update answer the short form Neutron gives there; adding and
// removing addresses answers the full one, with the revision, which each
// address changed bumps.
func (s *api) routeAddressGroups(mux *http.ServeMux) {
	mux.HandleFunc("GET /network/v2.0/address-groups", s.Authed(s.listAddressGroups))
	mux.HandleFunc("GET /network/v2.0/address-groups/{id}", s.Authed(s.getAddressGroup))
	mux.HandleFunc("POST /network/v2.0/address-groups", s.Authed(s.createAddressGroup))
	mux.HandleFunc("PUT /network/v2.0/address-groups/{id}", s.Authed(s.updateAddressGroup))
	mux.HandleFunc("DELETE /network/v2.0/address-groups/{id}", s.Authed(s.deleteAddressGroup))
	mux.HandleFunc("PUT /network/v2.0/address-groups/{id}/add_addresses", s.Authed(s.changeAddresses(true)))
	mux.HandleFunc("PUT /network/v2.0/address-groups/{id}/remove_addresses", s.Authed(s.changeAddresses(false)))
}

var addressGroupKind = neutronKind{"AddressGroupNotFound", "Address group %s could not be found."}

type addressGroup struct {
	ID, Name, Description string
	Addresses             []string // CIDRs, sorted
	Created, Updated      time.Time
	Revision              int
}

func (n *State) addressGroup(id string) *addressGroup {
	for _, g := range n.addressGroups {
		if g.ID == id {
			return g
		}
	}
	return nil
}

func (s *api) addressGroupJSON(g *addressGroup) map[string]any {
	return map[string]any{"id": g.ID, "name": g.Name, "description": g.Description, "project_id": s.ProjectID(),
		"tenant_id": s.ProjectID(), "addresses": core.NonNil(g.Addresses)}
}

func (s *api) addressGroupFullJSON(g *addressGroup) map[string]any {
	m := s.addressGroupJSON(g)
	m["shared"], m["revision_number"] = false, g.Revision
	m["created_at"], m["updated_at"] = core.Timestamp(g.Created), core.Timestamp(g.Updated)
	return m
}

func (s *api) listAddressGroups(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	var all []map[string]any
	for _, g := range s.network.addressGroups {
		all = append(all, s.addressGroupJSON(g))
	}
	s.Mu.Unlock()
	neutronList(w, r, all, neutronListed{plural: "address_groups"})
}

func (s *api) getAddressGroup(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	if g := neutronFound(w, addressGroupKind, r.PathValue("id"), s.network.addressGroup); g != nil {
		core.WriteJSON(w, http.StatusOK, map[string]any{"address_group": s.addressGroupJSON(g)})
	}
}

func (s *api) createAddressGroup(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Group struct {
			Name        string   `json:"name"`
			Description string   `json:"description"`
			Addresses   []string `json:"addresses"`
		} `json:"address_group"`
	}
	if !neutronDecodeServed(w, r, &req, "address_group", "name", "description", "addresses") {
		return
	}
	for _, a := range req.Group.Addresses {
		if p, err := netip.ParsePrefix(a); err != nil || p.Masked() != p {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Invalid input for addresses. Reason: '%s' isn't a recognized IP subnet cidr, '%s' is recommended.", a, recommendedCIDR(a))
			return
		}
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	now := s.Now()
	g := &addressGroup{ID: core.NewID(), Name: req.Group.Name, Description: req.Group.Description, Created: now, Updated: now}
	g.Addresses = sortedCopy(slices.Compact(sortedCopy(req.Group.Addresses)))
	g.Revision = len(g.Addresses)
	s.network.addressGroups = append(s.network.addressGroups, g)
	core.WriteJSON(w, http.StatusCreated, map[string]any{"address_group": s.addressGroupJSON(g)})
}

// recommendedCIDR is what Neutron's message suggests for a value that is
// not a CIDR: the host prefix of an address, the network of a prefix.
func recommendedCIDR(v string) string {
	if a, err := netip.ParseAddr(v); err == nil {
		return netip.PrefixFrom(a, a.BitLen()).String()
	}
	if p, err := netip.ParsePrefix(v); err == nil {
		return p.Masked().String()
	}
	return v
}

func (s *api) updateAddressGroup(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Group struct {
			Name        *string `json:"name"`
			Description *string `json:"description"`
		} `json:"address_group"`
	}
	if !neutronUpdateDecoded(w, r, &req, "address_group", []string{"id", "tenant_id", "project_id", "addresses"}, "name", "description") {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	g := neutronFound(w, addressGroupKind, r.PathValue("id"), s.network.addressGroup)
	if g == nil {
		return
	}
	if changed := setIf(&g.Name, req.Group.Name); setIf(&g.Description, req.Group.Description) || changed {
		g.Updated = s.Now()
		g.Revision++
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"address_group": s.addressGroupJSON(g)})
}

func (s *api) deleteAddressGroup(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	n := &s.network
	if g := neutronFound(w, addressGroupKind, r.PathValue("id"), n.addressGroup); g != nil {
		n.addressGroups = slices.DeleteFunc(n.addressGroups, func(x *addressGroup) bool { return x == g })
		w.WriteHeader(http.StatusNoContent)
	}
}

// changeAddresses adds addresses to a group (refused when one is there
// already) or removes them (refused when one is not); a bare address is
// its host prefix, a prefix its network.
func (s *api) changeAddresses(add bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Addresses []string `json:"addresses"`
		}
		if !neutronDecode(w, r, &req) {
			return
		}
		var given []string
		for _, a := range req.Addresses {
			c := recommendedCIDR(a)
			if c == a && !strings.Contains(a, "/") || !validCIDR(c) {
				neutronFault(w, http.StatusBadRequest, "AddrFormatError", "invalid IPNetwork %s", a)
				return
			}
			given = append(given, c)
		}
		s.Mu.Lock()
		defer s.Mu.Unlock()
		g := neutronFound(w, addressGroupKind, r.PathValue("id"), s.network.addressGroup)
		if g == nil {
			return
		}
		var wrong []string
		for _, c := range sortedCopy(given) {
			if slices.Contains(g.Addresses, c) == add {
				wrong = append(wrong, "'"+c+"'")
			}
		}
		switch {
		case add && wrong != nil:
			neutronFault(w, http.StatusBadRequest, "AddressesAlreadyExist", "Addresses [%s] already exist in the address group %s.", strings.Join(wrong, ", "), g.ID)
			return
		case wrong != nil:
			neutronFault(w, http.StatusNotFound, "AddressesNotFound", "Addresses [%s] not found in the address group %s.", strings.Join(wrong, ", "), g.ID)
			return
		case add:
			g.Addresses = sortedCopy(append(g.Addresses, given...))
		default:
			g.Addresses = slices.DeleteFunc(g.Addresses, func(c string) bool { return slices.Contains(given, c) })
		}
		g.Revision += len(given)
		g.Updated = s.Now()
		core.WriteJSON(w, http.StatusOK, map[string]any{"address_group": s.addressGroupFullJSON(g)})
	}
}

func validCIDR(c string) bool {
	_, err := netip.ParsePrefix(c)
	return err == nil
}
