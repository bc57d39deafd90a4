package fault

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestClassifyAsksClassifiersAfterItsOwn: an *Error and the context's errors
// are Classify's own; what it does not know goes to the added classifiers,
// then is internal. The cause stays reachable through the result.
func TestClassifyAsksClassifiersAfterItsOwn(t *testing.T) {
	teapot := errors.New("teapot")
	saved := classifiers
	t.Cleanup(func() { classifiers = saved })
	asked := 0
	classifiers = nil
	AddClassifier(func(err error) *Error {
		asked++
		if errors.Is(err, teapot) {
			return Errorf(CodeConflict, "short and stout").WithCause(err)
		}
		return nil
	})
	for _, tc := range []struct {
		err        error
		code       string
		wantAsked  int
		wantUnwrap bool
	}{
		{Errorf(CodeNotFound, "no such server"), CodeNotFound, 0, false},
		{fmt.Errorf("call: %w", context.Canceled), CodeCancelled, 0, true},
		{context.DeadlineExceeded, CodeTimeout, 0, true},
		{fmt.Errorf("brewing: %w", teapot), CodeConflict, 1, true},
		{errors.New("something else"), CodeInternal, 1, true},
	} {
		asked = 0
		e := Classify(tc.err)
		if e.Code != tc.code || asked != tc.wantAsked {
			t.Errorf("%v: code %s (classifier asked %d times), want %s (%d)", tc.err, e.Code, asked, tc.code, tc.wantAsked)
		}
		if tc.wantUnwrap && !errors.Is(e, tc.err) {
			t.Errorf("%v: the result does not unwrap to its cause", tc.err)
		}
	}
	if Classify(nil) != nil {
		t.Error("Classify(nil) is not nil")
	}
}
