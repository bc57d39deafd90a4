// Package sandbox is an in-memory OpenStack: Keystone v3, Nova, Glance,
// Cinder, Neutron, Octavia, Swift with its S3 API, Designate and
// CloudKitty (rating), the subset mcp-infomaniak uses, answering as the
// real services do (see testdata/openstack). It serves --sandbox,
// `mcp-infomaniak sandbox`, and the tests. It is product code: when it and a
// real OpenStack disagree, it is wrong.
//
// This package assembles the cloud: the services (services.go), each a
// package of its own over internal/sandbox/core, and how to serve them.
package sandbox

import (
	"net"
	"net/http"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Options configure a sandbox; Faults are failures it injects; Stats
// count what it was asked.
type (
	Options = core.Options
	Faults  = core.Faults
	Stats   = core.Stats
)

// Sandbox is the in-memory cloud; it is an http.Handler.
type Sandbox struct {
	*core.Cloud
	handler http.Handler
}

// New returns a sandbox seeded with Infomaniak-like data, running the
// services less opts.Without.
func New(opts Options) *Sandbox {
	c := core.New(opts, services)
	return &Sandbox{Cloud: c, handler: c.Handler()}
}

func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

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
