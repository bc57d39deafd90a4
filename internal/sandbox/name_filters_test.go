package sandbox_test

import (
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// Cinder's and Neutron's name filters match whole names: "web" finds no
// "web-1" (Nova's, a regular expression, is TestServerListNameIsARegularExpression's).
// The tools' refusal of a duplicate name counts on it not to see a prefix.
func TestCinderAndNeutronNameFiltersMatchWholeNames(t *testing.T) {
	a := sandboxtest.New(t)
	newNamed(a, "web-1", "web-1", "web-1", "web-1")
	for path, key := range map[string]string{"/volumes/detail": "volumes", "/snapshots/detail": "snapshots", "/backups/detail": "backups"} {
		if got := a.CinderJSON("GET", path+"?name=web-1", nil, 200)[key].([]any); len(got) != 1 {
			t.Errorf("%s?name=web-1: %v", path, got)
		}
		if got := a.CinderJSON("GET", path+"?name=web", nil, 200)[key].([]any); len(got) != 0 {
			t.Errorf("%s?name=web: %v", path, got)
		}
	}
	if got := a.JSON("GET", "/network/v2.0/security-groups?name=web-1", nil, 200)["security_groups"].([]any); len(got) != 1 {
		t.Errorf("security groups named web-1: %v", got)
	}
	if got := a.JSON("GET", "/network/v2.0/security-groups?name=web", nil, 200)["security_groups"].([]any); len(got) != 0 {
		t.Errorf("security groups named web: %v", got)
	}
}

// newNamed makes a volume, a snapshot and a backup of it, and a security
// group, with these names.
func newNamed(a *sandboxtest.API, volume, snapshot, backup, group string) {
	a.T.Helper()
	vol := a.NewVolume(map[string]any{"size": 1, "name": volume})
	a.Clock.Advance(time.Minute)
	a.CinderJSON("POST", "/snapshots", map[string]any{"snapshot": map[string]any{"volume_id": vol, "name": snapshot}}, 202)
	a.Clock.Advance(time.Minute)
	a.CinderJSON("POST", "/backups", map[string]any{"backup": map[string]any{"volume_id": vol, "name": backup}}, 202)
	a.NewGroup(group)
}

// TestNameFiltersIgnoreCaseAsLab: every service's name filter compares as
// its MySQL collation does, case aside: the lab's ?name=SAMPLE-VOL finds
// sample-vol (the *-name-filter-case samples), and so must the sandbox's.
func TestNameFiltersIgnoreCaseAsLab(t *testing.T) {
	a := sandboxtest.New(t)
	newNamed(a, "sample-vol", "sample-snap", "sample-bak", "sample-sg")
	a.CreateServer("sample-vm", "Debian 12 bookworm", "private", nil)
	cinder := "/volume/v3/" + a.Sandbox.ProjectID()
	for _, c := range []struct{ sample, path, key string }{
		{"cinder-volumes-name-filter-case.json", cinder + "/volumes/detail?name=SAMPLE-VOL", "volumes"},
		{"cinder-snapshots-name-filter-case.json", cinder + "/snapshots/detail?name=SAMPLE-SNAP", "snapshots"},
		{"cinder-backups-name-filter-case.json", cinder + "/backups/detail?name=SAMPLE-BAK", "backups"},
		{"neutron-networks-name-filter-case.json", "/network/v2.0/networks?name=PRIVATE", "networks"},
		{"neutron-security-groups-name-filter-case.json", "/network/v2.0/security-groups?name=SAMPLE-SG", "security_groups"},
		{"nova-servers-name-filter-case.json", "/compute/v2.1/servers/detail?name=SAMPLE-VM", "servers"},
	} {
		a.ListsAsLab(c.sample, c.key, c.path)
	}
	// The lab's Glance has other images than the sandbox's: the same rule
	// on one of the sandbox's.
	if lab := sandboxtest.NamesListed(sandboxtest.ReadSample(t, "glance-images-name-filter-case.json"), "images"); lab != "tiny-raw" {
		t.Fatalf("the lab's ?name=TINY-RAW listed [%s]", lab)
	}
	if got := sandboxtest.NamesListed(a.JSON("GET", "/image/v2/images?name=ROCKY+LINUX+9", nil, 200), "images"); got != "Rocky Linux 9" {
		t.Errorf("?name=ROCKY LINUX 9: [%s]", got)
	}
}
