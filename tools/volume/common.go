package volume

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/volumes"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// volumeFailed are Cinder's failure statuses of a volume: a wait ends at
// once on any of them.
var volumeFailed = []string{"error", "error_deleting", "error_extending", "error_restoring", "error_attaching", "error_detaching", "error_managing"}

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

// serverName is "name (id)" for messages, or the id when Nova does not say.
func serverName(ctx context.Context, s *client.Services, id string) string {
	// Nova only names the server: a cloud without it still gets the ID.
	sc, err := s.Need(ctx, client.Compute)
	if err != nil {
		return id
	}
	if sv, err := kit.GetServer(ctx, sc, id); err == nil && sv.Name != "" {
		return sv.Name + " (" + id + ")"
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
	state := func(v *volumes.Volume) client.State { return client.State{Status: v.Status} }
	if show != nil {
		state = show
	}
	return waitCinder(ctx, c, sc, "volume", id, w, until, volumeFailed,
		func(ctx context.Context) (*volumes.Volume, error) { return volumes.Get(ctx, sc, id).Extract() }, state)
}

// waitCinder waits until Cinder's resource kind id reaches one of until (or
// is gone, when until is nil), failing fast on a failed status with its
// reason: the one its state gives, else Cinder's user message. It returns
// the last one seen.
func waitCinder[T any](ctx context.Context, c *client.Cloud, sc *gophercloud.ServiceClient, kind, id string, w kit.Waiting,
	until, failed []string, get func(context.Context) (*T, error), state func(*T) client.State) (*T, error) {
	var last *T
	_, err := c.Wait(ctx, client.WaitFor{
		Kind: kind, ID: id, Until: until, Gone: until == nil, Failed: failed, Timeout: w.Timeout(),
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
		},
	})
	return last, err
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

// deletable refuses, as Cinder would, the delete of a snapshot or backup
// that is neither available nor in error, unless forced or already deleting
// (then the delete is only waited for).
func deletable(kind, id, status string, force bool) error {
	if status == "deleting" || force || status == "available" || status == "error" {
		return nil
	}
	return fault.Errorf(fault.CodeConflict, "%s %s is %s; it can be deleted when available or in error", kind, id, status)
}
