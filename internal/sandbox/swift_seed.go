package sandbox

import (
	"fmt"
	"slices"
)

// SeedObjects adds a container of n small objects at once (for benchmarks):
// "bench-0000000" and on, a few bytes each, in one sorted append instead of
// n inserts.
func (s *Sandbox) SeedObjects(container string, n int) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	st := &s.db.swift
	now := s.Now()
	st.init(now)
	c := st.container(container)
	if c == nil {
		c = &swiftContainer{name: container, created: now, modified: now, meta: map[string]string{}, objects: map[string]*swiftObject{}}
		st.containers[container] = c
		st.names = insertSorted(st.names, container)
	}
	for i := 0; i < n; i++ {
		data := []byte(fmt.Sprintf("object %d\n", i))
		o := &swiftObject{name: fmt.Sprintf("bench-%07d", i), data: data, size: int64(len(data)), etag: md5hex(data),
			contentType: "text/plain", modified: now, meta: map[string]string{}}
		if old := c.objects[o.name]; old != nil {
			c.bytes -= old.size
			c.count--
		}
		c.objects[o.name] = o
		c.bytes += o.size
		c.count++
	}
	c.names = c.names[:0]
	for name := range c.objects {
		c.names = append(c.names, name)
	}
	slices.Sort(c.names)
}
