// Package sandbox is an in-memory OpenStack: Keystone v3, Nova, Glance,
// Cinder, Neutron, Designate and CloudKitty (rating), the subset
// mcp-infomaniak uses, answering as the real services do (see
// testdata/openstack). It serves --sandbox,
// `mcp-infomaniak sandbox`, and the tests. It is product code: when it and a
// real OpenStack disagree, it is wrong.
package sandbox

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Options configure a sandbox. The zero value is a usable cloud.
type Options struct {
	Region   string // default "dc3-a"
	Username string // default "sandbox"
	Password string // default "sandbox-password"
	Project  string // default "sandbox"
	// AppCredentialID and AppCredentialSecret form a second way in.
	AppCredentialID     string // default "sandbox-app-credential"
	AppCredentialSecret string // default "sandbox-app-secret"

	TokenTTL time.Duration // default 1 h, like Keystone's

	// Status clocks: how long a resource stays in a transitional state.
	BuildDelay  time.Duration // server BUILD → ACTIVE; default 2 s
	ActionDelay time.Duration // stop, start, reboot, delete, volume transitions; default 500 ms

	Now func() time.Time // default time.Now

	Faults Faults // injected failures, latency; none by default

	// Without are services this sandbox does not run (by name, as
	// ServiceNames lists them, or catalog type): they are not in the
	// catalog, and their paths answer 404, as on a cloud without them.
	Without []string
}

func (o *Options) defaults() {
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def(&o.Region, "dc3-a")
	def(&o.Username, "sandbox")
	def(&o.Password, "sandbox-password")
	def(&o.Project, "sandbox")
	def(&o.AppCredentialID, "sandbox-app-credential")
	def(&o.AppCredentialSecret, "sandbox-app-secret")
	if o.TokenTTL <= 0 {
		o.TokenTTL = time.Hour
	}
	if o.BuildDelay <= 0 {
		o.BuildDelay = 2 * time.Second
	}
	if o.ActionDelay <= 0 {
		o.ActionDelay = 500 * time.Millisecond
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Sandbox is the in-memory cloud; it is an http.Handler.
type Sandbox struct {
	opts      Options
	projectID string
	userID    string
	handler   http.Handler

	Mu     sync.Mutex // guards everything below
	tokens map[string]time.Time
	// delegated are the tokens an application credential got: Keystone
	// refuses them some things (keystone_ec2.go).
	delegated map[string]bool
	db        *store
	stats     Stats
}

// Stats count what the sandbox was asked, for tests and benchmarks.
type Stats struct {
	Requests int            // all requests
	ByRoute  map[string]int // "GET /compute/v2.1/flavors/detail" → count
	Tokens   int            // tokens issued
}

// New returns a sandbox seeded with Infomaniak-like data.
func New(opts Options) *Sandbox {
	opts.defaults()
	s := &Sandbox{
		opts:      opts,
		projectID: StableID("project", opts.Project),
		userID:    StableID("user", opts.Username),
		tokens:    map[string]time.Time{},
		delegated: map[string]bool{},
		stats:     Stats{ByRoute: map[string]int{}},
	}
	s.db = newStore(s)
	mux := http.NewServeMux()
	s.routeIdentity(mux)
	s.routeVersions(mux)
	s.routeFlavors(mux)
	for _, r := range extraRoutes {
		r(s, mux)
	}
	var h http.Handler = s.withoutServices(s.meterUsage(s.serveOrRefuse(mux)))
	if opts.Faults.active() {
		h = newFaulter(opts.Faults).wrap(h)
	}
	s.handler = s.count(h)
	return s
}

// extraRoutes lets each resource file register its routes from an init
// function, so adding a resource touches one file.
var extraRoutes []func(*Sandbox, *http.ServeMux)

func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Stats returns a copy of the request counters.
func (s *Sandbox) Stats() Stats {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	c := s.stats
	c.ByRoute = make(map[string]int, len(s.stats.ByRoute))
	for k, v := range s.stats.ByRoute {
		c.ByRoute[k] = v
	}
	return c
}

// Options returns the effective options (credentials, region).
func (s *Sandbox) Options() Options { return s.opts }

// ProjectID is the ID of the sandbox's one project.
func (s *Sandbox) ProjectID() string { return s.projectID }

func (s *Sandbox) Now() time.Time { return s.opts.Now() }

// Server is a sandbox listening on a loopback port.
type Server struct {
	*Sandbox
	URL     string // http://127.0.0.1:PORT
	AuthURL string // URL + "/identity/v3"
	srv     *http.Server
	ln      net.Listener
}

// Start serves a new sandbox on addr ("127.0.0.1:0" for any free port).
func Start(addr string, opts Options) (*Server, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	sb := New(opts)
	srv := &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	url := "http://" + ln.Addr().String()
	return &Server{Sandbox: sb, URL: url, AuthURL: url + "/identity/v3", srv: srv, ln: ln}, nil
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// Getenv is the environment (OS_AUTH_URL and the rest) of a client that logs
// in to this sandbox with its password, as config.ResolveCredentials reads
// it: the one description of how to reach a sandbox, for the binary's
// --sandbox and the tests.
func (s *Server) Getenv(key string) string {
	o := s.Options()
	return map[string]string{
		"OS_AUTH_URL": s.AuthURL, "OS_USERNAME": o.Username, "OS_PASSWORD": o.Password,
		"OS_PROJECT_NAME": o.Project, "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default",
		"OS_REGION_NAME": o.Region,
	}[key]
}
