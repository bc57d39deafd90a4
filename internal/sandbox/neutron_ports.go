package sandbox

import (
	"net/http"
	"slices"
)

// Neutron ports: list, show, and an update of their security groups (what
// Nova's addSecurityGroup does to every port of a server). Servers' ports
// are made and deleted by Nova (nova_servers.go).
func init() {
	extraRoutes = append(extraRoutes, func(s *Sandbox, mux *http.ServeMux) {
		mux.HandleFunc("GET /network/v2.0/ports", s.authed(s.listPorts))
		mux.HandleFunc("GET /network/v2.0/ports/{id}", s.authed(s.getPort))
		mux.HandleFunc("PUT /network/v2.0/ports/{id}", s.authed(s.updatePort))
	})
}

// portJSON is a port as Neutron shows it to its project. Callers hold s.mu.
func (s *Sandbox) portJSON(p *port) map[string]any {
	ips := make([]map[string]any, len(p.FixedIPs))
	for i, ip := range p.FixedIPs {
		ips[i] = map[string]any{"subnet_id": ip.SubnetID, "ip_address": ip.Addr}
	}
	status := "ACTIVE"
	if !p.Bound {
		status = "DOWN"
	}
	return map[string]any{
		"id": p.ID, "name": p.Name, "network_id": p.NetworkID, "tenant_id": s.projectID, "project_id": s.projectID,
		"mac_address": p.MAC, "admin_state_up": true, "status": status, "device_id": p.DeviceID,
		"device_owner": p.DeviceOwner, "fixed_ips": ips, "allowed_address_pairs": []any{}, "extra_dhcp_opts": []any{},
		"security_groups": nonNilStrings(p.SecurityGroupIDs), "description": p.Description, "binding:vnic_type": "normal",
		"port_security_enabled": true, "tags": []string{},
		"created_at": timestamp(p.Created), "updated_at": timestamp(p.Updated), "revision_number": p.Revision,
	}
}

func (s *Sandbox) listPorts(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.db.compute.tick()
	all := make([]map[string]any, 0, len(s.db.network.ports))
	for _, p := range s.db.network.ports {
		all = append(all, s.portJSON(p))
	}
	s.mu.Unlock()
	neutronList(w, r, all, neutronListed{plural: "ports", marker: portKind})
}

func (s *Sandbox) getPort(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.db.compute.tick()
	p := neutronFound(w, portKind, r.PathValue("id"), s.db.network.portByID)
	if p == nil {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"port": s.portJSON(p)})
}

// updatePort changes a port's name or security groups; every group must
// exist (Neutron answers 404 SecurityGroupNotFound otherwise).
func (s *Sandbox) updatePort(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Port *struct {
			Name           *string   `json:"name"`
			SecurityGroups *[]string `json:"security_groups"`
			Description    *string   `json:"description"`
		} `json:"port"`
	}
	if !neutronDecodeServed(w, r, &req, "port", "name", "description", "security_groups") {
		return
	}
	if req.Port == nil {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Resource body required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := &s.db.network
	p := neutronFound(w, portKind, r.PathValue("id"), n.portByID)
	if p == nil {
		return
	}
	if !revisionMatches(w, r, p.Revision) {
		return
	}
	if sg := req.Port.SecurityGroups; sg != nil {
		var ids []string
		for _, id := range *sg {
			if n.group(id) == nil {
				securityGroupKind.refuse(w, id)
				return
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		p.SecurityGroupIDs = ids
	}
	if req.Port.Name != nil {
		p.Name = *req.Port.Name
	}
	if req.Port.Description != nil {
		p.Description = *req.Port.Description
	}
	p.Updated = s.now()
	p.Revision++
	writeJSON(w, http.StatusOK, map[string]any{"port": s.portJSON(p)})
}
