package volume

import (
	"context"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/volumes"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// copyKind is a kind of copy of a volume, snapshot or backup: Cinder's calls
// for it, so that finding, listing, waiting for, creating and deleting a
// copy is written once for both. T is gophercloud's type, V the view.
type copyKind[T, V any] struct {
	kind       string   // "snapshot"
	doing      string   // "snapshotting it", for messages
	done       string   // "snapshotted"
	collection string   // "snapshots"
	failed     []string // the statuses a wait ends on at once
	get        func(ctx context.Context, sc *gophercloud.ServiceClient, id string) (*T, error)
	named      func(ctx context.Context, sc *gophercloud.ServiceClient, name string) ([]T, error)
	ofVolume   func(volumeID string) (string, error) // the list's query; "" is every volume
	remove     func(ctx context.Context, sc *gophercloud.ServiceClient, id string, force bool) error
	state      func(*T) client.State // its status, and the failure reason it gives
	about      func(*T) client.Named // its ID, name and creation time
	view       func(T) V
}

// find resolves ref, an ID or a unique name.
func (k copyKind[T, V]) find(ctx context.Context, sc *gophercloud.ServiceClient, ref string) (*T, error) {
	return kit.Find(ctx, k.kind, ref,
		func(ctx context.Context, id string) (*T, error) { return k.get(ctx, sc, id) },
		func(ctx context.Context, name string) ([]T, error) { return k.named(ctx, sc, name) },
		func(x *T) client.Candidate { n := k.about(x); return client.Candidate{ID: n.ID, Name: n.Name} })
}

// list is one page of the copies, of the volume a.VolumeID names (an ID or
// a unique name) when set.
func (k copyKind[T, V]) list(ctx context.Context, s *client.Services, a ofVolumeArgs) ([]V, kit.More, error) {
	volumeID, err := volumeFilter(ctx, s, a.VolumeID)
	if err != nil {
		return nil, kit.More{}, err
	}
	q, err := k.ofVolume(volumeID)
	if err != nil {
		return nil, kit.More{}, err
	}
	page, more, err := kit.Read(ctx, s.Volume, s.Volume.ServiceURL(k.collection, "detail")+q, k.collection, a.Page,
		func(x *T) string { return k.about(x).ID })
	if err != nil {
		return nil, kit.More{}, markerError(err, a.Marker)
	}
	return kit.Views(page, k.view), more, nil
}

// wait waits until copy id is available (or gone), failing fast on a
// failed status with its reason: the one its state gives, else Cinder's
// user message. It returns the last one seen.
func (k copyKind[T, V]) wait(ctx context.Context, c *client.Cloud, sc *gophercloud.ServiceClient, id string, w kit.Waiting, gone bool) (*T, error) {
	until := []string{"available"}
	if gone {
		until = nil
	}
	return waitCinder(ctx, c, sc, k.kind, id, w, until, k.failed,
		func(ctx context.Context) (*T, error) { return k.get(ctx, sc, id) }, k.state)
}

// create makes a copy of the volume a names with post, once
// (client.CreateNamed: refused when the name is taken, unless
// allow_duplicate_name), after refusing what Cinder would refuse of the
// volume (sourceVolume); when a asks, it waits until the copy is available.
// It returns the copy as last seen.
func (k copyKind[T, V]) create(ctx context.Context, s *client.Services, a copyArgs,
	post func(ctx context.Context, v *volumes.Volume) (*T, error)) (*T, error) {
	v, err := sourceVolume(ctx, s, a.VolumeID, a.Force, k.kind, k.doing, k.done)
	if err != nil {
		return nil, err
	}
	x, err := client.CreateNamed(ctx, k.kind, a.Name, a.AllowDuplicateName,
		func(ctx context.Context) (*T, error) { return post(ctx, v) },
		func(ctx context.Context) ([]T, error) { return k.named(ctx, s.Volume, a.Name) }, k.about)
	if err != nil || !a.Wait {
		return x, err
	}
	return k.wait(ctx, s.Cloud, s.Volume, k.about(x).ID, a.Waiting, false)
}

// delete deletes the copy ref names once check (when set) and Cinder's
// rule of deletable statuses allow it, and when w asks, waits until it is
// gone.
func (k copyKind[T, V]) delete(ctx context.Context, s *client.Services, ref string, force bool, w kit.Waiting,
	check func(*T) error) (Done, error) {
	x, err := k.find(ctx, s.Volume, ref)
	if err != nil {
		return Done{}, err
	}
	id, status := k.about(x).ID, k.state(x).Status
	if check != nil {
		if err := check(x); err != nil {
			return Done{}, err
		}
	}
	if err := deletable(k.kind, id, status, force); err != nil {
		return Done{}, err
	}
	return deleteAndWait(ctx, id, status == "deleting", w,
		func(ctx context.Context) error { return k.remove(ctx, s.Volume, id, force) },
		func(ctx context.Context) (string, error) {
			x, err := k.get(ctx, s.Volume, id)
			if err != nil {
				return "", err
			}
			return k.state(x).Status, nil
		},
		func(ctx context.Context) error {
			_, err := k.wait(ctx, s.Cloud, s.Volume, id, w, true)
			return err
		})
}

// sourceVolume resolves the volume a snapshot or backup is taken of, and
// refuses before any call what Cinder would refuse: an in-use volume without
// force (saying force is needed and where it is attached), or a volume in any
// state but available or in-use. noun, doing and done word the messages
// ("backup", "backing it up", "backed up").
func sourceVolume(ctx context.Context, s *client.Services, ref string, force bool, noun, doing, done string) (*volumes.Volume, error) {
	v, err := findVolume(ctx, s.Volume, ref)
	if err != nil {
		return nil, err
	}
	switch {
	case v.Status == "in-use" && !force:
		return nil, attachedConflict(ctx, s, v, doing+" needs force=true",
			"pass force=true for a crash-consistent "+noun+", or detach it first")
	case v.Status != "available" && v.Status != "in-use":
		return nil, fault.Errorf(fault.CodeConflict, "volume %s is %s; it can be %s when available (or in-use, with force)", v.ID, v.Status, done)
	}
	return v, nil
}
