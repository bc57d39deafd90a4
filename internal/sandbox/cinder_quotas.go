package sandbox

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Cinder's quotas: GET /os-quota-sets/{project}?usage=true, with what the
// project's volumes, snapshots and backups use (per volume type too, with no
// limit, as Cinder lists them).
func init() {
	extraRoutes = append(extraRoutes, func(s *Sandbox, mux *http.ServeMux) {
		mux.HandleFunc("GET /volume/v3/{project}/os-quota-sets/{id}", s.Authed(s.cinderQuota))
	})
}

func (s *Sandbox) cinderQuota(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("project") != s.ProjectID() || r.PathValue("id") != s.ProjectID() {
		core.Fault(w, http.StatusForbidden, "Policy doesn't allow volume_extension:quotas:show to be performed.")
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	v := &s.db.volume
	v.tick()
	q := v.quota
	backupGB := 0
	for _, b := range v.backups {
		backupGB += b.Size
	}
	type use struct{ limit, used int }
	all := map[string]use{
		"volumes": {q.Volumes, len(v.volumes)}, "gigabytes": {q.Gigabytes, v.gigabytes()},
		"snapshots": {q.Snapshots, len(v.snapshots)}, "backups": {q.Backups, len(v.backups)},
		"backup_gigabytes": {q.BackupGigabytes, backupGB}, "per_volume_gigabytes": {-1, 0}, "groups": {10, 0},
	}
	for _, t := range s.db.volumeTypes {
		u := use{limit: -1}
		gb, snaps, snapGB := 0, 0, 0
		for _, vol := range v.volumes {
			if vol.Type == t {
				u.used++
				gb += vol.Size
			}
		}
		for _, sn := range v.snapshots {
			if vol := v.volumeByID(sn.VolumeID); vol != nil && vol.Type == t {
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
