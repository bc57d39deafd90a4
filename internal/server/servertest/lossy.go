package servertest

import (
	"testing"
)

// CreateEach calls the create tool n times, args(i) being the i-th call's
// arguments (with a distinct "name"), on a cloud that may lose replies: a
// call either succeeds or fails as unavailable (nothing was created), and
// the n calls send at most n requests to postRoute (none is repeated). It
// maps each call's name to the id it returned, "" for a call that failed.
func (h *Harness) CreateEach(t testing.TB, tool, postRoute string, n int, args func(i int) map[string]any) map[string]string {
	t.Helper()
	got := map[string]string{}
	for i := range n {
		a := args(i)
		name, _ := a["name"].(string)
		r := h.Call(t, tool, a)
		got[name] = ""
		if r.IsError {
			t.Logf("%s: %s", name, r.Text)
			if r.ErrorCode() != "unavailable" {
				t.Errorf("%s: %s", name, r.Text)
			}
			continue
		}
		got[name], _ = r.Map(t)["id"].(string)
	}
	if posts := h.Sandbox.Stats().ByRoute[postRoute]; posts > n {
		t.Errorf("%d calls of %s sent %d POSTs", n, tool, posts)
	}
	return got
}

// IDsByName lists with the list tool (trying again, up to 5 times, when the
// list's own reply is lost) and maps each name under key to its ids.
func (h *Harness) IDsByName(t testing.TB, listTool, key string) map[string][]string {
	t.Helper()
	for range 5 {
		r := h.Call(t, listTool, nil)
		if r.IsError {
			continue
		}
		var page map[string][]struct{ ID, Name string }
		r.Decode(t, &page)
		m := map[string][]string{}
		for _, x := range page[key] {
			m[x.Name] = append(m[x.Name], x.ID)
		}
		return m
	}
	t.Fatalf("%s failed 5 times", listTool)
	return nil
}

// CreatedOnce checks CreateEach's calls against what the cloud has: a name
// whose call returned an id exists once, with that id; a name whose call
// failed does not exist at all.
func CreatedOnce(t testing.TB, got map[string]string, have map[string][]string) {
	t.Helper()
	for name, id := range got {
		ids := have[name]
		switch {
		case id == "" && len(ids) != 0:
			t.Errorf("%s failed, yet the cloud has %v", name, ids)
		case id != "" && (len(ids) != 1 || ids[0] != id):
			t.Errorf("%s returned %s, the cloud has %v", name, id, ids)
		}
	}
}
