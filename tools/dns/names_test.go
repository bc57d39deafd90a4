package dns

import "testing"

// TestNameInZoneSpellsTheZoneAsItIs: Designate takes a record set only when
// its name ends with the zone's name as the zone spells it, so a zone made
// elsewhere in mixed case gets names ending in its own spelling.
func TestNameInZoneSpellsTheZoneAsItIs(t *testing.T) {
	for _, c := range []struct{ name, zone, want string }{
		{"www", "example.com.", "www.example.com."},
		{"WWW", "Mixed-Case.test.", "www.Mixed-Case.test."},
		{"www.mixed-case.test", "Mixed-Case.test.", "www.Mixed-Case.test."},
		{"api.MIXED-CASE.TEST.", "Mixed-Case.test.", "api.Mixed-Case.test."},
		{"@", "Mixed-Case.test.", "Mixed-Case.test."},
		{"mixed-case.test.", "Mixed-Case.test.", "Mixed-Case.test."},
	} {
		if got, err := nameInZone(c.name, c.zone); err != nil || got != c.want {
			t.Errorf("nameInZone(%q, %q) = %q, %v; want %q", c.name, c.zone, got, err, c.want)
		}
	}
	if _, err := nameInZone("www.example.org.", "Mixed-Case.test."); err == nil {
		t.Error("a name outside the zone was taken")
	}
}
