// Package admission admits work under two caps: one in total and one per
// key (a session, a client address). It is the one mechanism behind the
// tool calls running, the POSTs being handled, the connections held, and,
// with the caps off, the things under way that a shutdown waits for.
//
// It is built on golang.org/x/sync/semaphore: a semaphore for the total and
// one per key in use, so waiters are served in the order they came.
package admission

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"
)

// Outcome is what became of a request for a place.
type Outcome int

const (
	Admitted  Outcome = iota // the place is held until Release
	TotalFull                // the total cap was reached (and stayed so for the wait)
	KeyFull                  // the key's cap was reached (and stayed so for the wait)
	Cancelled                // the caller's context ended while it waited
)

// Unlimited is a cap that never refuses.
const Unlimited = 0

// Limiter holds places under a total cap and a cap per key. The key ""
// is under the total cap only.
type Limiter struct {
	max, perKey int64 // math.MaxInt64 for Unlimited
	total       *semaphore.Weighted
	held        atomic.Int64

	mu   sync.Mutex
	keys map[string]*keyed
}

// keyed is one key's semaphore (nil without a per-key cap or for ""), the
// places it holds, and how many callers hold or wait for one (the entry is
// dropped when none do).
type keyed struct {
	sem        *semaphore.Weighted
	held, refs int64
}

// New makes a limiter of max places in total and perKey for each key
// (Unlimited for no cap).
func New(max, perKey int) *Limiter {
	l := &Limiter{max: capOf(max), perKey: capOf(perKey), keys: map[string]*keyed{}}
	l.total = semaphore.NewWeighted(l.max)
	return l
}

func capOf(n int) int64 {
	if n <= 0 {
		return math.MaxInt64
	}
	return int64(n)
}

// Max is the total cap, PerKey the cap of each key (Unlimited for none).
func (l *Limiter) Max() int    { return uncap(l.max) }
func (l *Limiter) PerKey() int { return uncap(l.perKey) }

func uncap(n int64) int {
	if n == math.MaxInt64 {
		return Unlimited
	}
	return int(n)
}

// ref finds or makes key's entry and counts the caller in it.
func (l *Limiter) ref(key string) *keyed {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := l.keys[key]
	if k == nil {
		k = &keyed{}
		if key != "" && l.perKey != math.MaxInt64 {
			k.sem = semaphore.NewWeighted(l.perKey)
		}
		l.keys[key] = k
	}
	k.refs++
	return k
}

// unref counts a caller out of key's entry, and drops the entry when it
// was the last; admitted says whether the caller now holds a place.
func (l *Limiter) unref(key string, k *keyed, admitted bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if admitted {
		k.held++
		return
	}
	if k.refs--; k.refs == 0 {
		delete(l.keys, key)
	}
}

// TryAcquire takes a place for key now, or says which cap is reached.
func (l *Limiter) TryAcquire(key string) Outcome {
	if !l.total.TryAcquire(1) {
		return TotalFull
	}
	k := l.ref(key)
	if k.sem != nil && !k.sem.TryAcquire(1) {
		l.total.Release(1)
		l.unref(key, k, false)
		return KeyFull
	}
	l.unref(key, k, true)
	l.held.Add(1)
	return Admitted
}

// Acquire waits up to wait for a place for key: first under the key's cap,
// so that a caller waiting for its own key holds none of the total, then
// under the total.
func (l *Limiter) Acquire(ctx context.Context, key string, wait time.Duration) Outcome {
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	k := l.ref(key)
	refused := func(full Outcome) Outcome {
		l.unref(key, k, false)
		if ctx.Err() != nil {
			return Cancelled
		}
		return full
	}
	if k.sem != nil {
		if k.sem.Acquire(wctx, 1) != nil {
			return refused(KeyFull)
		}
	}
	if err := l.total.Acquire(wctx, 1); err != nil {
		if k.sem != nil {
			k.sem.Release(1)
		}
		return refused(TotalFull)
	}
	l.unref(key, k, true)
	l.held.Add(1)
	return Admitted
}

// Release gives back a place key holds, and reports whether it held one:
// a key that holds none is left as it is.
func (l *Limiter) Release(key string) bool {
	l.mu.Lock()
	k := l.keys[key]
	if k == nil || k.held == 0 {
		l.mu.Unlock()
		return false
	}
	k.held--
	if k.refs--; k.refs == 0 {
		delete(l.keys, key)
	}
	l.mu.Unlock()
	if k.sem != nil {
		k.sem.Release(1)
	}
	l.held.Add(-1)
	l.total.Release(1)
	return true
}

// Holds reports whether key holds a place.
func (l *Limiter) Holds(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := l.keys[key]
	return k != nil && k.held > 0
}

// Len is the number of places held.
func (l *Limiter) Len() int { return int(l.held.Load()) }

// WaitIdle waits up to d for no place to be held, and reports whether none
// is. Meanwhile nobody is admitted (the semaphore serves waiters in order,
// and this one asks for every place): it is for a shutdown, or an input
// that ended, when nothing new comes.
func (l *Limiter) WaitIdle(d time.Duration) bool {
	if l.total.TryAcquire(l.max) {
		l.total.Release(l.max)
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if l.total.Acquire(ctx, l.max) != nil {
		return false
	}
	l.total.Release(l.max)
	return true
}
