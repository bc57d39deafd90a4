package volume

import (
	"errors"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// A snapshot or backup is deleted when available or in error, forced, or
// already deleting; otherwise the refusal is a conflict that says its status.
func TestDeletable(t *testing.T) {
	for _, status := range []string{"available", "error", "deleting"} {
		if err := deletable("backup", "b1", status, false); err != nil {
			t.Errorf("%s: %v", status, err)
		}
	}
	if err := deletable("snapshot", "s1", "creating", true); err != nil {
		t.Errorf("forced: %v", err)
	}
	var e *fault.Error
	err := deletable("snapshot", "s1", "creating", false)
	if !errors.As(err, &e) || e.Code != fault.CodeConflict || !strings.Contains(e.Message, "snapshot s1 is creating") {
		t.Errorf("creating, not forced: %v", err)
	}
}
