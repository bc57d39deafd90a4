package nova

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// novaHonoredFilters are the query parameters of GET /servers Nova applies
// for a project member (from 2.83 with more of them); the sandbox serves
// name, status, limit and marker, and answers 501 for the others, which it
// would otherwise ignore. Nova itself ignores parameters it does not know.
var novaHonoredFilters = map[string]string{
	"image": "2.1", "flavor": "2.1", "ip": "2.1", "ip6": "2.5", "changes-since": "2.1", "changes-before": "2.66",
	"reservation_id": "2.1", "tags": "2.26", "tags-any": "2.26", "not-tags": "2.26", "not-tags-any": "2.26",
	"sort_key": "2.1", "sort_dir": "2.1", "all_tenants": "2.1", "locked": "2.73",
	"availability_zone": "2.83", "config_drive": "2.83", "key_name": "2.83", "created_at": "2.83",
	"launched_at": "2.83", "terminated_at": "2.83", "power_state": "2.83", "task_state": "2.83",
	"vm_state": "2.83", "progress": "2.83", "user_id": "2.83",
}

// serverFiltersServed answers 501 for a filter Nova would apply and the
// sandbox does not; false after answering.
func serverFiltersServed(w http.ResponseWriter, r *http.Request, mv string) bool {
	for k := range r.URL.Query() {
		if since, ok := novaHonoredFilters[k]; ok && core.VersionLE(since, mv) {
			core.NotServed(w, r, "the %s filter on servers", k)
			return false
		}
	}
	return true
}
