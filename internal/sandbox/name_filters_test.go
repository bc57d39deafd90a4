package sandbox_test

import (
	"testing"
	"time"
)

// Cinder's and Neutron's name filters are exact: "web" finds no "web-1"
// (Nova's, a regular expression, is TestServerListNameIsARegularExpression's).
// The tools' refusal of a duplicate name counts on it not to see a prefix.
func TestCinderAndNeutronNameFiltersAreExact(t *testing.T) {
	a := newAPI(t)
	vol := newVolume(a, map[string]any{"size": 1, "name": "web-1"})
	a.clock.Advance(time.Minute)
	cinderJSON(a, "POST", "/snapshots", map[string]any{"snapshot": map[string]any{"volume_id": vol, "name": "web-1"}}, 202)
	a.clock.Advance(time.Minute)
	cinderJSON(a, "POST", "/backups", map[string]any{"backup": map[string]any{"volume_id": vol, "name": "web-1"}}, 202)
	a.newGroup("web-1")
	for path, key := range map[string]string{"/volumes/detail": "volumes", "/snapshots/detail": "snapshots", "/backups/detail": "backups"} {
		if got := cinderJSON(a, "GET", path+"?name=web-1", nil, 200)[key].([]any); len(got) != 1 {
			t.Errorf("%s?name=web-1: %v", path, got)
		}
		if got := cinderJSON(a, "GET", path+"?name=web", nil, 200)[key].([]any); len(got) != 0 {
			t.Errorf("%s?name=web: %v", path, got)
		}
	}
	if got := a.json("GET", "/network/v2.0/security-groups?name=web-1", nil, 200)["security_groups"].([]any); len(got) != 1 {
		t.Errorf("security groups named web-1: %v", got)
	}
	if got := a.json("GET", "/network/v2.0/security-groups?name=web", nil, 200)["security_groups"].([]any); len(got) != 0 {
		t.Errorf("security groups named web: %v", got)
	}
}
