package volume

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/backups"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/snapshots"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/volumes"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"
	"github.com/gophercloud/gophercloud/v2/openstack/image/v2/images"
	"github.com/gophercloud/gophercloud/v2/pagination"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/listing"
)

// Waiting is embedded in the arguments of every tool that changes something.
type Waiting struct {
	Wait           bool `json:"wait" jsonschema:"default=true" jsonschema_extras:"x-unlisted=true"`
	TimeoutSeconds int  `json:"timeout_seconds" jsonschema:"minimum=1,maximum=3600,default=600" jsonschema_extras:"x-unlisted=true"`
}

func (w Waiting) timeout() time.Duration { return time.Duration(w.TimeoutSeconds) * time.Second }

// Cinder's failure statuses: a wait ends at once on any of them.
var (
	volumeFailed   = []string{"error", "error_deleting", "error_extending", "error_restoring", "error_attaching", "error_detaching", "error_managing"}
	snapshotFailed = []string{"error", "error_deleting"}
	backupFailed   = []string{"error", "error_deleting", "error_restoring"}
)

// stateError makes Cinder's refusals of a resource's state conflicts:
// Cinder words them "Invalid volume: ... status must be ..." and answers
// 400, which alone would read as a bad argument.
func stateError(err error) error {
	e := client.Classify(err)
	if e == nil || e.Code != client.CodeInvalidArgument {
		return err
	}
	for _, p := range []string{"Invalid volume:", "Invalid snapshot:", "Invalid backup:"} {
		if strings.HasPrefix(e.Message, p) {
			c := *e
			c.Code = client.CodeConflict
			return &c
		}
	}
	return err
}

// tookEffect settles a change request that failed. The reply may have been
// lost after the cloud did the work, or a retry of the request refused
// because the first attempt had worked (a second DELETE of a volume already
// deleting): then check, which looks at the resource, sees the change, and
// the call goes on to wait for it. Otherwise the failure stands, with
// Cinder's state refusals as conflicts.
func tookEffect(ctx context.Context, err error, check func(context.Context) bool) error {
	if err == nil {
		return nil
	}
	switch client.Classify(err).Code {
	case client.CodeQuotaExceeded, client.CodeForbidden, client.CodeUnauthenticated, client.CodeCancelled:
		return stateError(err)
	}
	if ctx.Err() == nil && check(ctx) {
		return nil
	}
	return stateError(err)
}

// goneOr reports whether a resource is gone (get answers not_found) or has
// one of the statuses.
func goneOr(ctx context.Context, get func(context.Context) (string, error), statuses ...string) bool {
	st, err := get(ctx)
	if err != nil {
		return client.Classify(err).Code == client.CodeNotFound
	}
	return slices.Contains(statuses, st)
}

// markerError explains a list marker the cloud does not know: Cinder
// answers 404 for the resource the marker names.
func markerError(err error, marker string) error {
	if e := client.Classify(err); e != nil && marker != "" && e.Code == client.CodeNotFound {
		return client.Errorf(client.CodeInvalidArgument, "marker %q: %s", marker, e.Message).
			WithHint("pass the next_marker of a previous page")
	}
	return err
}

// resolve finds the one resource ref names (an ID, or a unique exact name)
// and returns it whole.
func resolve[T any](ctx context.Context, kind, ref string, get func(context.Context, string) (T, error),
	search func(context.Context, string) ([]T, error), id func(T) client.Candidate) (T, error) {
	seen := map[string]T{}
	c, err := client.Resolve(ctx, kind, ref,
		func(ctx context.Context, ref string) (client.Candidate, error) {
			x, err := get(ctx, ref)
			if err != nil {
				return client.Candidate{}, err
			}
			c := id(x)
			seen[c.ID] = x
			return c, nil
		},
		func(ctx context.Context, name string) ([]client.Candidate, error) {
			xs, err := search(ctx, name)
			var cs []client.Candidate
			for _, x := range xs {
				c := id(x)
				seen[c.ID] = x
				cs = append(cs, c)
			}
			return cs, err
		})
	if err != nil {
		var zero T
		return zero, err
	}
	return seen[c.ID], nil
}

