package client

import (
	"context"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// Named is what the look-ups by name need to know of a resource.
type Named struct {
	ID, Name string
	Created  time.Time
}

// findNamed is the one look-up by name that both CreateOnce (did a create
// whose reply was lost make it?) and CreateNamed (does the name already
// exist?) ask: of the resources list returns, those named exactly name, the
// newest created since then (any time, for the zero time). list may filter
// by name on the cloud's side; the compare here is exact all the same,
// because Nova's filter is a regular expression and a database's collation
// may ignore case. An unnamed resource cannot be told from others, so it is
// not looked for.
func findNamed[T any](kind, name string, list func(context.Context) ([]T, error),
	named func(*T) Named) func(context.Context, time.Time) (*T, bool, error) {
	return func(ctx context.Context, since time.Time) (*T, bool, error) {
		if name == "" {
			return nil, false, fault.Errorf(fault.CodeUnavailable, "an unnamed %s cannot be looked for", kind)
		}
		items, err := list(ctx)
		if err != nil {
			return nil, false, err
		}
		since = since.UTC().Truncate(time.Second) // clouds keep whole seconds
		var best *T
		for i := range items {
			n := named(&items[i])
			if n.Name == name && !n.Created.Before(since) && (best == nil || n.Created.After(named(best).Created)) {
				best = &items[i]
			}
		}
		return best, best != nil, nil
	}
}

// CreateNamed is CreateOnce for a resource the project should hold once
// under a name (servers, volumes, snapshots, backups, security groups):
// unless allowDuplicate, a name that already exists refuses the create with
// conflict, naming the resource that has it, before anything is created. So
// an agent's retry of a create whose answer it never saw (its process was
// killed, its call timed out) finds the first resource instead of making a
// second. An unnamed create is not checked.
//
// Simultaneous creates of one kind and name in this process are serialised
// (the second sees the first's resource and is refused), and the name is
// asked again after the create: another process (a replica behind the same
// balancer) that made one at the same time is reported with both IDs, for
// the user to choose; across processes this stays best effort, as the
// cloud may list a new resource late. The lock is on the kind and name in
// the project of the call's cloud.
func CreateNamed[T any](ctx context.Context, kind, name string, allowDuplicate bool, create func(context.Context) (*T, error),
	list func(context.Context) ([]T, error), named func(*T) Named) (*T, error) {
	if name != strings.TrimSpace(name) {
		// Nova refuses such a name; Cinder trims it, and the name asked
		// would then find nothing after a lost reply.
		return nil, fault.Errorf(fault.CodeInvalidArgument, "the %s name %q starts or ends with white space", kind, name).
			WithHint("pass the name without the spaces around it")
	}
	find := findNamed(kind, name, list, named)
	checked := name != "" && !allowDuplicate
	if checked {
		unlock, err := creating.lock(ctx, kind+"\x00"+name+"\x00"+projectOf(ctx))
		if err != nil {
			return nil, err
		}
		defer unlock()
		old, ok, err := find(ctx, time.Time{})
		if err != nil {
			return nil, err
		}
		if ok {
			id := named(old).ID
			e := fault.Errorf(fault.CodeConflict, "a %s named %q already exists: %s", kind, name, id).
				WithHint("use it, choose another name, or pass allow_duplicate_name=true to create another")
			e.Details = map[string]any{"id": id}
			return nil, e
		}
	}
	created, err := CreateOnce(ctx, kind, name, create, find)
	if err != nil || !checked {
		return created, err
	}
	return created, alsoCreated(ctx, kind, name, named(created).ID, list, named)
}

// creating serialises CreateNamed's creates of one kind and name in a
// project.
var creating keyedLock

// projectOf is the project of the call ctx is ("" outside a call bound to
// a cloud: its creates are serialised with every other unbound one).
func projectOf(ctx context.Context) string {
	b, ok := ctx.Value(boundKey{}).(bound)
	if !ok || b.cloud == nil {
		return ""
	}
	s, err := b.cloud.Services(ctx) // the login the call made already
	if err != nil {
		return ""
	}
	return s.ProjectID
}

// alsoCreated is the conflict of a create that another process made at
// the same time as this one, under the same name: nil when the name is
// this resource's alone, or when the cloud cannot be asked (the create
// itself succeeded).
func alsoCreated[T any](ctx context.Context, kind, name, id string, list func(context.Context) ([]T, error), named func(*T) Named) error {
	items, err := list(ctx)
	if err != nil {
		return nil
	}
	var others []string
	for i := range items {
		if n := named(&items[i]); n.Name == name && n.ID != id {
			others = append(others, n.ID)
		}
	}
	if len(others) == 0 {
		return nil
	}
	e := fault.Errorf(fault.CodeConflict, "created %s %q (%s), but another was created under the same name at the same time: %s",
		kind, name, id, strings.Join(others, ", ")).
		WithHint("both exist now: keep one and delete the other, or rename one")
	e.Details = map[string]any{"id": id, "duplicates": others}
	return e
}
