package volume

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/backups"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/snapshots"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/volumes"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

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
	e := fault.Classify(err)
	if e == nil || e.Code != fault.CodeInvalidArgument {
		return err
	}
	for _, p := range []string{"Invalid volume:", "Invalid snapshot:", "Invalid backup:"} {
		if strings.HasPrefix(e.Message, p) {
			c := *e
			c.Code = fault.CodeConflict
			return &c
		}
	}
	return err
}

// tookEffect is kit.TookEffect with Cinder's state refusals as conflicts.
func tookEffect(ctx context.Context, err error, check func(context.Context) bool) error {
	return stateError(kit.TookEffect(ctx, err, check))
}

// goneOr reports whether a resource is gone (get answers not_found) or has
// one of the statuses.
func goneOr(ctx context.Context, get func(context.Context) (string, error), statuses ...string) bool {
	st, err := get(ctx)
	if err != nil {
		return fault.Classify(err).Code == fault.CodeNotFound
	}
	return slices.Contains(statuses, st)
}

// markerError explains a list marker the cloud does not know: Cinder
// answers 404 for the resource the marker names.
func markerError(err error, marker string) error {
	if e := fault.Classify(err); e != nil && marker != "" && e.Code == fault.CodeNotFound {
		return fault.Errorf(fault.CodeInvalidArgument, "marker %q: %s", marker, e.Message).
			WithHint("pass the next_marker of a previous page")
	}
	return err
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
	return kit.Find(ctx, "volume", ref,
		func(ctx context.Context, id string) (*volumes.Volume, error) {
			return volumes.Get(ctx, sc, id).Extract()
		},
		func(ctx context.Context, name string) ([]volumes.Volume, error) {
			return kit.All(ctx, volumes.List(sc, volumes.ListOpts{Name: name}), volumes.ExtractVolumes)
		},
		func(v *volumes.Volume) client.Candidate { return client.Candidate{ID: v.ID, Name: v.Name} })
}

func findSnapshot(ctx context.Context, sc *gophercloud.ServiceClient, ref string) (*snapshots.Snapshot, error) {
	return kit.Find(ctx, "snapshot", ref,
		func(ctx context.Context, id string) (*snapshots.Snapshot, error) {
			return snapshots.Get(ctx, sc, id).Extract()
		},
		func(ctx context.Context, name string) ([]snapshots.Snapshot, error) {
			return kit.All(ctx, snapshots.ListDetail(sc, snapshots.ListOpts{Name: name}), snapshots.ExtractSnapshots)
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
	return kit.Find(ctx, "backup", ref,
		func(ctx context.Context, id string) (*backups.Backup, error) {
			return backups.Get(ctx, sc, id).Extract()
		},
		func(ctx context.Context, name string) ([]backups.Backup, error) {
			return kit.All(ctx, backups.ListDetail(sc, backupQuery{Name: name}), backups.ExtractBackups)
		},
		func(b *backups.Backup) client.Candidate { return client.Candidate{ID: b.ID, Name: b.Name} })
}

// serverName is "name (id)" for messages, or the id when Nova does not say.
func serverName(ctx context.Context, sc *gophercloud.ServiceClient, id string) string {
	if s, err := servers.Get(ctx, sc, id).Extract(); err == nil && s.Name != "" {
		return s.Name + " (" + id + ")"
	}
	return id
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
func waitVolume(ctx context.Context, c *client.Cloud, sc *gophercloud.ServiceClient, id string, w kit.Waiting,
	until []string, show func(*volumes.Volume) client.State) (*volumes.Volume, error) {
	var last *volumes.Volume
	_, err := c.Wait(ctx, client.WaitFor{
		Kind: "volume", ID: id, Until: until, Gone: until == nil, Failed: volumeFailed, Timeout: w.Timeout(),
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
		return nil, fault.Errorf(fault.CodeConflict, "volume %s is %s; it can be %s when available (or in-use, with force)", v.ID, v.Status, done)
	}
	return v, nil
}

// deleteAndWait is what every Cinder delete shares once the resource is
// found and may go: unless it is already deleting, send del and settle a
// lost or refused retry by looking again (status: gone, or deleting); then,
// when asked, wait until it is gone.
func deleteAndWait(ctx context.Context, id string, deleting bool, w kit.Waiting, del func(context.Context) error,
	status func(context.Context) (string, error), gone func(context.Context) error) (Done, error) {
	if !deleting {
		if err := tookEffect(ctx, del(ctx), func(ctx context.Context) bool { return goneOr(ctx, status, "deleting") }); err != nil {
			return Done{}, err
		}
	}
	if !w.Wait {
		return Done{Success: true, ID: id, Status: "deleting"}, nil
	}
	if err := gone(ctx); err != nil {
		return Done{}, err
	}
	return Done{Success: true, ID: id, Status: client.StatusDeleted}, nil
}

// statusOf reads a resource's status by ID, for goneOr.
func statusOf[T any](get func(context.Context) (*T, error), status func(*T) string) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		x, err := get(ctx)
		if err != nil {
			return "", err
		}
		return status(x), nil
	}
}

// ofVolume is one page of a Cinder collection (snapshots, backups) that
// may be filtered by the volume ref names; query makes the list's query
// for that volume's ID ("" for every volume).
func ofVolume[T, V any](ctx context.Context, s *client.Services, collection, ref string, query func(volumeID string) (string, error),
	p kit.Page, id func(*T) string, view func(T) V) ([]V, kit.More, error) {
	volumeID, err := volumeFilter(ctx, s, ref)
	if err != nil {
		return nil, kit.More{}, err
	}
	q, err := query(volumeID)
	if err != nil {
		return nil, kit.More{}, err
	}
	page, more, err := kit.Read(ctx, s.Volume, s.Volume.ServiceURL(collection, "detail")+q, collection, p, id)
	if err != nil {
		return nil, kit.More{}, markerError(err, p.Marker)
	}
	return kit.Views(page, view), more, nil
}

// waitAvailable waits until a snapshot or backup is available (or gone),
// failing fast on a failed status with its reason: the one state says, else
// Cinder's user message. It returns the last one seen.
func waitAvailable[T any](ctx context.Context, c *client.Cloud, sc *gophercloud.ServiceClient, kind, id string, w kit.Waiting, gone bool,
	failed []string, get func(context.Context) (*T, error), state func(*T) client.State) (*T, error) {
	var last *T
	wf := client.WaitFor{Kind: kind, ID: id, Until: []string{"available"}, Failed: failed, Timeout: w.Timeout(),
		Poll: func(ctx context.Context) (client.State, error) {
			x, err := get(ctx)
			if err != nil {
				return client.State{}, err
			}
			last = x
			st := state(x)
			if st.Fault == "" && slices.Contains(failed, st.Status) {
				st.Fault = userMessage(ctx, sc, id)
			}
			return st, nil
		}}
	if gone {
		wf.Until, wf.Gone = nil, true
	}
	_, err := c.Wait(ctx, wf)
	return last, err
}

// deletable refuses, as Cinder would, the delete of a snapshot or backup
// that is neither available nor in error, unless forced or already deleting
// (then the delete is only waited for).
func deletable(kind, id, status string, force bool) error {
	if status == "deleting" || force || status == "available" || status == "error" {
		return nil
	}
	return fault.Errorf(fault.CodeConflict, "%s %s is %s; it can be deleted when available or in error", kind, id, status)
}
