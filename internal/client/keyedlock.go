package client

import (
	"context"
	"sync"
)

// keyedLock serialises what is done under one key, and nothing else: the
// creates of one kind and name (CreateNamed), so that the second of two
// simultaneous creates looks for the name after the first made it.
type keyedLock struct {
	mu   sync.Mutex
	held map[string]*keyedEntry
}

type keyedEntry struct {
	turn    chan struct{} // holds a token while the key is locked
	waiters int           // holders and waiters: the entry goes when none is left
}

// lock waits for key, or for ctx to end; unlock gives it to the next.
func (l *keyedLock) lock(ctx context.Context, key string) (unlock func(), err error) {
	l.mu.Lock()
	if l.held == nil {
		l.held = map[string]*keyedEntry{}
	}
	e := l.held[key]
	if e == nil {
		e = &keyedEntry{turn: make(chan struct{}, 1)}
		l.held[key] = e
	}
	e.waiters++
	l.mu.Unlock()
	leave := func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		if e.waiters--; e.waiters == 0 {
			delete(l.held, key)
		}
	}
	select {
	case e.turn <- struct{}{}:
		return func() { <-e.turn; leave() }, nil
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
}
