// Package progress carries a progress reporter in a context, so that code far
// from the MCP layer (a wait loop in internal/client) can report progress
// without knowing MCP.
package progress

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Reporter receives progress: a monotonically increasing value, an optional
// total (0 when unknown) and a one-line message.
type Reporter func(progress, total float64, message string)

type key struct{}

// With returns a context carrying r.
func With(ctx context.Context, r Reporter) context.Context {
	return context.WithValue(ctx, key{}, r)
}

// Report sends progress to the context's reporter, if any.
func Report(ctx context.Context, progress, total float64, message string) {
	if r, ok := ctx.Value(key{}).(Reporter); ok && r != nil {
		r(progress, total, message)
	}
}

// plan is the steps of one long operation and how far it got.
type plan struct {
	mu      sync.Mutex
	steps   []string
	start   time.Time
	reached int // the number of the step reached, 0 before the first
}

type planKey struct{}

// Plan returns ctx carrying the steps of a long operation, as a person names
// them, in order (create_instance: "resolved", "requested", "scheduling",
// "networking", "spawning", "ACTIVE"). Progress is then the number of the
// step reached out of len(steps): the total is reached when the work is done.
func Plan(ctx context.Context, steps ...string) context.Context {
	return context.WithValue(ctx, planKey{}, &plan{steps: steps, start: time.Now()})
}

// Planned reports whether ctx carries a Plan.
func Planned(ctx context.Context) bool {
	_, ok := ctx.Value(planKey{}).(*plan)
	return ok
}

// Step reports that the operation in ctx is at step, with what a person
// wants to know (the resource and its status): the message is the detail
// and the time elapsed since the plan began. A step the plan does not name,
// or one it passed already, moves nothing but still tells the detail.
// Without a plan, nothing is reported.
func Step(ctx context.Context, step, detail string) {
	p, ok := ctx.Value(planKey{}).(*plan)
	if !ok {
		return
	}
	p.mu.Lock()
	if i := slices.Index(p.steps, step); i+1 > p.reached {
		p.reached = i + 1
	}
	reached, total := p.reached, len(p.steps)
	elapsed := time.Since(p.start).Round(time.Second)
	p.mu.Unlock()
	Report(ctx, float64(reached), float64(total), detail+", "+elapsed.String())
}
