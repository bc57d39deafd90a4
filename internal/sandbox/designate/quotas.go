package designate

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Designate's quotas of the project (designate-quotas.json): read only, as
// a project member sees them.
func (s *api) routeQuotas(mux *http.ServeMux) {
	mux.HandleFunc("GET /dns/v2/quotas/{project}", s.Authed(s.getDNSQuota))
}

func (s *api) getDNSQuota(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	q := s.dns.quota
	s.Mu.Unlock()
	core.WriteJSON(w, http.StatusOK, map[string]any{"zones": q.Zones, "zone_recordsets": q.ZoneRecordsets, "zone_records": q.ZoneRecords,
		"recordset_records": q.RecordsetRecords, "api_export_size": q.APIExportSize})
}

// SetQuota sets the project's Designate quota in c, as an admin would:
// tests of what a full quota refuses lower it.
func SetQuota(c *core.Cloud, q Quota) {
	s := of(c)
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.dns.quota = q
}
