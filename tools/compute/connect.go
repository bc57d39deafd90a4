package compute

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/image/v2/images"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/security/groups"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// Connect is how to reach an ACTIVE server, as far as the cloud tells:
// its public addresses, the image's login user and whether its security
// groups let SSH in, and from where.
type Connect struct {
	Addresses []string `json:"addresses,omitempty" jsonschema_description:"Public addresses: a floating IP, or ext-net1's IPv4 and IPv6."`
	User      string   `json:"user,omitempty" jsonschema_description:"The image's likely login user."`
	SSH       string   `json:"ssh,omitempty" jsonschema_description:"The command to log in with the keypair's private key."`
	// SSHFrom are the sources tcp/22 may come from: CIDRs, or "group NAME"
	// for the members of a group.
	SSHFrom []string `json:"ssh_from,omitempty" jsonschema_description:"Where the server's security groups let tcp/22 in from; absent: nowhere."`
	Hint    string   `json:"hint,omitempty" jsonschema_description:"What is missing to log in, and the tools that add it."`
}

// loginUsers is the default user of each distribution's cloud image
// (Glance's os_distro), when the image does not say (os_admin_user).
var loginUsers = map[string]string{"ubuntu": "ubuntu", "debian": "debian", "rocky": "rocky", "almalinux": "almalinux",
	"centos": "cloud-user", "rhel": "cloud-user", "fedora": "fedora", "fedora-coreos": "core", "fcos": "core",
	"flatcar": "core", "opensuse": "opensuse", "sles": "sles", "arch": "arch", "freebsd": "freebsd",
	"windows": "Administrator"}

// connectOf tells how to reach s (shown as v). It answers only for an
// ACTIVE server, and leaves out what it could not read: it never fails
// the call it decorates.
func connectOf(ctx context.Context, svc *client.Services, s *kit.NovaServer, v Server) *Connect {
	if v.Status != "ACTIVE" {
		return nil
	}
	c := &Connect{Addresses: []string{}, SSHFrom: []string{}}
	if id := s.Image.ID; id != "" {
		if img, err := images.Get(ctx, svc.Image, id).Extract(); err == nil {
			c.User = loginUser(img)
		}
	}
	// Neutron, not Nova's addresses: Nova learns of a floating IP a moment
	// after it is associated.
	known := false
	if ps, err := serverPorts(ctx, svc, s.ID); err == nil {
		c.Addresses = kit.PublicAddresses(ctx, svc, ps)
		c.SSHFrom, known = sshSources(ctx, svc, ps)
	}
	var missing []string
	if len(c.Addresses) == 0 {
		missing = append(missing, "no public address: create_floating_ip with instance_id gives it one (or create it on ext-net1)")
	}
	if known && len(c.SSHFrom) == 0 {
		missing = append(missing, "no security group lets tcp/22 in: add_security_group_rule (port_min 22, remote_ip_prefix your address) "+
			"to one of its groups, or add_instance_security_group")
	}
	if v.KeyName == "" {
		missing = append(missing, "no keypair: only a password set by user_data would let you in")
	}
	c.Hint = strings.Join(missing, "; ")
	if len(c.Addresses) > 0 && c.User != "" && v.KeyName != "" {
		c.SSH = fmt.Sprintf("ssh -i <private key of %s> %s@%s", v.KeyName, c.User, c.Addresses[0])
	}
	return c
}

func serverPorts(ctx context.Context, svc *client.Services, serverID string) ([]ports.Port, error) {
	return kit.All(ctx, ports.List(svc.Network, ports.ListOpts{DeviceID: serverID}), ports.ExtractPorts)
}

// loginUser is the image's os_admin_user, else the usual user of its
// os_distro.
func loginUser(img *images.Image) string {
	if u, _ := img.Properties["os_admin_user"].(string); u != "" {
		return u
	}
	distro, _ := img.Properties["os_distro"].(string)
	distro = strings.ToLower(distro)
	if distro == "fedora" && strings.Contains(strings.ToLower(img.Name), "coreos") {
		distro = "fedora-coreos"
	}
	return loginUsers[distro]
}

// sshSources reads the security groups of the server's ports ps and lists
// where their ingress rules let tcp/22 come from; known is false when the
// groups could not be read.
func sshSources(ctx context.Context, svc *client.Services, ps []ports.Port) (from []string, known bool) {
	from = []string{}
	seen := map[string]bool{}
	for _, p := range ps {
		for _, id := range p.SecurityGroups {
			if seen[id] {
				continue
			}
			seen[id] = true
			g, err := groups.Get(ctx, svc.Network, id).Extract()
			if err != nil {
				return from, false
			}
			for _, r := range g.Rules {
				if r.Direction != "ingress" || r.Protocol != "" && r.Protocol != "tcp" && r.Protocol != "6" {
					continue
				}
				// tcp ports start at 1: 0 is gophercloud's null (every port).
				if r.PortRangeMin != 0 && (r.PortRangeMin > 22 || r.PortRangeMax < 22) {
					continue
				}
				src := r.RemoteIPPrefix
				switch {
				case r.RemoteGroupID != "":
					src = "group " + groupName(ctx, svc, r.RemoteGroupID)
				case src == "" && r.EtherType == "IPv6":
					src = "::/0"
				case src == "":
					src = "0.0.0.0/0"
				}
				if !slices.Contains(from, src) {
					from = append(from, src)
				}
			}
		}
	}
	return from, true
}

func groupName(ctx context.Context, svc *client.Services, id string) string {
	if g, err := groups.Get(ctx, svc.Network, id).Extract(); err == nil {
		return g.Name
	}
	return id
}
