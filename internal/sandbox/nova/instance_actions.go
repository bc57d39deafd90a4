package nova

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Nova's instance actions (os-instance-actions): what was done to a server,
// newest first, each with the event Nova's compute records for it. Events
// show from 2.51 (a member sees no host), hostId from 2.62, updated_at and
// paging (limit, marker, changes-since) from 2.58, changes-before from
// 2.66, as the lab's Nova answers them.
func (s *api) routeInstanceActions(mux *http.ServeMux) {
	mux.HandleFunc("GET /compute/v2.1/servers/{id}/os-instance-actions", s.Authed(s.onServer(s.listInstanceActions)))
	mux.HandleFunc("GET /compute/v2.1/servers/{id}/os-instance-actions/{req}", s.Authed(s.onServer(s.getInstanceAction)))
}

// instanceAction is one action on a server; its one event lasts as long as
// the operation it started (Start to End).
type instanceAction struct {
	Action, RequestID, Event string
	Start, End               time.Time
}

// opActions name the instance action and event of each kind of operation
// (serverOp.Kind) as Nova records them.
var opActions = map[string][2]string{
	"build": {"create", "compute__do_build_and_run_instance"}, "stop": {"stop", "compute_stop_instance"},
	"start": {"start", "compute_start_instance"}, "reboot": {"reboot", "compute_reboot_instance"},
	"reboot_hard": {"reboot", "compute_reboot_instance"}, "image": {"createImage", "compute_snapshot_instance"},
	"resize": {"resize", "compute_prep_resize"}, "confirm_resize": {"confirmResize", "compute_confirm_resize"},
	"revert_resize": {"revertResize", "compute_revert_resize"}, "rescue": {"rescue", "compute_rescue_instance"},
	"unrescue": {"unrescue", "compute_unrescue_instance"}, "rebuild": {"rebuild", "compute_rebuild_instance"},
	"pause": {"pause", "compute_pause_instance"}, "unpause": {"unpause", "compute_unpause_instance"},
	"suspend": {"suspend", "compute_suspend_instance"}, "resume": {"resume", "compute_resume_instance"},
}

// recordAction adds an action to the server's; an event "" is none.
func (c *State) recordAction(sv *Server, action, event string, start, end time.Time) {
	sv.Actions = append(sv.Actions, instanceAction{Action: action, RequestID: core.RequestID(), Event: event, Start: start, End: end})
}

// recordInstant records an action done when it is answered.
func (s *api) recordInstant(sv *Server, action, event string) {
	now := s.Now()
	s.db.compute.recordAction(sv, action, event, now, now)
}

// actionJSON is an action as Nova shows it at mv; full adds its events.
func (s *api) actionJSON(sv *Server, a instanceAction, mv string, full bool) map[string]any {
	now := s.Now()
	done := !now.Before(a.End)
	updated := a.Start
	if done {
		updated = a.End
	}
	// A build that failed is an action in error, as Nova records it.
	result, message := "Success", any(nil)
	if a.Action == "create" && done && sv.Fault != nil {
		result, message = "Error", "Error"
	}
	m := map[string]any{"action": a.Action, "instance_uuid": sv.ID, "request_id": a.RequestID, "user_id": s.UserID(),
		"project_id": s.ProjectID(), "start_time": core.TimeMicro(a.Start), "message": message}
	if core.VersionLE("2.58", mv) {
		m["updated_at"] = core.TimeMicro(updated)
	}
	if !full || !core.VersionLE("2.51", mv) {
		return m
	}
	events := []map[string]any{}
	if a.Event != "" {
		e := map[string]any{"event": a.Event, "start_time": core.TimeMicro(a.Start), "finish_time": nil, "result": nil}
		if done {
			e["finish_time"], e["result"] = core.TimeMicro(a.End), result
		}
		if core.VersionLE("2.62", mv) {
			e["hostId"] = sv.HostID
			if strings.HasPrefix(a.Event, "api_") { // recorded by Nova's API, on its own host
				sum := sha256.Sum256([]byte(s.ProjectID() + "/api"))
				e["hostId"] = hex.EncodeToString(sum[:])[:56]
			}
		}
		events = append(events, e)
	}
	m["events"] = events
	return m
}

func (s *api) listInstanceActions(w http.ResponseWriter, r *http.Request, sv *Server, mv string) {
	actions := slices.Clone(sv.Actions)
	slices.Reverse(actions)
	page, links, ok := s.actionsPage(w, r, mv, actions)
	if !ok {
		return
	}
	out := make([]map[string]any, len(page))
	for i, a := range page {
		out[i] = s.actionJSON(sv, a, mv, false)
	}
	body := map[string]any{"instanceActions": out}
	if links != nil {
		body["links"] = links
	}
	core.WriteJSON(w, http.StatusOK, body)
}

// actionsPage applies the list's filters and paging, which Nova takes from
// 2.58 (changes-before from 2.66) and ignores before.
func (s *api) actionsPage(w http.ResponseWriter, r *http.Request, mv string, actions []instanceAction) ([]instanceAction, []map[string]string, bool) {
	if !core.VersionLE("2.58", mv) {
		return actions, nil, true
	}
	q := r.URL.Query()
	now := s.Now()
	updated := func(a instanceAction) time.Time {
		if now.Before(a.End) {
			return a.Start
		}
		return a.End
	}
	bounds := []struct {
		key    string
		from   string
		keepIf func(t, bound time.Time) bool
	}{
		{"changes-since", "2.58", func(t, b time.Time) bool { return !t.Before(b) }},
		{"changes-before", "2.66", func(t, b time.Time) bool { return !t.After(b) }},
	}
	for _, b := range bounds {
		v := q.Get(b.key)
		if v == "" || !core.VersionLE(b.from, mv) {
			continue
		}
		bound, err := time.Parse(time.RFC3339, v)
		if err != nil {
			core.Fault(w, http.StatusBadRequest, "Invalid input for query parameters %s. Value: %s. '%s' is not a 'date-time'", b.key, v, v)
			return nil, nil, false
		}
		actions = slices.DeleteFunc(actions, func(a instanceAction) bool { return !b.keepIf(updated(a).Truncate(time.Second), bound) })
	}
	page, full, ok := novaPage(w, r, actions, func(marker string) ([]instanceAction, bool) {
		at := slices.IndexFunc(actions, func(a instanceAction) bool { return a.RequestID == marker })
		if at < 0 {
			core.Fault(w, http.StatusBadRequest, "Marker None could not be found.")
			return nil, false
		}
		return actions[at+1:], true
	})
	if !ok || !full {
		return page, nil, ok
	}
	return page, core.NextLink(r, page[len(page)-1].RequestID), true
}

func (s *api) getInstanceAction(w http.ResponseWriter, r *http.Request, sv *Server, mv string) {
	req := r.PathValue("req")
	at := slices.IndexFunc(sv.Actions, func(a instanceAction) bool { return a.RequestID == req })
	if at < 0 {
		core.Fault(w, http.StatusNotFound, "Action %s not found", req)
		return
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"instanceAction": s.actionJSON(sv, sv.Actions[at], mv, true)})
}
