package mcptool

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoCloudClientInTheAdapter: the adapter speaks internal/fault's error
// vocabulary and knows nothing of the cloud's client or gophercloud
// (docs/design.md, "Rules of the house").
func TestNoCloudClientInTheAdapter(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasSuffix(dep, "/internal/client") || strings.Contains(dep, "gophercloud") {
			t.Errorf("internal/mcptool depends on %s", dep)
		}
	}
}
