package swift

import (
	"fmt"
	"slices"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Seed adds a container of n small objects at once to the account of c
// (for benchmarks): "bench-0000000" and on, a few bytes each, in one
// sorted append instead of n inserts.
func Seed(c *core.Cloud, container string, n int) {
	s := of(c)
	s.Mu.Lock()
	defer s.Mu.Unlock()
	st := &s.account
	now := s.Now()
	st.init(now)
	ct := st.container(container)
	if ct == nil {
		ct = &swiftContainer{name: container, created: now, modified: now, meta: map[string]string{}, objects: map[string]*swiftObject{}}
		st.containers[container] = ct
		st.names = insertSorted(st.names, container)
	}
	for i := 0; i < n; i++ {
		data := []byte(fmt.Sprintf("object %d\n", i))
		o := &swiftObject{name: fmt.Sprintf("bench-%07d", i), data: data, size: int64(len(data)), etag: md5hex(data),
			contentType: "text/plain", modified: now, meta: map[string]string{}}
		if old := ct.objects[o.name]; old != nil {
			ct.bytes -= old.size
			ct.count--
		}
		ct.objects[o.name] = o
		ct.bytes += o.size
		ct.count++
	}
	ct.names = ct.names[:0]
	for name := range ct.objects {
		ct.names = append(ct.names, name)
	}
	slices.Sort(ct.names)
}
