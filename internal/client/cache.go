package client

import (
	"sync"
	"time"
)

// lookupCache holds lookups for a short time, so that a burst of calls (an agent
// creating three servers by names) does not list flavors three times. Entries
// are per key; values are whatever the caller stores.
type lookupCache struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	value   any
	expires time.Time
}

// newLookupCache returns a cache whose entries live for ttl.
func newLookupCache(ttl time.Duration) *lookupCache {
	return &lookupCache{ttl: ttl, now: time.Now, entries: map[string]cacheEntry{}}
}

// get returns the live value under key.
func (c *lookupCache) get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || c.now().After(e.expires) {
		delete(c.entries, key)
		return nil, false
	}
	return e.value, true
}

// put stores value under key for the cache's lifetime.
func (c *lookupCache) put(key string, value any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[key] = cacheEntry{value: value, expires: c.now().Add(c.ttl)}
}