// volumeFilter is the ID of the volume a list is filtered by (ref is its ID
// or unique name; "" is no filter). Cinder answers an empty list for a
// volume_id it does not know: an unknown volume is not_found here instead.
func volumeFilter(ctx context.Context, s *client.Services, ref string) (string, error) {
	if ref == "" {
		return "", nil
	}
	v, err := findVolume(ctx, s.Volume, ref)
	if err != nil {
		return "", err
	}
	return v.ID, nil
}

func findVolume(ctx context.Context, sc *gophercloud.ServiceClient, ref string) (*volumes.Volume, error) {
	return resolve(ctx, "volume", ref,
		func(ctx context.Context, id string) (*volumes.Volume, error) {
			return volumes.Get(ctx, sc, id).Extract()
		},
		func(ctx context.Context, name string) ([]*volumes.Volume, error) {
			return allVolumes(ctx, sc, volumes.ListOpts{Name: name})
		},
		func(v *volumes.Volume) client.Candidate { return client.Candidate{ID: v.ID, Name: v.Name} })
}

func allVolumes(ctx context.Context, sc *gophercloud.ServiceClient, opts volumes.ListOpts) ([]*volumes.Volume, error) {
	pages, err := volumes.List(sc, opts).AllPages(ctx)
	if err != nil {
		return nil, err
	}
	vs, err := volumes.ExtractVolumes(pages)
	out := make([]*volumes.Volume, len(vs))
	for i := range vs {
		out[i] = &vs[i]
	}
	return out, err
}

func findSnapshot(ctx context.Context, sc *gophercloud.ServiceClient, ref string) (*snapshots.Snapshot, error) {
	return resolve(ctx, "snapshot", ref,
		func(ctx context.Context, id string) (*snapshots.Snapshot, error) {
			return snapshots.Get(ctx, sc, id).Extract()
		},
		func(ctx context.Context, name string) ([]*snapshots.Snapshot, error) {
			pages, err := snapshots.ListDetail(sc, snapshots.ListOpts{Name: name}).AllPages(ctx)
			if err != nil {
				return nil, err
			}
			ss, err := snapshots.ExtractSnapshots(pages)
			return pointers(ss), err
		},
		func(s *snapshots.Snapshot) client.Candidate { return client.Candidate{ID: s.ID, Name: s.Name} })
}

// backupQuery is the query of Cinder's backup list: gophercloud's detail
// options lack the filters Cinder has (name, status, volume_id).
type backupQuery struct {
	Name     string `q:"name"`
	Status   string `q:"status"`
	VolumeID string `q:"volume_id"`
	Limit    int    `q:"limit"`
	Marker   string `q:"marker"`
}

