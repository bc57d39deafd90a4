package server

import (
	"sync"
	"time"
)

// pending is a set of things under way that others wait to see end: the
// tool calls running (inflight), the stdio requests not yet answered
// (dueAnswers).
type pending[K comparable, V any] struct {
	mu      sync.Mutex
	items   map[K]V
	changed chan struct{} // closed and replaced whenever one ends
}

func newPending[K comparable, V any]() *pending[K, V] {
	return &pending[K, V]{items: map[K]V{}, changed: make(chan struct{})}
}

func (p *pending[K, V]) add(k K, v V) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.items[k] = v
}

// done ends k, if it is under way.
func (p *pending[K, V]) done(k K) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.items[k]; !ok {
		return
	}
	delete(p.items, k)
	close(p.changed)
	p.changed = make(chan struct{})
}

// has reports whether k is under way.
func (p *pending[K, V]) has(k K) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.items[k]
	return ok
}

func (p *pending[K, V]) len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.items)
}

// values is what is under way now.
func (p *pending[K, V]) values() []V {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]V, 0, len(p.items))
	for _, v := range p.items {
		out = append(out, v)
	}
	return out
}

// wait waits up to d for nothing to be under way, and reports whether
// nothing is.
func (p *pending[K, V]) wait(d time.Duration) bool {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		p.mu.Lock()
		n, changed := len(p.items), p.changed
		p.mu.Unlock()
		if n == 0 {
			return true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return false
		}
	}
}
