package client

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/progress"
)

func fastCloud() *Cloud {
	return New(Options{Poll: PollInterval{Min: time.Millisecond, Max: 2 * time.Millisecond}})
}

func seq(states ...State) Poll {
	i := 0
	return func(context.Context) (State, error) {
		s := states[min(i, len(states)-1)]
		i++
		return s, nil
	}
}

type report struct {
	progress, total float64
	message         string
}

func progressRecorder(reports *[]report) context.Context {
	return progress.With(context.Background(), func(p, total float64, msg string) {
		*reports = append(*reports, report{p, total, msg})
	})
}

// A wait no tool planned reports two steps: waiting (with the status), done.
func TestWaitReachesTargetWithProgress(t *testing.T) {
	var reports []report
	st, err := fastCloud().Wait(progressRecorder(&reports), WaitFor{Kind: "server", ID: "s1", Until: []string{"ACTIVE"},
		Failed: []string{"ERROR"}, Poll: seq(State{Status: "BUILD", Task: "spawning"}, State{Status: "BUILD"}, State{Status: "active"})})
	if err != nil || st.Status != "active" {
		t.Fatalf("got %v %v", st, err)
	}
	if len(reports) != 3 || reports[0].progress != 1 || reports[2].progress != 2 || reports[2].total != 2 {
		t.Fatalf("want a report per poll, the last at the total: %+v", reports)
	}
	if !strings.HasPrefix(reports[0].message, "server s1: BUILD, spawning, ") || !strings.HasSuffix(reports[0].message, "s") ||
		!strings.HasPrefix(reports[2].message, "server s1: active, ") {
		t.Errorf("messages: %+v", reports)
	}
}

// With a tool's plan, each state moves to its step; unplanned states keep
// the count; the last step is the total.
func TestWaitFollowsThePlan(t *testing.T) {
	var reports []report
	ctx := progress.Plan(progressRecorder(&reports), "requested", "networking", "spawning", "ACTIVE")
	progress.Step(ctx, "requested", "server s1 requested")
	_, err := fastCloud().Wait(ctx, WaitFor{Kind: "server", ID: "s1", Until: []string{"ACTIVE"},
		Step: func(st State) string { return cmp.Or(st.Task, st.Status) },
		Poll: seq(State{Status: "BUILD", Task: "scheduling"}, State{Status: "BUILD", Task: "networking"},
			State{Status: "BUILD", Task: "block_device_mapping"}, State{Status: "BUILD", Task: "spawning"}, State{Status: "ACTIVE"})})
	if err != nil {
		t.Fatal(err)
	}
	var got []float64
	for _, r := range reports {
		got = append(got, r.progress)
		if r.total != 4 {
			t.Errorf("total %v", r.total)
		}
	}
	if want := []float64{1, 1, 2, 2, 3, 4}; !slices.Equal(got, want) {
		t.Errorf("steps %v, want %v", got, want)
	}
}

func TestWaitFailsFastWithFault(t *testing.T) {
	_, err := fastCloud().Wait(context.Background(), WaitFor{Kind: "server", ID: "s1", Until: []string{"ACTIVE"},
		Failed: []string{"ERROR"}, Poll: seq(State{Status: "BUILD"}, State{Status: "ERROR", Fault: "No valid host was found."})})
	e := fault.Classify(err)
	if e.Code != fault.CodeConflict || !contains(e.Message, "s1") || !contains(e.Message, "No valid host") || e.Details["id"] != "s1" {
		t.Fatalf("got %+v", e)
	}
}

func TestWaitTimeoutNamesResourceAndStatus(t *testing.T) {
	_, err := fastCloud().Wait(context.Background(), WaitFor{Kind: "volume", ID: "v1", Until: []string{"available"},
		Timeout: 20 * time.Millisecond, Poll: seq(State{Status: "creating"})})
	e := fault.Classify(err)
	if e.Code != fault.CodeTimeout || !contains(e.Message, "v1") || !contains(e.Message, "creating") {
		t.Fatalf("got %+v", e)
	}
}

func TestWaitCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel)
	start := time.Now()
	_, err := fastCloud().Wait(ctx, WaitFor{Kind: "server", ID: "s1", Until: []string{"ACTIVE"}, Poll: seq(State{Status: "BUILD"})})
	if e := fault.Classify(err); e.Code != fault.CodeCancelled || !contains(e.Message, "s1") || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %+v", e)
	}
	if time.Since(start) > 10*time.Second {
		t.Error("cancellation was not prompt")
	}
}

func TestWaitGoneAndTransientFailures(t *testing.T) {
	i := 0
	poll := func(context.Context) (State, error) {
		i++
		switch i {
		case 1:
			return State{Status: "deleting"}, nil
		case 2:
			return State{}, fault.Errorf(fault.CodeUnavailable, "503") // a failed poll does not end the wait
		default:
			return State{}, fault.Errorf(fault.CodeNotFound, "gone")
		}
	}
	if _, err := fastCloud().Wait(context.Background(), WaitFor{Kind: "server", ID: "s1", Gone: true, Poll: poll}); err != nil {
		t.Fatal(err)
	}
	_, err := fastCloud().Wait(context.Background(), WaitFor{Kind: "server", ID: "s1", Until: []string{"ACTIVE"},
		Poll: func(context.Context) (State, error) { return State{}, fault.Errorf(fault.CodeNotFound, "x") }})
	if fault.Classify(err).Code != fault.CodeNotFound {
		t.Errorf("a resource vanishing while we wait for ACTIVE: %v", err)
	}
}
