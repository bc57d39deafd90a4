package server

import "sync"

// addrSlots are places taken under two caps, in total and per client
// address (connections, POSTs in progress); a waiter learns when one is
// given back.
type addrSlots struct {
	max, perAddr int

	mu     sync.Mutex
	total  int
	byAddr map[string]int
	freed  chan struct{} // closed and replaced whenever a place is given back
}

func newAddrSlots(max, perAddr int) *addrSlots {
	return &addrSlots{max: max, perAddr: perAddr, byAddr: map[string]int{}, freed: make(chan struct{})}
}

// take takes a place for addr and returns ""; when a cap is reached it
// returns which ("total" or "address") and a channel closed when a place
// is given back.
func (s *addrSlots) take(addr string) (full string, freed <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.total >= s.max:
		return "total", s.freed
	case s.byAddr[addr] >= s.perAddr:
		return "address", s.freed
	}
	s.total++
	s.byAddr[addr]++
	return "", nil
}

// give gives back a place addr took.
func (s *addrSlots) give(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total--
	if s.byAddr[addr]--; s.byAddr[addr] <= 0 {
		delete(s.byAddr, addr)
	}
	close(s.freed)
	s.freed = make(chan struct{})
}

// Len is the number of places taken.
func (s *addrSlots) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}
