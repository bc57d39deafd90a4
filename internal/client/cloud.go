// Package client is the one place that talks to OpenStack: it authenticates
// once, builds the service clients, negotiates microversions, resolves names
// to IDs, waits for states and classifies failures.
package client

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// Options tune a Cloud.
type Options struct {
	Credentials    config.Credentials
	RequestTimeout time.Duration     // per HTTP request; 0 means 60 s
	Transport      http.RoundTripper // nil means a tuned clone of http.DefaultTransport
	Logger         *slog.Logger      // nil means slog.Default()
	UserAgent      string
	Poll           PollInterval // pace of waits; zero means 1 s growing to 5 s
	// RetryPause waits out a retry's backoff; nil sleeps it. Tests of
	// faults make it return at once: what they check is what is retried
	// and said, not the time between attempts.
	RetryPause func(ctx context.Context, d time.Duration) error
}

// Cloud is the shared client of every tool. It connects lazily, on the first
// call that needs the cloud, so that a server starts and lists its tools
// without waiting for (or having) a reachable cloud. A failed connection is
// not remembered: the next call tries again.
type Cloud struct {
	opts Options
	log  *slog.Logger

	mu      sync.Mutex
	conn    *connection                            // the login, made on first use
	clients map[Service]*gophercloud.ServiceClient // made from the catalog on first use

	cache *lookupCache // short-lived lookups shared by the tools (flavors, images, networks)
}

// New returns a Cloud that will connect with opts on first use.
func New(opts Options) *Cloud {
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = 60 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 32 // one agent fans out to few hosts: keep connections warm
		if opts.Credentials.TLS != nil {
			t.TLSClientConfig = opts.Credentials.TLS
		}
		opts.Transport = t
	}
	return &Cloud{opts: opts, log: opts.Logger, cache: newLookupCache(30 * time.Second)}
}

// Cached is the live value a tool stored under key with Remember.
func (c *Cloud) Cached(key string) (any, bool) { return c.cache.get(key) }

// Remember keeps value under key for 30 seconds: a burst of calls (three
// servers created by names) lists flavors or images once.
func (c *Cloud) Remember(key string, value any) { c.cache.put(key, value) }

// Region is the region this cloud's endpoints are taken from.
func (c *Cloud) Region() string { return c.opts.Credentials.Region }

// connection is a login: the authenticated provider client, the transport
// that sets microversions, and the project the token is scoped to.
type connection struct {
	pc        *gophercloud.ProviderClient
	versions  *versionTransport
	eo        gophercloud.EndpointOpts
	projectID string
}

// Services returns the clients of the services a call needs, logging in on
// first use and making each service's client the first time it is needed:
// a cloud whose catalog lacks one fails only the calls that need it, as
// unavailable naming the service and the region.
func (c *Cloud) Services(ctx context.Context, need ...Service) (*Services, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	conn, err := c.login(ctx)
	if err != nil {
		return nil, err
	}
	s := &Services{ProjectID: conn.projectID, Cloud: c}
	for _, svc := range need {
		sc, err := c.client(conn, svc)
		if err != nil {
			return nil, err
		}
		if f := s.field(svc); f != nil {
			*f = sc
		}
	}
	return s, nil
}

// service is one service's client, for Services.Need.
func (c *Cloud) service(ctx context.Context, svc Service) (*gophercloud.ServiceClient, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	conn, err := c.login(ctx)
	if err != nil {
		return nil, err
	}
	return c.client(conn, svc)
}

// login is the cloud's connection, made on first use; a failed login is not
// remembered, so the next call tries again. c.mu is held.
func (c *Cloud) login(ctx context.Context) (*connection, error) {
	if c.conn != nil {
		return c.conn, nil
	}
	conn, err := c.connect(ctx)
	if err != nil {
		return nil, fault.Classify(err)
	}
	c.conn, c.clients = conn, map[Service]*gophercloud.ServiceClient{}
	return conn, nil
}

// client is svc's client, made from the catalog once. c.mu is held.
func (c *Cloud) client(conn *connection, svc Service) (*gophercloud.ServiceClient, error) {
	if sc, ok := c.clients[svc]; ok {
		return sc, nil
	}
	kind, ok := serviceKinds[svc]
	if !ok {
		return nil, fault.Errorf(fault.CodeInternal, "no client is known for the service %q", string(svc))
	}
	sc, err := kind.make(conn.pc, conn.eo)
	if err != nil {
		return nil, explainMissingEndpoint(svc.String(), conn.eo.Region, err)
	}
	if kind.version != nil {
		conn.versions.watch(sc, *kind.version)
	}
	c.clients[svc] = sc
	return sc, nil
}

func (c *Cloud) connect(ctx context.Context) (*connection, error) {
	creds := c.opts.Credentials
	start := time.Now()
	pc, err := openstack.NewClient(creds.Auth.IdentityEndpoint)
	if err != nil {
		return nil, fault.Errorf(fault.CodeInvalidArgument, "%s", config.RedactURLs(fmt.Sprintf("auth URL %q: %v", creds.Auth.IdentityEndpoint, err)))
	}
	// Each attempt is bounded by RequestTimeout inside the retry transport;
	// no Client.Timeout, which would cut retries short.
	versions := &versionTransport{log: c.log,
		next: newRetryTransport(&loggingTransport{next: withAuthURLUser(c.opts.Transport, creds), log: c.log}, c.opts.RequestTimeout, c.log, c.opts.RetryPause)}
	pc.HTTPClient = http.Client{Transport: versions}
	if c.opts.UserAgent != "" {
		pc.UserAgent.Prepend(c.opts.UserAgent)
	}
	if err := openstack.Authenticate(ctx, pc, creds.Auth); err != nil {
		return nil, explainAuthFailure(err, creds) // hints.go
	}
	catalogOnly(pc)     // endpoints from the catalog alone: no request per service
	explainFailures(pc) // hints.go: regions in catalog misses, read-only roles in 403s
	conn := &connection{pc: pc, versions: versions, projectID: tokenProject(pc),
		eo: gophercloud.EndpointOpts{Region: creds.Region, Availability: creds.Availability}}
	c.log.Info("connected to the cloud", "source", creds.Describe(), "duration_ms", time.Since(start).Milliseconds())
	return conn, nil
}

// withAuthURLUser sends the userinfo the auth URL came with as basic
// authentication to the auth URL's host, as the URL itself would have.
func withAuthURLUser(next http.RoundTripper, creds config.Credentials) http.RoundTripper {
	u, err := url.Parse(creds.Auth.IdentityEndpoint)
	if creds.AuthURLUser == nil || err != nil {
		return next
	}
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.URL.Host == u.Host && r.Header.Get("Authorization") == "" {
			r = r.Clone(r.Context())
			pass, _ := creds.AuthURLUser.Password()
			r.SetBasicAuth(creds.AuthURLUser.Username(), pass)
		}
		return next.RoundTrip(r)
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// loggingTransport logs each request at debug: method, path, status, time
// and request id. Never headers or bodies: they carry tokens and secrets.
type loggingTransport struct {
	next http.RoundTripper
	log  *slog.Logger
}

func (t *loggingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	if !t.log.Enabled(r.Context(), slog.LevelDebug) {
		return resp, err
	}
	attrs := []any{"method", r.Method, "path", r.URL.Path, "duration_ms", time.Since(start).Milliseconds()}
	if err != nil {
		t.log.Debug("cloud request failed", append(attrs, "error", err.Error())...)
		return resp, err
	}
	t.log.Debug("cloud request", append(attrs, "status", resp.StatusCode, "request_id", requestID(resp.Header))...)
	return resp, err
}
