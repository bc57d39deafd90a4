package neutron

import (
	"encoding/json"
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// createRules is Neutron's bulk create ({"security_group_rules": [...]}):
// every rule is checked as a single one is, and all are made or none.
func (s *api) createRules(w http.ResponseWriter, raw json.RawMessage) {
	var items []*ruleFields
	if json.Unmarshal(raw, &items) != nil {
		neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Malformed JSON in request body.")
		return
	}
	rules := make([]*SecurityGroupRule, 0, len(items))
	for _, q := range items {
		if q == nil {
			neutronFault(w, http.StatusBadRequest, "HTTPBadRequest", "Resource body required")
			return
		}
		rule, ok := ruleFrom(w, q)
		if !ok {
			return
		}
		rules = append(rules, rule)
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	if !s.network.AddRules(w, s.Now(), rules...) {
		return
	}
	out := make([]map[string]any, len(rules))
	for i, rule := range rules {
		out[i] = s.ruleJSON(rule, false)
	}
	core.WriteJSON(w, http.StatusCreated, map[string]any{"security_group_rules": out})
}
