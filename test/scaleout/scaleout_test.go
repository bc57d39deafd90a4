package scaleout

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/mcpgofix"
)

// cloudOptions: a server takes 1.5 s to build, so a create waits and
// reports progress, and a cancel finds it waiting.
var cloudOptions = sandbox.Options{BuildDelay: 1500 * time.Millisecond, ActionDelay: 100 * time.Millisecond}

var reads = []string{"list_flavors", "list_images", "list_instances", "list_volumes", "list_keypairs"}

// TestRoundRobinReplicas: 3 replicas behind HAProxy, round-robin without
// stickiness; 20 clients (half on 2026-07-28, half on 2025-11-25 with a
// session) make 50 calls each: reads, two creates with progress, one create
// cancelled once its progress shows. No call fails, every create's
// progress arrives, every cancel ends the call on the replica running it,
// and every replica served calls.
func TestRoundRobinReplicas(t *testing.T) {
	const clients, calls = 20, 50
	sb := startCloud(t, cloudOptions)
	var reps []*replica
	for i := range 3 {
		reps = append(reps, startReplica(t, fmt.Sprintf("r%d", i), sb, "debug"))
	}
	url := startLB(t, reps)
	hc := sharedHTTP(t)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var failures []string
	var mu sync.Mutex
	fail := func(format string, a ...any) {
		mu.Lock()
		failures = append(failures, fmt.Sprintf(format, a...))
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for ci := range clients {
		wg.Go(func() {
			c, err := connect(ctx, hc, url, versions[ci%2])
			if err != nil {
				fail("client %d: connect: %v", ci, err)
				return
			}
			defer c.Close()
			for i := range calls {
				tok := fmt.Sprintf("c%d-%d", ci, i)
				switch i {
				case 10, 35: // a create with progress
					err := callErr(c.call(ctx, "create_instance", createArgs(ci, i), tok))
					if err != nil {
						fail("client %d (%s) call %d: create_instance: %v", ci, c.version, i, err)
					} else if c.progressOf(tok) == 0 {
						fail("client %d (%s) call %d: create_instance: no progress", ci, c.version, i)
					}
				case 20: // a create cancelled once it reports progress
					callCtx, stop := context.WithCancel(ctx)
					done := make(chan error, 1)
					go func() { done <- callErr(c.call(callCtx, "create_instance", createArgs(ci, i), tok)) }()
					if !c.waitProgress(ctx, tok) {
						fail("client %d: the call to cancel reported no progress", ci)
					}
					stop()
					if err := <-done; !mcpgofix.CallCancelled(callCtx, err) {
						fail("client %d (%s): cancelled call: %v, want context.Canceled", ci, c.version, err)
					}
				default:
					if err := callErr(c.call(ctx, reads[i%len(reads)], nil, "")); err != nil {
						fail("client %d (%s) call %d: %s: %v", ci, c.version, i, reads[i%len(reads)], err)
					}
				}
			}
		})
	}
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}

	// Each cancel reached the replica running the call, through HAProxy:
	// closing the call's connection is the cancellation.
	deadline := time.Now().Add(10 * time.Second)
	for {
		var served []int
		cancelled := 0
		for _, r := range reps {
			served = append(served, r.toolCalls())
			cancelled += strings.Count(r.log.String(), "code=cancelled")
		}
		if cancelled == clients {
			t.Logf("calls per replica %v, %d cancelled on the server", served, cancelled)
			for i, n := range served {
				if n == 0 {
					t.Errorf("replica %d served no call: %v", i, served)
				}
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d calls cancelled on the replicas, want %d (calls per replica %v)", cancelled, clients, served)
		}
		time.Sleep(50 * time.Millisecond) // deadline poll on the replicas' logs
	}
}

// callRecord is one call of the kill test.
type callRecord struct {
	start, end time.Time
	err        error
}

// detectWindow is how long HAProxy may take to find a dead replica: its
// /readyz check runs every 200 ms and two failures take the replica out.
// A request sent to it meanwhile fails like the calls it was running:
// HAProxy retries only a request that never reached a replica, so that a
// create cannot run twice.
const detectWindow = 2 * time.Second

// TestReplicaKilled: while 20 clients make calls (creates among them, so
// that some run when it happens), one of 3 replicas is killed (SIGKILL).
// The calls it was running fail, and return (no call hangs); every call
// begun once HAProxy found it dead succeeds, sessions it started included.
func TestReplicaKilled(t *testing.T) {
	const clients, calls = 20, 30
	sb := startCloud(t, cloudOptions)
	var reps []*replica
	for i := range 3 {
		reps = append(reps, startReplica(t, fmt.Sprintf("r%d", i), sb, "info"))
	}
	url := startLB(t, reps)
	hc := sharedHTTP(t)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var (
		mu       sync.Mutex
		records  []callRecord
		inFlight atomic.Int64
		done     atomic.Int64
		killedAt time.Time
		atKill   int64 // calls in flight when the replica died
	)
	killed := make(chan struct{})
	go func() {
		for ctx.Err() == nil && done.Load() < clients*calls/3 {
			time.Sleep(10 * time.Millisecond) // deadline poll on the calls done
		}
		mu.Lock()
		atKill = inFlight.Load()
		killedAt = time.Now()
		mu.Unlock()
		reps[1].kill()
		close(killed)
	}()

	var wg sync.WaitGroup
	var connectErrs atomic.Int64
	for ci := range clients {
		wg.Go(func() {
			c, err := connect(ctx, hc, url, versions[ci%2])
			if err != nil {
				connectErrs.Add(1)
				t.Errorf("client %d: connect: %v", ci, err)
				return
			}
			defer c.Close()
			for i := range calls {
				name, args, tok := reads[i%len(reads)], map[string]any(nil), ""
				if i%5 == 2 {
					name, args, tok = "create_instance", createArgs(ci, i), fmt.Sprintf("k%d-%d", ci, i)
				}
				callCtx, stop := context.WithTimeout(ctx, 30*time.Second)
				inFlight.Add(1)
				rec := callRecord{start: time.Now()}
				rec.err = callErr(c.call(callCtx, name, args, tok))
				rec.end = time.Now()
				inFlight.Add(-1)
				stop()
				done.Add(1)
				mu.Lock()
				records = append(records, rec)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	<-killed

	var failed, after, failedAfter, inWindow int
	for _, r := range records {
		if r.start.After(killedAt) && !r.start.After(killedAt.Add(detectWindow)) {
			inWindow++
		}
		if r.err != nil {
			failed++
			if errors.Is(r.err, context.DeadlineExceeded) {
				t.Errorf("a call hung until its deadline: %v", r.err)
			}
		}
		if r.start.After(killedAt.Add(detectWindow)) {
			after++
			if r.err != nil {
				failedAfter++
				t.Errorf("a call begun %v after the kill failed: %v", r.start.Sub(killedAt).Round(time.Millisecond), r.err)
			}
		}
	}
	t.Logf("%d calls, %d in flight at the kill, %d failed; %d begun over %v after the kill, %d of them failed",
		len(records), atKill, failed, after, detectWindow, failedAfter)
	if failed > int(atKill)+inWindow {
		t.Errorf("%d calls failed, more than the %d in flight when the replica died and the %d begun before HAProxy could know",
			failed, atKill, inWindow)
	}
	if after < clients {
		t.Errorf("only %d calls begun after the kill: the run stopped with it?", after)
	}
	if len(records) != clients*calls {
		t.Errorf("%d calls returned, want %d", len(records), clients*calls)
	}
}
