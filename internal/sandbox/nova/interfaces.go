package nova

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
)

// A server's interfaces (os-interface): list, attach on a network (a new
// port there) and detach, read from the server's Neutron ports so the two
// services agree (nova-server-interfaces.json); and Nova's list of the
// project's networks (os-networks, Nova's proxy of Neutron's), which
// clients still read to find a network's ID by its label.
func (s *api) routeInterfaces(mux *http.ServeMux) {
	p := "/compute/v2.1/servers/{id}/os-interface"
	mux.HandleFunc("GET "+p, s.Authed(s.onServer(s.listInterfaces)))
	mux.HandleFunc("POST "+p, s.Authed(s.onServer(s.attachInterface)))
	mux.HandleFunc("GET "+p+"/{port}", s.Authed(s.onServer(s.getInterface)))
	mux.HandleFunc("DELETE "+p+"/{port}", s.Authed(s.onServer(s.detachInterface)))
	mux.HandleFunc("GET /compute/v2.1/os-networks", s.Authed(s.upTo235(s.novaNetworks)))
}

func (s *api) interfaceJSON(p *neutron.Port, mv string) map[string]any {
	ips := []map[string]string{}
	for _, ip := range p.FixedIPs {
		ips = append(ips, map[string]string{"subnet_id": ip.SubnetID, "ip_address": ip.Addr})
	}
	m := map[string]any{"net_id": p.NetworkID, "port_id": p.ID, "mac_addr": p.MAC,
		"port_state": p.Status(), "fixed_ips": ips}
	if core.VersionLE("2.70", mv) {
		m["tag"] = nil
	}
	return m
}

func (s *api) listInterfaces(w http.ResponseWriter, r *http.Request, sv *Server, mv string) {
	out := []map[string]any{}
	for _, p := range s.db.network.ServerPorts(sv.ID) {
		out = append(out, s.interfaceJSON(p, mv))
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"interfaceAttachments": out})
}

func (s *api) getInterface(w http.ResponseWriter, r *http.Request, sv *Server, mv string) {
	for _, p := range s.db.network.ServerPorts(sv.ID) {
		if p.ID == r.PathValue("port") {
			core.WriteJSON(w, http.StatusOK, map[string]any{"interfaceAttachment": s.interfaceJSON(p, mv)})
			return
		}
	}
	core.Fault(w, http.StatusNotFound, "Port %s is not attached", r.PathValue("port"))
}

// attachInterface makes a port on the network asked for, with the
// project's default group, and plugs it into an active or stopped server.
func (s *api) attachInterface(w http.ResponseWriter, r *http.Request, sv *Server, mv string) {
	var body struct {
		Attachment *struct {
			NetID    string          `json:"net_id"`
			PortID   string          `json:"port_id"`
			FixedIPs json.RawMessage `json:"fixed_ips"`
			Tag      *string         `json:"tag"`
		} `json:"interfaceAttachment"`
	}
	if !core.Decode(w, r, &body) {
		return
	}
	a := body.Attachment
	if a == nil || a.NetID == "" {
		if a != nil && (a.PortID != "" || len(a.FixedIPs) > 0) {
			core.NotServed(w, r, "an interface given by port_id or fixed_ips (net_id only)")
			return
		}
		core.NotServed(w, r, "an interface on a network Nova chooses (give net_id)")
		return
	}
	if a.PortID != "" || len(a.FixedIPs) > 0 || a.Tag != nil {
		core.NotServed(w, r, "port_id, fixed_ips and tag with net_id")
		return
	}
	if !s.unlocked(w, sv) || !s.check(w, sv, "attach_interface", []string{"active", "paused", "stopped"}) {
		return
	}
	n := s.db.network
	nw := n.NetworkByID(a.NetID)
	if nw == nil {
		core.Fault(w, http.StatusNotFound, "Network %s could not be found.", a.NetID)
		return
	}
	if !nw.Attachable() {
		core.Fault(w, http.StatusBadRequest, "It is not allowed to create an interface on external network %s", nw.ID)
		return
	}
	p := n.CreatePort(nw, sv.ID, sv.Zone, []string{n.DefaultGroup().ID})
	p.Bound = true
	sv.NICs = append(sv.NICs, nic{NetworkID: nw.ID, PortID: p.ID})
	s.recordInstant(sv, "attach_interface", "compute_attach_interface")
	core.WriteJSON(w, http.StatusOK, map[string]any{"interfaceAttachment": s.interfaceJSON(p, mv)})
}

func (s *api) detachInterface(w http.ResponseWriter, r *http.Request, sv *Server, _ string) {
	n := s.db.network
	portID := r.PathValue("port")
	if !slices.ContainsFunc(n.ServerPorts(sv.ID), func(p *neutron.Port) bool { return p.ID == portID }) {
		core.Fault(w, http.StatusNotFound, "Port %s is not attached", portID)
		return
	}
	if !s.unlocked(w, sv) {
		return
	}
	n.RemovePort(portID)
	sv.NICs = slices.DeleteFunc(sv.NICs, func(c nic) bool { return c.PortID == portID })
	s.recordInstant(sv, "detach_interface", "compute_detach_interface")
	w.WriteHeader(http.StatusAccepted)
}

// novaNetworks lists the networks the project may use, as Nova's proxy
// shows them (only id and label known; the rest null), up to 2.35.
func (s *api) novaNetworks(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	out := []map[string]any{}
	for _, nw := range s.db.network.Networks {
		if nw.ProjectID != s.ProjectID() && !nw.Shared {
			continue
		}
		m := map[string]any{"id": nw.ID, "label": nw.Name}
		for _, k := range []string{"cidr", "netmask", "gateway", "broadcast", "dns1", "dns2", "cidr_v6", "gateway_v6", "netmask_v6"} {
			m[k] = nil
		}
		out = append(out, m)
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"networks": out})
}
