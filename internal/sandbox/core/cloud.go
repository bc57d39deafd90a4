// Package core is what every service of the sandbox stands on: Keystone
// (tokens, the catalog, EC2 credentials), the services a cloud runs, the
// request's way through them (counting, faults, the 501 of what no route
// serves), the answers and IDs OpenStack's services share, and the state
// each service keeps per cloud.
package core

import (
	"net/http"
	"slices"
	"sync"
	"time"
)

// Cloud is one sandbox's shared part: its options, its project and user,
// Keystone's tokens, and the services it runs with their states.
type Cloud struct {
	opts      Options
	projectID string
	userID    string
	running   []Service // the services it runs, the catalog's order

	statesMu sync.Mutex
	states   map[string]any // each service's (State)

	// Mu guards everything below, and every service's state.
	Mu     sync.Mutex
	tokens map[string]time.Time
	// delegated are the tokens an application credential got: Keystone
	// refuses them some things (keystone_ec2.go).
	delegated map[string]bool
	ec2       []ec2Credential
	stats     Stats
	tickers   []func()
	// denied are policy rules this cloud refuses (DenyPolicy).
	denied map[string]bool
	zones  []string
}

// Stats count what the sandbox was asked, for tests and benchmarks.
type Stats struct {
	Requests int            // all requests
	ByRoute  map[string]int // "GET /compute/v2.1/flavors/detail" → count
	Tokens   int            // tokens issued
}

// New is a cloud of opts running services, less opts.Without.
func New(opts Options, services []Service) *Cloud {
	opts.defaults()
	c := &Cloud{
		opts:      opts,
		projectID: StableID("project", opts.Project),
		userID:    StableID("user", opts.Username),
		tokens:    map[string]time.Time{},
		delegated: map[string]bool{},
		stats:     Stats{ByRoute: map[string]int{}},
		states:    map[string]any{},
		denied:    map[string]bool{},
		zones:     []string{opts.Region + "-04", opts.Region + "-09", opts.Region + "-10"},
	}
	if opts.Region == "dc3-a" || opts.Region == "dc4-a" {
		c.zones = []string{"az-1", "az-2", "az-3"}
	}
	c.running = slices.DeleteFunc(slices.Clone(services), func(sv Service) bool {
		return slices.ContainsFunc(opts.Without, sv.is)
	})
	return c
}

// Options returns the effective options (credentials, region).
func (c *Cloud) Options() Options { return c.opts }

// ProjectID is the ID of the sandbox's one project.
func (c *Cloud) ProjectID() string { return c.projectID }

// UserID is the ID of the sandbox's one user.
func (c *Cloud) UserID() string { return c.userID }

// Now is the time on the sandbox's clock.
func (c *Cloud) Now() time.Time { return c.opts.Now() }

// Zones are the cloud's availability zones, Infomaniak's in its regions.
func (c *Cloud) Zones() []string { return c.zones }

// DenyPolicy makes the sandbox refuse an API policy rule with 403, as a
// cloud whose operator restricted it does: for example
// "os_compute_api:os-deferred-delete:force" (force delete).
func (c *Cloud) DenyPolicy(rule string) {
	c.Mu.Lock()
	defer c.Mu.Unlock()
	c.denied[rule] = true
}

// Denied reports whether DenyPolicy refused rule. The caller holds Mu.
func (c *Cloud) Denied(rule string) bool { return c.denied[rule] }

// Stats returns a copy of the request counters.
func (c *Cloud) Stats() Stats {
	c.Mu.Lock()
	defer c.Mu.Unlock()
	s := c.stats
	s.ByRoute = make(map[string]int, len(c.stats.ByRoute))
	for k, v := range c.stats.ByRoute {
		s.ByRoute[k] = v
	}
	return s
}

// State is the state the service named key keeps in c, made by mk the
// first time it is asked for: from the service's Routes while the cloud is
// built, or from what another service or a test asks of it (a service the
// cloud runs without). mk may ask for other services' states (Nova's
// reaches Neutron's and Cinder's), so the lock is not held while it runs;
// were two first asks to race, one state is kept, so mk has no other
// effect: what a service registers with others (OnTick, a hook) its Routes
// do.
func State[T any](c *Cloud, key string, mk func() T) T {
	c.statesMu.Lock()
	v, ok := c.states[key]
	c.statesMu.Unlock()
	if ok {
		return v.(T)
	}
	made := mk()
	c.statesMu.Lock()
	defer c.statesMu.Unlock()
	if v, ok := c.states[key]; ok {
		return v.(T)
	}
	c.states[key] = made
	return made
}

// OnTick adds f to what Tick runs: a service whose state moves on the
// clock (a server's build ending) where others read it (a server's ports)
// registers how it catches up, while the cloud is built.
func (c *Cloud) OnTick(f func()) { c.tickers = append(c.tickers, f) }

// Tick applies what the services' transitions have reached by now, before
// a service reads state another one moves. The caller holds Mu.
func (c *Cloud) Tick() {
	for _, f := range c.tickers {
		f()
	}
}

// Handler serves the cloud: Keystone's routes and every running service's,
// each request counted, through the injected faults and what running
// services wrap every request with (Around), a 501 for what no route of a
// running service serves; a service the cloud runs without has no routes,
// so its paths are the mux's 404, as on a cloud without it. It makes the
// services' states, so it is called once per cloud.
func (c *Cloud) Handler() http.Handler {
	mux := http.NewServeMux()
	c.routeKeystone(mux)
	for _, sv := range c.running {
		if sv.Routes != nil {
			sv.Routes(c, mux)
		}
	}
	h := c.ServeOrRefuse(mux)
	for _, sv := range c.running {
		if sv.Around != nil {
			h = sv.Around(c, h)
		}
	}
	if c.opts.Faults.active() {
		h = newFaulter(c.opts.Faults).wrap(h)
	}
	return c.count(h)
}
