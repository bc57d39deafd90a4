package client

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
)

// A create that another process made at the same time under the same name
// (what the lock of one process cannot stop) is reported with both IDs.
func TestCreateNamedReportsAnotherProcesssTwin(t *testing.T) {
	var mu sync.Mutex
	var have []Named
	create := func(context.Context) (*Named, error) {
		mu.Lock()
		defer mu.Unlock()
		// The other process's create lands between our look-up and ours.
		have = append(have, Named{ID: "theirs", Name: "web"}, Named{ID: "ours", Name: "web"})
		return &Named{ID: "ours", Name: "web"}, nil
	}
	list := func(context.Context) ([]Named, error) {
		mu.Lock()
		defer mu.Unlock()
		return append([]Named(nil), have...), nil
	}
	got, err := CreateNamed(context.Background(), "server", "web", false, create, list, func(n *Named) Named { return *n })
	e := fault.Classify(err)
	if got == nil || got.ID != "ours" || e.Code != fault.CodeConflict || !contains(e.Message, "(ours)") || !contains(e.Message, "at the same time: theirs") {
		t.Fatalf("got %+v, %+v", got, e)
	}
	if d, _ := e.Details["duplicates"].([]string); len(d) != 1 || d[0] != "theirs" || e.Details["id"] != "ours" {
		t.Errorf("details %v", e.Details)
	}
	// With allow_duplicate_name, a twin is what was asked for.
	if _, err := CreateNamed(context.Background(), "server", "web", true, create, list, func(n *Named) Named { return *n }); err != nil {
		t.Errorf("allowed duplicate: %v", err)
	}
}

// The lock serialises one key, lets other keys through, and gives up when
// the call is cancelled.
func TestKeyedLock(t *testing.T) {
	var l keyedLock
	unlock, err := l.lock(context.Background(), "volume\x00a")
	if err != nil {
		t.Fatal(err)
	}
	other, err := l.lock(context.Background(), "volume\x00b")
	if err != nil {
		t.Fatal(err)
	}
	other()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := l.lock(ctx, "volume\x00a"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a held key: %v", err)
	}
	got := make(chan struct{})
	go func() {
		u, err := l.lock(context.Background(), "volume\x00a")
		if err == nil {
			u()
		}
		close(got)
	}()
	unlock()
	<-got
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.held) != 0 {
		t.Errorf("entries left: %v", l.held)
	}
}

// The lock is per project: a create of a name in one project does not
// wait for a create of the same name in another.
func TestCreateNamedSerialisesPerProject(t *testing.T) {
	ctxOf := func(project string) context.Context {
		srv := httptest.NewServer(sandbox.New(sandbox.Options{Project: project}))
		t.Cleanup(srv.Close)
		c := cloudAt(srv.URL+"/identity/v3", "dc3-a", nil)
		c.opts.Credentials.Auth.TenantName = project
		ctx := Bind(context.Background(), c, nil)
		if _, err := Bound(ctx); err != nil {
			t.Fatal(err)
		}
		return ctx
	}
	a, b := ctxOf("alpha"), ctxOf("beta")
	if projectOf(a) == "" || projectOf(a) == projectOf(b) {
		t.Fatalf("projects %q and %q", projectOf(a), projectOf(b))
	}
	none := func(context.Context) ([]Named, error) { return nil, nil }
	named := func(n *Named) Named { return *n }
	inA, release := make(chan struct{}), make(chan struct{})
	go func() {
		_, _ = CreateNamed(a, "volume", "twin", false, func(context.Context) (*Named, error) {
			close(inA)
			<-release // project alpha's create holds its lock
			return &Named{ID: "a", Name: "twin"}, nil
		}, none, named)
	}()
	<-inA
	defer close(release)
	ctx, cancel := context.WithTimeout(b, 5*time.Second)
	defer cancel()
	if _, err := CreateNamed(ctx, "volume", "twin", false, func(context.Context) (*Named, error) {
		return &Named{ID: "b", Name: "twin"}, nil
	}, none, named); err != nil {
		t.Errorf("project beta's create waited for alpha's: %v", err)
	}
	// The same project's waits.
	ctx, cancel = context.WithTimeout(a, 50*time.Millisecond)
	defer cancel()
	if _, err := CreateNamed(ctx, "volume", "twin", false, func(context.Context) (*Named, error) {
		return &Named{ID: "a2", Name: "twin"}, nil
	}, none, named); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a second create in alpha did not wait: %v", err)
	}
}
