package nova

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// createFieldsAt checks a create request's fields against its microversion
// as Nova's schema does (a field of a later microversion is a 400), and
// answers 501 for a field the sandbox would accept without doing what it
// asks. It returns false after answering.
func (s *api) createFieldsAt(w http.ResponseWriter, r *http.Request, mv string, req *createRequest) bool {
	sr := req.Server
	since := []struct {
		set   bool
		field string
		mv    string
	}{
		{sr.Description != nil, "description", "2.19"},
		{sr.Tags != nil, "tags", "2.52"},
		{sr.Hostname != nil, "hostname", "2.90"},
	}
	for _, f := range since {
		if f.set && !core.VersionLE(f.mv, mv) {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute server. Value: {...}. Additional properties are not allowed ('%s' was unexpected)", f.field)
			return false
		}
	}
	if len(sr.Personality) > 0 && core.VersionLE("2.57", mv) {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute server. Value: {...}. Additional properties are not allowed ('personality' was unexpected)")
		return false
	}
	if sr.Tags != nil {
		if msg := tagsFault(sr.Tags); msg != "" {
			core.Fault(w, http.StatusBadRequest, "%s", msg)
			return false
		}
	}
	if sr.Hostname != nil && !hostnamePattern.MatchString(*sr.Hostname) {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute hostname. Value: %s.", *sr.Hostname)
		return false
	}
	switch {
	case deref(sr.AccessIPv4) != "" || deref(sr.AccessIPv6) != "":
		core.NotServed(w, r, "accessIPv4 and accessIPv6 in a server's create")
		return false
	case sr.ReturnResID != nil && *sr.ReturnResID:
		core.NotServed(w, r, "return_reservation_id in a server's create")
		return false
	case sr.DiskConfig != nil && *sr.DiskConfig != "MANUAL":
		core.NotServed(w, r, "OS-DCF:diskConfig %s (servers are MANUAL)", *sr.DiskConfig)
		return false
	case truthy(sr.ConfigDrive):
		core.NotServed(w, r, "config_drive in a server's create")
		return false
	}
	if len(req.Hints) > 0 && string(req.Hints) != "null" {
		var hints map[string]json.RawMessage
		if err := json.Unmarshal(req.Hints, &hints); err != nil {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute os:scheduler_hints. Value: %s.", req.Hints)
			return false
		}
		for k := range hints {
			if k != "group" {
				core.NotServed(w, r, "the scheduler hint %s", k)
				return false
			}
		}
		var group string
		if json.Unmarshal(hints["group"], &group) != nil || !core.IsID(group) {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute group. Value: %s. %s is not a 'uuid'", hints["group"], hints["group"])
			return false
		}
		s.Mu.Lock()
		g := s.db.compute.serverGroupByID(group)
		s.Mu.Unlock()
		if g == nil {
			core.Fault(w, http.StatusNotFound, "Instance group %s could not be found.", group)
			return false
		}
	}
	return true
}

// truthy is a config_drive value that asks for one (Nova takes booleans
// and their spellings).
func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return slices.Contains([]string{"true", "True", "1", "yes", "on", "y", "t"}, x)
	}
	return false
}