func (q backupQuery) ToBackupListDetailQuery() (string, error) {
	u, err := gophercloud.BuildQueryString(q)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

func findBackup(ctx context.Context, sc *gophercloud.ServiceClient, ref string) (*backups.Backup, error) {
	return resolve(ctx, "backup", ref,
		func(ctx context.Context, id string) (*backups.Backup, error) {
			return backups.Get(ctx, sc, id).Extract()
		},
		func(ctx context.Context, name string) ([]*backups.Backup, error) {
			pages, err := backups.ListDetail(sc, backupQuery{Name: name}).AllPages(ctx)
			if err != nil {
				return nil, err
			}
			bs, err := backups.ExtractBackups(pages)
			return pointers(bs), err
		},
		func(b *backups.Backup) client.Candidate { return client.Candidate{ID: b.ID, Name: b.Name} })
}

// findServer resolves a Nova server; Nova's name filter is a regular
// expression, anchored here to mean the exact name.
func findServer(ctx context.Context, sc *gophercloud.ServiceClient, ref string) (client.Candidate, error) {
	return client.Resolve(ctx, "server", ref,
		func(ctx context.Context, id string) (client.Candidate, error) {
			s, err := servers.Get(ctx, sc, id).Extract()
			if err != nil {
				return client.Candidate{}, err
			}
			return client.Candidate{ID: s.ID, Name: s.Name}, nil
		},
		func(ctx context.Context, name string) ([]client.Candidate, error) {
			var out []client.Candidate
			err := servers.List(sc, servers.ListOpts{Name: listing.NovaName(name)}).EachPage(ctx,
				func(_ context.Context, p pagination.Page) (bool, error) {
					ss, err := servers.ExtractServers(p)
					for _, s := range ss {
						out = append(out, client.Candidate{ID: s.ID, Name: s.Name})
					}
					return true, err
				})
			return out, err
		})
}

// serverName is "name (id)" for messages, or the id when Nova does not say.
func serverName(ctx context.Context, sc *gophercloud.ServiceClient, id string) string {
	if s, err := servers.Get(ctx, sc, id).Extract(); err == nil && s.Name != "" {
		return s.Name + " (" + id + ")"
	}
	return id
}

func findImage(ctx context.Context, sc *gophercloud.ServiceClient, ref string) (*images.Image, error) {
	return resolve(ctx, "image", ref,
		func(ctx context.Context, id string) (*images.Image, error) { return images.Get(ctx, sc, id).Extract() },
		func(ctx context.Context, name string) ([]*images.Image, error) {
			pages, err := images.List(sc, images.ListOpts{Name: name}).AllPages(ctx)
			if err != nil {
				return nil, err
			}
			is, err := images.ExtractImages(pages)
			return pointers(is), err
		},
		func(i *images.Image) client.Candidate { return client.Candidate{ID: i.ID, Name: i.Name} })
}

func pointers[T any](xs []T) []*T {
	out := make([]*T, len(xs))
	for i := range xs {
		out[i] = &xs[i]
	}
	return out
}

// userMessage is Cinder's reason for a resource's failure, from its user
// messages (microversion 3.3): the newest one about that resource.
func userMessage(ctx context.Context, sc *gophercloud.ServiceClient, id string) string {
	var body struct {
		Messages []struct {
			UserMessage string `json:"user_message"`
			CreatedAt   string `json:"created_at"`
		} `json:"messages"`
	}
	if _, err := sc.Get(ctx, sc.ServiceURL("messages")+"?resource_uuid="+url.QueryEscape(id), &body, nil); err != nil {
		return ""
	}
	msg, at := "", ""
	for _, m := range body.Messages {
		if m.CreatedAt >= at {
			msg, at = m.UserMessage, m.CreatedAt
		}
	}
	return msg
}

// waitVolume waits until volume id reaches one of until (or is gone, when
// until is nil), failing fast on Cinder's error statuses with its reason.
// show, when set, reads the state from the volume (e.g. "extending" until
// the new size shows). It returns the last volume seen.
func waitVolume(ctx context.Context, c *client.Cloud, sc *gophercloud.ServiceClient, id string, w Waiting,
	until []string, show func(*volumes.Volume) client.State) (*volumes.Volume, error) {
	var last *volumes.Volume
	_, err := c.Wait(ctx, client.WaitFor{
		Kind: "volume", ID: id, Until: until, Gone: until == nil, Failed: volumeFailed, Timeout: w.timeout(),
		Poll: func(ctx context.Context) (client.State, error) {
			v, err := volumes.Get(ctx, sc, id).Extract()
			if err != nil {
				return client.State{}, err
			}
			last = v
			st := client.State{Status: v.Status}
			if show != nil {
				st = show(v)
			}
			if st.Fault == "" && slices.Contains(volumeFailed, v.Status) {
				st.Fault = userMessage(ctx, sc, id)
			}
			return st, nil
		},
	})
	return last, err
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
		return nil, client.Errorf(client.CodeConflict, "volume %s is %s; it can be %s when available (or in-use, with force)", v.ID, v.Status, done)
	}
	return v, nil
}
