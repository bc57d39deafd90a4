package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/progress"
)

// StatusDeleted is the status of a resource a delete made disappear: no
// cloud has one for what is gone, so this one is ours, lowercase for every
// kind (the statuses a cloud has are spelt as the cloud spells them).
const StatusDeleted = "deleted"

// State is what one poll of a resource saw.
type State struct {
	Status string // the resource's status, as the cloud spells it
	Task   string // a sub-state worth showing (Nova's task_state), optional
	Fault  string // the cloud's reason when Status is an error state, optional
	Gone   bool   // the resource no longer exists
}

// Poll reads a resource's state once. A not_found error means it is gone.
type Poll func(ctx context.Context) (State, error)

// WaitFor describes one wait.
type WaitFor struct {
	Kind, ID string        // "server", its UUID: for messages
	Until    []string      // statuses that end the wait successfully (case-insensitive)
	Gone     bool          // succeed when the resource disappears (delete)
	Failed   []string      // statuses that end it at once with an error (ERROR, error_extending, ...)
	Timeout  time.Duration // 0 means 10 minutes
	Poll     Poll
	// Step names the step of the tool's progress plan (progress.Plan) a
	// state is at; nil means its status ("deleted" once gone). Without a
	// plan, the wait reports two steps: waiting, then done.
	Step func(State) string
}

// PollInterval bounds the pace of polling: it starts at Min and grows
// to Max, so quick transitions return fast and slow ones do not hammer the API.
type PollInterval struct{ Min, Max time.Duration }

// Wait polls until w's condition holds, reporting progress through the
// context. It fails fast on a failure status (with the cloud's fault), and on
// timeout or cancellation says the resource's id and last status: the
// resource is kept, nothing is deleted. A failed poll (unreachable cloud, 5xx)
// does not end the wait.
func (c *Cloud) Wait(ctx context.Context, w WaitFor) (State, error) {
	timeout := w.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Minute
	}
	start := time.Now()
	deadline := start.Add(timeout)
	step := w.step
	if !progress.Planned(ctx) {
		ctx = progress.Plan(ctx, "waiting", "done")
		step = func(_ State, done bool) string {
			if done {
				return "done"
			}
			return "waiting"
		}
	}
	interval := c.pollInterval().Min
	var last State
	var lastErr error
	for {
		st, err := w.Poll(ctx)
		switch {
		case err == nil:
			last, lastErr = st, nil
		case fault.Classify(err).Code == fault.CodeNotFound:
			st, last, lastErr = State{Gone: true}, State{Gone: true, Status: StatusDeleted}, nil
		case ctx.Err() != nil:
			return last, c.stopped(ctx, w, last)
		default:
			lastErr = err // transient: keep waiting, but say so on timeout
		}
		if lastErr == nil {
			if done, err := w.check(st); done || err != nil {
				if err == nil {
					progress.Step(ctx, step(last, true), w.describe(last))
				}
				return st, err
			}
		}
		progress.Step(ctx, step(last, false), w.describe(last))
		if time.Now().Add(interval).After(deadline) {
			e := fault.Errorf(fault.CodeTimeout, "%s %s is still %s after %s", w.Kind, w.ID, statusWord(last), timeout.Round(time.Second)).
				WithHint(fmt.Sprintf("the %s is kept: check it again later, or delete it", w.Kind))
			e.Details = map[string]any{"id": w.ID, "status": last.Status}
			if lastErr != nil {
				e.Message += "; the last poll failed: " + fault.Classify(lastErr).Message
			}
			return last, e
		}
		select {
		case <-ctx.Done():
			return last, c.stopped(ctx, w, last)
		case <-time.After(interval):
		}
		interval = min(interval*3/2, c.pollInterval().Max)
	}
}

func (w WaitFor) check(st State) (bool, error) {
	if st.Gone {
		if w.Gone {
			return true, nil
		}
		return true, fault.Errorf(fault.CodeNotFound, "%s %s disappeared while waiting", w.Kind, w.ID)
	}
	if w.Gone {
		// A delete can fail into an error state too (error_deleting).
		if slices.ContainsFunc(w.Failed, func(s string) bool { return strings.EqualFold(s, st.Status) }) {
			return true, w.failure(st)
		}
		return false, nil
	}
	if slices.ContainsFunc(w.Until, func(s string) bool { return strings.EqualFold(s, st.Status) }) {
		return true, nil
	}
	if slices.ContainsFunc(w.Failed, func(s string) bool { return strings.EqualFold(s, st.Status) }) {
		return true, w.failure(st)
	}
	return false, nil
}

func (w WaitFor) failure(st State) error {
	msg := fmt.Sprintf("%s %s went to %s", w.Kind, w.ID, st.Status)
	if st.Fault != "" {
		msg += ": " + st.Fault
	}
	e := fault.Errorf(fault.CodeConflict, "%s", msg).WithHint(fmt.Sprintf("the %s is kept for inspection; delete it when done", w.Kind))
	e.Details = map[string]any{"id": w.ID, "status": st.Status}
	return e
}

func (c *Cloud) stopped(ctx context.Context, w WaitFor, last State) error {
	code := fault.CodeCancelled
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		code = fault.CodeTimeout
	}
	e := fault.Errorf(code, "stopped waiting: %s %s is %s", w.Kind, w.ID, statusWord(last)).
		WithHint("the operation goes on in the cloud; check the resource again later")
	e.Details = map[string]any{"id": w.ID, "status": last.Status}
	e.WithCause(ctx.Err())
	return e
}

// step is the plan's step of a state (done: the wait's end).
func (w WaitFor) step(st State, _ bool) string {
	if w.Step != nil {
		return w.Step(st)
	}
	return st.Status
}

// describe is a progress message: the resource and its status, with Nova's
// task when there is one ("server 6f1c…: BUILD, networking").
func (w WaitFor) describe(st State) string {
	s := fmt.Sprintf("%s %s: %s", w.Kind, w.ID, statusWord(st))
	if st.Task != "" {
		s += ", " + st.Task
	}
	return s
}

func statusWord(st State) string {
	if st.Status == "" {
		return "in an unknown state"
	}
	return st.Status
}

func (c *Cloud) pollInterval() PollInterval {
	if c.opts.Poll.Min > 0 {
		return c.opts.Poll
	}
	return PollInterval{Min: time.Second, Max: 5 * time.Second}
}
