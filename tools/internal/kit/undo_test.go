package kit

import (
	"context"
	"testing"
	"time"
)

// TestUndoOutlivesTheCall: what takes back a failed create is not cancelled
// with its call, and is bounded.
func TestUndoOutlivesTheCall(t *testing.T) {
	call, cancel := context.WithCancel(context.Background())
	cancel()
	undo, stop := Undo(call)
	defer stop()
	if undo.Err() != nil {
		t.Fatalf("the undo context ended with its call: %v", undo.Err())
	}
	if d, ok := undo.Deadline(); !ok || time.Until(d) > undoTimeout {
		t.Errorf("unbounded, or bounded past %v: %v %v", undoTimeout, d, ok)
	}
}
