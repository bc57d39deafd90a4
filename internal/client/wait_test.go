package client

import (
	"context"
	"errors"
	"testing"
	"time"

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

func TestWaitReachesTargetWithProgress(t *testing.T) {
	var reports []float64
	ctx := progress.With(context.Background(), func(p, total float64, msg string) { reports = append(reports, p) })
	st, err := fastCloud().Wait(ctx, WaitFor{Kind: "server", ID: "s1", Until: []string{"ACTIVE"},
		Failed: []string{"ERROR"}, Poll: seq(State{Status: "BUILD"}, State{Status: "BUILD"}, State{Status: "active"})})
	if err != nil || st.Status != "active" {
		t.Fatalf("got %v %v", st, err)
	}
	if len(reports) != 2 {
		t.Errorf("want a progress report per unfinished poll, got %d", len(reports))
	}
}

func TestWaitFailsFastWithFault(t *testing.T) {
	_, err := fastCloud().Wait(context.Background(), WaitFor{Kind: "server", ID: "s1", Until: []string{"ACTIVE"},
		Failed: []string{"ERROR"}, Poll: seq(State{Status: "BUILD"}, State{Status: "ERROR", Fault: "No valid host was found."})})
	e := Classify(err)
	if e.Code != CodeConflict || !contains(e.Message, "s1") || !contains(e.Message, "No valid host") || e.Details["id"] != "s1" {
		t.Fatalf("got %+v", e)
	}
}

func TestWaitTimeoutNamesResourceAndStatus(t *testing.T) {
	_, err := fastCloud().Wait(context.Background(), WaitFor{Kind: "volume", ID: "v1", Until: []string{"available"},
		Timeout: 20 * time.Millisecond, Poll: seq(State{Status: "creating"})})
	e := Classify(err)
	if e.Code != CodeTimeout || !contains(e.Message, "v1") || !contains(e.Message, "creating") {
		t.Fatalf("got %+v", e)
	}
}

func TestWaitCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel)
	start := time.Now()
	_, err := fastCloud().Wait(ctx, WaitFor{Kind: "server", ID: "s1", Until: []string{"ACTIVE"}, Poll: seq(State{Status: "BUILD"})})
	if e := Classify(err); e.Code != CodeCancelled || !contains(e.Message, "s1") || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %+v", e)
	}
	if time.Since(start) > time.Second {
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
			return State{}, Errorf(CodeUnavailable, "503") // a failed poll does not end the wait
		default:
			return State{}, Errorf(CodeNotFound, "gone")
		}
	}
	if _, err := fastCloud().Wait(context.Background(), WaitFor{Kind: "server", ID: "s1", Gone: true, Poll: poll}); err != nil {
		t.Fatal(err)
	}
	_, err := fastCloud().Wait(context.Background(), WaitFor{Kind: "server", ID: "s1", Until: []string{"ACTIVE"},
		Poll: func(context.Context) (State, error) { return State{}, Errorf(CodeNotFound, "x") }})
	if Classify(err).Code != CodeNotFound {
		t.Errorf("a resource vanishing while we wait for ACTIVE: %v", err)
	}
}
