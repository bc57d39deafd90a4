package neutron

import (
	"fmt"
	"net/http"
)

// What Nova reads from Neutron: a server's addresses and security groups
// come from its ports, as Nova's network info cache does.

// NovaAddresses is a server's "addresses": per network name, each fixed IP
// of its ports, then the floating IPs associated with them. Callers hold s.Mu.
func (n *State) NovaAddresses(serverID string) map[string][]map[string]any {
	out := map[string][]map[string]any{}
	for _, p := range n.ServerPorts(serverID) {
		name := n.networkName(p.NetworkID)
		for _, ip := range p.FixedIPs {
			out[name] = append(out[name], map[string]any{"version": IPVersion(ip.Addr), "addr": ip.Addr,
				"OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": p.MAC})
		}
		for _, f := range n.FloatingIPs {
			if f.PortID == p.ID {
				out[name] = append(out[name], map[string]any{"version": 4, "addr": f.Addr,
					"OS-EXT-IPS:type": "floating", "OS-EXT-IPS-MAC:mac_addr": p.MAC})
			}
		}
	}
	return out
}

// NovaSecurityGroups is a server's "security_groups": the names of its
// ports' groups, once per port as Nova repeats them.
func (n *State) NovaSecurityGroups(serverID string) []map[string]string {
	out := []map[string]string{}
	for _, p := range n.ServerPorts(serverID) {
		for _, id := range p.SecurityGroupIDs {
			if g := n.Group(id); g != nil {
				out = append(out, map[string]string{"name": g.Name})
			}
		}
	}
	return out
}

// FindGroup resolves a security group as Nova does for a server: a name
// first (several of that name is a 409), else an ID. On failure it returns
// the HTTP status and Nova's message.
func (n *State) FindGroup(ref string) (id string, status int, msg string) {
	for _, g := range n.Groups {
		if g.Name == ref {
			if id != "" {
				return "", http.StatusConflict, fmt.Sprintf("Multiple security groups found matching '%s'. Use an ID to be more specific.", ref)
			}
			id = g.ID
		}
	}
	if id != "" {
		return id, 0, ""
	}
	if g := n.Group(ref); g != nil {
		return g.ID, 0, ""
	}
	return "", http.StatusBadRequest, fmt.Sprintf("Unable to find security_group with name or id '%s'", ref)
}
