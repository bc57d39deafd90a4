package cinder

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Cinder's quotas: GET /os-quota-sets/{project}?usage=true, with what the
// project's volumes, snapshots and backups use (per volume type too, with no
// limit, as Cinder lists them).
func (s *api) routeQuotas(mux *http.ServeMux) {
	mux.HandleFunc("GET /volume/v3/{project}/os-quota-sets/{id}", s.Authed(s.cinderQuota))
}

func (s *api) cinderQuota(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("project") != s.ProjectID() || r.PathValue("id") != s.ProjectID() {
		core.Fault(w, http.StatusForbidden, "Policy doesn't allow volume_extension:quotas:show to be performed.")
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	v := &s.volume
	v.Tick()
	q := v.Quota
	backupGB := 0
	for _, b := range v.backups {
		backupGB += b.Size
	}
	type use struct{ limit, used int }
	all := map[string]use{
		"volumes": {q.Volumes, len(v.Volumes)}, "gigabytes": {q.Gigabytes, v.gigabytes()},
		"snapshots": {q.Snapshots, len(v.Snapshots)}, "backups": {q.Backups, len(v.backups)},
		"backup_gigabytes": {q.BackupGigabytes, backupGB}, "per_volume_gigabytes": {-1, 0}, "groups": {10, 0},
	}
	for _, t := range s.volume.Types {
		u := use{limit: -1}
		gb, snaps, snapGB := 0, 0, 0
		for _, vol := range v.Volumes {
			if vol.Type == t {
				u.used++
				gb += vol.Size
			}
		}
		for _, sn := range v.Snapshots {
			if vol := v.VolumeByID(sn.VolumeID); vol != nil && vol.Type == t {
				snaps++
				snapGB += sn.Size
			}
		}
		all["volumes_"+t] = u
		all["gigabytes_"+t] = use{-1, gb + snapGB}
		all["snapshots_"+t] = use{-1, snaps}
	}
	set := map[string]any{"id": s.ProjectID()}
	usage := r.URL.Query().Get("usage") == "true" || r.URL.Query().Get("usage") == "True"
	for k, u := range all {
		if usage {
			set[k] = map[string]int{"limit": u.limit, "in_use": u.used, "reserved": 0}
		} else {
			set[k] = u.limit
		}
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"quota_set": set})
}
