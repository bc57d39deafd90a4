package admission

import (
	"context"
	"testing"
	"time"
)

// long is a wait no test reaches: a caller given it is admitted when a
// place is given back, or the test hangs and fails by its deadline.
const long = time.Minute

func TestTryAcquireRefusesPastEachCap(t *testing.T) {
	l := New(3, 2)
	for _, key := range []string{"a", "a", "b"} {
		if got := l.TryAcquire(key); got != Admitted {
			t.Fatalf("TryAcquire(%q) = %v, want Admitted", key, got)
		}
	}
	if got := l.TryAcquire("c"); got != TotalFull {
		t.Errorf("a fourth place: %v, want TotalFull", got)
	}
	l.Release("b")
	if got := l.TryAcquire("a"); got != KeyFull {
		t.Errorf("a third place for a: %v, want KeyFull", got)
	}
	if got := l.TryAcquire("c"); got != Admitted {
		t.Errorf("c after b gave its place back: %v, want Admitted", got)
	}
	if l.Len() != 3 {
		t.Errorf("Len = %d, want 3", l.Len())
	}
}

func TestTheEmptyKeyHasOnlyTheTotalCap(t *testing.T) {
	l := New(3, 1)
	for i := range 3 {
		if got := l.TryAcquire(""); got != Admitted {
			t.Fatalf("place %d for \"\": %v, want Admitted", i, got)
		}
	}
	if got := l.TryAcquire(""); got != TotalFull {
		t.Errorf("past the total: %v, want TotalFull", got)
	}
}

func TestAcquireWaitsForAPlaceGivenBack(t *testing.T) {
	l := New(1, Unlimited)
	if l.TryAcquire("a") != Admitted {
		t.Fatal("first place refused")
	}
	got := make(chan Outcome)
	go func() { got <- l.Acquire(context.Background(), "b", long) }()
	l.Release("a")
	if o := <-got; o != Admitted {
		t.Fatalf("waiter: %v, want Admitted", o)
	}
	if !l.Holds("b") || l.Holds("a") {
		t.Errorf("Holds(b) = %v, Holds(a) = %v; want true, false", l.Holds("b"), l.Holds("a"))
	}
}

func TestAcquireSaysWhichCapOutlastedTheWait(t *testing.T) {
	l := New(2, 1)
	l.TryAcquire("a")
	if got := l.Acquire(context.Background(), "a", time.Millisecond); got != KeyFull {
		t.Errorf("a's second place: %v, want KeyFull", got)
	}
	l.TryAcquire("b")
	if got := l.Acquire(context.Background(), "c", time.Millisecond); got != TotalFull {
		t.Errorf("c past the total: %v, want TotalFull", got)
	}
	// The refused waiters left nothing behind: a's cap is still one.
	l.Release("a")
	if got := l.TryAcquire("a"); got != Admitted {
		t.Errorf("a after its release: %v, want Admitted", got)
	}
}

func TestAcquireEndsWithItsCallersContext(t *testing.T) {
	l := New(1, Unlimited)
	l.TryAcquire("a")
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan Outcome)
	go func() { got <- l.Acquire(ctx, "b", long) }()
	cancel()
	if o := <-got; o != Cancelled {
		t.Errorf("cancelled waiter: %v, want Cancelled", o)
	}
	if l.Len() != 1 {
		t.Errorf("Len = %d, want 1", l.Len())
	}
}

func TestReleaseOfAKeyHoldingNothingChangesNothing(t *testing.T) {
	l := New(Unlimited, Unlimited)
	if l.Release("x") {
		t.Error("Release of a key never admitted reported a place")
	}
	l.TryAcquire("x")
	if !l.Release("x") || l.Release("x") {
		t.Error("want one place released, then none")
	}
	if l.Len() != 0 || len(l.keys) != 0 {
		t.Errorf("Len = %d, keys = %v; want nothing left", l.Len(), l.keys)
	}
}

func TestWaitIdleWaitsForEveryPlace(t *testing.T) {
	l := New(Unlimited, Unlimited)
	if !l.WaitIdle(0) {
		t.Fatal("an empty limiter is not idle")
	}
	l.TryAcquire("a")
	l.TryAcquire("b")
	if l.WaitIdle(time.Millisecond) {
		t.Fatal("idle while two places are held")
	}
	idle := make(chan bool)
	go func() { idle <- l.WaitIdle(long) }()
	l.Release("a")
	l.Release("b")
	if !<-idle {
		t.Error("not idle after every place was given back")
	}
	if got := l.TryAcquire("c"); got != Admitted {
		t.Errorf("after the wait: %v, want Admitted", got)
	}
}

func TestCapsAreReportedAsGiven(t *testing.T) {
	l := New(8, Unlimited)
	if l.Max() != 8 || l.PerKey() != Unlimited {
		t.Errorf("Max, PerKey = %d, %d; want 8, Unlimited", l.Max(), l.PerKey())
	}
}
