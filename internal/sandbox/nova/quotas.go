package nova

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Nova's quotas: GET /limits, GET /os-quota-sets/{project} and its /detail
// with the project's usage, and the check a server's creation passes (403
// "Quota exceeded for ..." as Nova words it).
func (s *api) routeQuotas(mux *http.ServeMux) {
	mux.HandleFunc("GET /compute/v2.1/limits", s.Authed(s.novaLimits))
	mux.HandleFunc("GET /compute/v2.1/os-quota-sets/{project}/detail", s.Authed(s.novaQuotaSet(true)))
	mux.HandleFunc("GET /compute/v2.1/os-quota-sets/{project}", s.Authed(s.novaQuotaSet(false)))
}

// Quota is a project's Nova quota (RAM in MiB).
type Quota struct {
	Instances, Cores, RAM, KeyPairs int
}

// defaultComputeQuota is the sandbox's: room for a few dozen servers.
var defaultComputeQuota = Quota{Instances: 50, Cores: 100, RAM: 200 * 1024, KeyPairs: 100}

// SetQuota replaces the project's Nova quota in c.
func SetQuota(c *core.Cloud, q Quota) {
	s := of(c)
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.db.compute.quota = q
}

// novaUsage is what the project's servers and keypairs use. Callers hold s.Mu.
func (c *State) novaUsage() map[string]int {
	c.Tick()
	u := map[string]int{"instances": len(c.Servers), "cores": 0, "ram": 0, "key_pairs": len(c.keypairs)}
	for _, sv := range c.Servers {
		if f := c.s.db.FlavorByID(sv.FlavorID); f != nil {
			u["cores"] += f.VCPUs
			u["ram"] += f.RAM
		}
	}
	return u
}

func (q Quota) limits() map[string]int {
	return map[string]int{"instances": q.Instances, "cores": q.Cores, "ram": q.RAM, "key_pairs": q.KeyPairs,
		"metadata_items": 128, "server_groups": 10, "server_group_members": 10}
}

// admitServer is Nova's refusal of one more server of flavor f beyond the
// quota, or "". Callers hold s.Mu.
func (c *State) admitServer(f *Flavor) string {
	u, lim := c.novaUsage(), c.quota.limits()
	want := map[string]int{"instances": 1, "cores": f.VCPUs, "ram": f.RAM}
	var overs []string
	for k, n := range want {
		if lim[k] >= 0 && u[k]+n > lim[k] {
			overs = append(overs, k)
		}
	}
	if len(overs) == 0 {
		return ""
	}
	sort.Strings(overs)
	var req, used, allowed []string
	for _, k := range overs {
		req = append(req, fmt.Sprint(want[k]))
		used = append(used, fmt.Sprint(u[k]))
		allowed = append(allowed, fmt.Sprint(lim[k]))
	}
	o := strings.Join(overs, ", ")
	return fmt.Sprintf("Quota exceeded for %s: Requested %s, but already used %s of %s %s",
		o, strings.Join(req, ", "), strings.Join(used, ", "), strings.Join(allowed, ", "), o)
}

func (s *api) novaLimits(w http.ResponseWriter, r *http.Request) {
	mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
	if !ok {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	u, q := s.db.compute.novaUsage(), s.db.compute.quota
	absolute := map[string]int{
		"maxTotalInstances": q.Instances, "maxTotalCores": q.Cores, "maxTotalRAMSize": q.RAM,
		"maxServerMeta": 128, "maxTotalKeypairs": q.KeyPairs, "maxServerGroups": serverGroupsQuota, "maxServerGroupMembers": 10,
		"totalInstancesUsed": u["instances"], "totalCoresUsed": u["cores"], "totalRAMUsed": u["ram"],
		"totalServerGroupsUsed": len(s.db.compute.groups),
	}
	// Before 2.57 the image metadata and personality limits; before 2.36
	// the network ones too, -1 as Nova shows them once Neutron keeps them
	// (nova-limits-2.1.json, -2.36.json).
	if !core.VersionLE("2.57", mv) {
		absolute["maxImageMeta"], absolute["maxPersonality"], absolute["maxPersonalitySize"] = 128, 5, 10240
	}
	if !core.VersionLE("2.36", mv) {
		absolute["maxTotalFloatingIps"], absolute["maxSecurityGroups"], absolute["maxSecurityGroupRules"] = -1, -1, -1
		absolute["totalFloatingIpsUsed"], absolute["totalSecurityGroupsUsed"] = 0, 0
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"limits": map[string]any{"rate": []any{}, "absolute": absolute}})
}

func (s *api) novaQuotaSet(detail bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
		if !ok {
			return
		}
		if p := r.PathValue("project"); p != s.ProjectID() {
			core.Fault(w, http.StatusForbidden, "Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.")
			return
		}
		s.Mu.Lock()
		defer s.Mu.Unlock()
		u := s.db.compute.novaUsage()
		set := map[string]any{"id": s.ProjectID()}
		limits := s.db.compute.quota.limits()
		// Before 2.57 the injected files' quotas; before 2.36 the network
		// ones too, -1 once Neutron keeps them (as the lab's Nova shows them).
		if !core.VersionLE("2.57", mv) {
			limits["injected_files"], limits["injected_file_content_bytes"], limits["injected_file_path_bytes"] = 5, 10240, 255
		}
		if !core.VersionLE("2.36", mv) {
			for _, k := range []string{"fixed_ips", "floating_ips", "security_groups", "security_group_rules"} {
				limits[k] = -1
			}
		}
		for k, limit := range limits {
			if detail {
				set[k] = map[string]int{"limit": limit, "in_use": u[k], "reserved": 0}
			} else {
				set[k] = limit
			}
		}
		core.WriteJSON(w, http.StatusOK, map[string]any{"quota_set": set})
	}
}
