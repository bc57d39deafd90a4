// Package config holds everything the server is told: which cloud, which
// transport, which tools. Flags override MCP_INFOMANIAK_* variables, which
// override defaults.
package config

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Config is the whole configuration of one server process.
type Config struct {
	Sandbox bool   // serve against the built-in sandbox cloud
	Cloud   string // clouds.yaml entry (--cloud, else OS_CLOUD); several, comma-separated, for a server over several clouds
	// AllClouds serves every entry of clouds.yaml; ReadOnlyClouds are
	// clouds on which only reads run.
	AllClouds      bool
	ReadOnlyClouds []string
	Region         string // --region; empty means the credential source's own, else defaultRegion

	Transport string // stdio | sse | http
	Listen    string

	// HTTP transports (sse, http): see internal/server.
	AuthToken          string        // MCP_INFOMANIAK_AUTH_TOKEN; never a flag, so it stays out of ps
	AuthTokenFile      string        // --auth-token-file: a file holding the token
	NoAuth             bool          // --no-auth: no token at all, refused off loopback
	AllowedOrigins     []string      // --allowed-origin: browser origins allowed besides localhost ones
	AllowedHosts       []string      // --allowed-hosts: Host headers a loopback server accepts besides loopback names (behind a proxy)
	MaxBodyBytes       int64         // largest request body
	MaxSessions        int           // concurrent MCP sessions (SSE streams, streamable HTTP sessions)
	MaxCalls           int           // tool calls running at once, in total
	MaxCallsPerSession int           // tool calls running at once in one session
	MaxConns           int           // open connections in total
	MaxConnsPerIP      int           // open connections from one client address
	ReadHeaderTimeout  time.Duration // time to read a request's headers
	ReadBodyTimeout    time.Duration // time to read a request's body once its headers are in
	IdleTimeout        time.Duration // keep-alive connection idle time
	SessionIdleTTL     time.Duration // a streamable HTTP session unused this long is forgotten
	SessionMaxAge      time.Duration // a streamable HTTP session ID is refused this long after it was issued, on every replica
	ShutdownTimeout    time.Duration // on SIGINT/SIGTERM, how long in-flight calls may finish before they are cancelled

	LogLevel  string // debug | info | warn | error
	LogFormat string // text | json

	ReadOnly           bool
	DisableDestructive bool
	// RequireConfirmation refuses a destructive call unless the client can ask
	// the user (elicitation); a client that can is always asked first.
	RequireConfirmation bool
	// ConfirmationTimeout bounds the wait for a person's answer to a
	// confirmation asked on the call's stream (2025-era clients): past it
	// the call is cancelled, nothing changed.
	ConfirmationTimeout time.Duration
	Toolsets            []string
	Tools               []string
	ExcludeTools        []string

	RequestTimeout time.Duration // one HTTP request to the cloud

	// FilesRoots are the directories whose files tools may read and write
	// (--files-root, repeatable): none by default, so no local file is reached.
	FilesRoots []string
	// Prices is a price table file (--prices) for cost estimates where the
	// cloud's rating gives none.
	Prices string
}

// Defaults for a new Config.
const (
	defaultRegion  = "dc3-a"
	DefaultAuthURL = "https://api.pub1.infomaniak.cloud/identity/v3" // region dc3-a
	DC4AuthURL     = "https://api.pub2.infomaniak.cloud/identity/v3" // region dc4-a
	DefaultListen  = "127.0.0.1:8080"
)

// Defaults of the HTTP transports' limits.
const (
	DefaultMaxBodyBytes        = 1 << 20 // 1 MiB: a tool call's arguments, with user_data, fit many times
	DefaultMaxSessions         = 64
	DefaultMaxCalls            = 16 // a call holds about 10 times its arguments (up to --max-body-bytes) while it runs
	DefaultMaxCallsPerSession  = 8
	DefaultMaxConns            = 1024 // far below the fd limit Go raises itself to (the hard limit)
	DefaultMaxConnsPerIP       = 256  // a session holds a few (a GET stream, POSTs in flight); raise it behind a proxy
	DefaultReadHeaderTimeout   = 10 * time.Second
	DefaultReadBodyTimeout     = 30 * time.Second
	DefaultIdleTimeout         = 2 * time.Minute
	DefaultSessionIdleTTL      = 30 * time.Minute
	DefaultSessionMaxAge       = 24 * time.Hour
	DefaultConfirmationTimeout = 5 * time.Minute
	DefaultShutdownTimeout     = 10 * time.Second
)

// Env is the one way configuration reads the environment: a variable's
// value, "" when unset (empty and unset mean the same everywhere here).
// The binary passes os.Getenv; a test passes a map's lookup.
type Env func(name string) string

// Default returns the configuration with MCP_INFOMANIAK_* variables applied.
func Default(getenv Env) (Config, error) {
	c := Config{
		Transport:      "stdio",
		Listen:         DefaultListen,
		LogLevel:       "info",
		LogFormat:      "text",
		RequestTimeout: 60 * time.Second,

		MaxBodyBytes:        DefaultMaxBodyBytes,
		MaxSessions:         DefaultMaxSessions,
		MaxCalls:            DefaultMaxCalls,
		MaxCallsPerSession:  DefaultMaxCallsPerSession,
		MaxConns:            DefaultMaxConns,
		MaxConnsPerIP:       DefaultMaxConnsPerIP,
		ReadHeaderTimeout:   DefaultReadHeaderTimeout,
		ReadBodyTimeout:     DefaultReadBodyTimeout,
		IdleTimeout:         DefaultIdleTimeout,
		SessionIdleTTL:      DefaultSessionIdleTTL,
		SessionMaxAge:       DefaultSessionMaxAge,
		ConfirmationTimeout: DefaultConfirmationTimeout,
		ShutdownTimeout:     DefaultShutdownTimeout,
	}
	var err error
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	boolean := func(name string, dst *bool) {
		if v := getenv(name); v != "" && err == nil {
			b, perr := strconv.ParseBool(v)
			if perr != nil {
				err = fmt.Errorf("%s: %q is not true or false", name, v)
			}
			*dst = b
		}
	}
	list := func(name string, dst *[]string) {
		if v := getenv(name); v != "" {
			*dst = SplitList(v)
		}
	}
	boolean("MCP_INFOMANIAK_SANDBOX", &c.Sandbox)
	str("MCP_INFOMANIAK_TRANSPORT", &c.Transport)
	str("MCP_INFOMANIAK_LISTEN", &c.Listen)
	str("MCP_INFOMANIAK_LOG_LEVEL", &c.LogLevel)
	str("MCP_INFOMANIAK_LOG_FORMAT", &c.LogFormat)
	str("MCP_INFOMANIAK_PRICES", &c.Prices)
	boolean("MCP_INFOMANIAK_READ_ONLY", &c.ReadOnly)
	boolean("MCP_INFOMANIAK_DISABLE_DESTRUCTIVE", &c.DisableDestructive)
	boolean("MCP_INFOMANIAK_REQUIRE_CONFIRMATION", &c.RequireConfirmation)
	boolean("MCP_INFOMANIAK_ALL_CLOUDS", &c.AllClouds)
	if v := getenv("MCP_INFOMANIAK_READ_ONLY_CLOUDS"); v != "" {
		c.ReadOnlyClouds = SplitList(v)
	}
	list("MCP_INFOMANIAK_TOOLSETS", &c.Toolsets)
	list("MCP_INFOMANIAK_TOOLS", &c.Tools)
	list("MCP_INFOMANIAK_EXCLUDE_TOOLS", &c.ExcludeTools)
	duration := func(name string, dst *time.Duration) {
		if v := getenv(name); v != "" && err == nil {
			d, perr := time.ParseDuration(v)
			if perr != nil {
				err = fmt.Errorf("%s: %w", name, perr)
			}
			*dst = d
		}
	}
	integer := func(name string, dst *int64) {
		if v := getenv(name); v != "" && err == nil {
			n, perr := strconv.ParseInt(v, 10, 64)
			if perr != nil {
				err = fmt.Errorf("%s: %q is not a whole number", name, v)
			}
			*dst = n
		}
	}
	duration("MCP_INFOMANIAK_REQUEST_TIMEOUT", &c.RequestTimeout)
	duration("MCP_INFOMANIAK_CONFIRMATION_TIMEOUT", &c.ConfirmationTimeout)
	str("MCP_INFOMANIAK_AUTH_TOKEN", &c.AuthToken)
	str("MCP_INFOMANIAK_AUTH_TOKEN_FILE", &c.AuthTokenFile)
	boolean("MCP_INFOMANIAK_NO_AUTH", &c.NoAuth)
	list("MCP_INFOMANIAK_ALLOWED_ORIGINS", &c.AllowedOrigins)
	list("MCP_INFOMANIAK_ALLOWED_HOSTS", &c.AllowedHosts)
	list("MCP_INFOMANIAK_FILES_ROOTS", &c.FilesRoots)
	integer("MCP_INFOMANIAK_MAX_BODY_BYTES", &c.MaxBodyBytes)
	integerInt := func(name string, dst *int) {
		n := int64(*dst)
		integer(name, &n)
		*dst = int(n)
	}
	integerInt("MCP_INFOMANIAK_MAX_SESSIONS", &c.MaxSessions)
	integerInt("MCP_INFOMANIAK_MAX_CALLS", &c.MaxCalls)
	integerInt("MCP_INFOMANIAK_MAX_CALLS_PER_SESSION", &c.MaxCallsPerSession)
	integerInt("MCP_INFOMANIAK_MAX_CONNECTIONS", &c.MaxConns)
	integerInt("MCP_INFOMANIAK_MAX_CONNECTIONS_PER_IP", &c.MaxConnsPerIP)
	duration("MCP_INFOMANIAK_READ_HEADER_TIMEOUT", &c.ReadHeaderTimeout)
	duration("MCP_INFOMANIAK_READ_BODY_TIMEOUT", &c.ReadBodyTimeout)
	duration("MCP_INFOMANIAK_IDLE_TIMEOUT", &c.IdleTimeout)
	duration("MCP_INFOMANIAK_SESSION_IDLE_TTL", &c.SessionIdleTTL)
	duration("MCP_INFOMANIAK_SESSION_MAX_AGE", &c.SessionMaxAge)
	duration("MCP_INFOMANIAK_SHUTDOWN_TIMEOUT", &c.ShutdownTimeout)
	return c, err
}

// Validate reports the first setting that cannot work, in words a person reads.
// The toolsets' names are the registry's to check (server.Validate).
func (c Config) Validate() error {
	switch c.Transport {
	case "stdio", "sse", "http":
	default:
		return fmt.Errorf("--transport: %q is not one of stdio, sse, http", c.Transport)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level: %q is not one of debug, info, warn, error", c.LogLevel)
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("--log-format: %q is not one of text, json", c.LogFormat)
	}
	if c.RequestTimeout <= 0 {
		return fmt.Errorf("--request-timeout must be positive")
	}
	if c.MaxCalls <= 0 || c.MaxCallsPerSession <= 0 {
		return fmt.Errorf("--max-calls and --max-calls-per-session must be positive")
	}
	if c.ConfirmationTimeout <= 0 {
		return fmt.Errorf("--confirmation-timeout must be positive")
	}
	if names := c.CloudNames(); len(names) > 1 {
		for i, n := range names {
			if slices.Contains(names[:i], n) {
				return fmt.Errorf("--cloud %s names %q twice: name each cloud once", c.Cloud, n)
			}
		}
	}
	if c.Transport != "stdio" {
		if err := c.validateHTTP(); err != nil {
			return err
		}
	}
	return nil
}

// validateHTTP checks the settings of the sse and http transports.
func (c Config) validateHTTP() error {
	host, _, err := net.SplitHostPort(c.Listen)
	if err != nil {
		return fmt.Errorf("--listen: %q is not host:port (e.g. %s): %v", c.Listen, DefaultListen, err)
	}
	if c.NoAuth {
		if !IsLoopbackHost(host) {
			return fmt.Errorf("--no-auth is refused when listening on %s: without a token, anyone who reaches the port runs your cloud; "+
				"listen on 127.0.0.1 or set a token (MCP_INFOMANIAK_AUTH_TOKEN or --auth-token-file)", c.Listen)
		}
		if c.AuthToken != "" || c.AuthTokenFile != "" {
			return fmt.Errorf("--no-auth and a token (MCP_INFOMANIAK_AUTH_TOKEN or --auth-token-file) contradict each other: choose one")
		}
	}
	if c.AuthToken != "" && c.AuthTokenFile != "" {
		return fmt.Errorf("both MCP_INFOMANIAK_AUTH_TOKEN and --auth-token-file are set: choose one")
	}
	for _, h := range c.AllowedHosts {
		if _, err := NormalizeHost(h); err != nil {
			return fmt.Errorf("--allowed-hosts: %v", err)
		}
	}
	for _, o := range c.AllowedOrigins {
		if _, err := NormalizeOrigin(o); err != nil {
			return fmt.Errorf("--allowed-origin: %v", err)
		}
	}
	switch {
	case c.MaxBodyBytes <= 0:
		return fmt.Errorf("--max-body-bytes must be positive")
	case c.MaxSessions <= 0:
		return fmt.Errorf("--max-sessions must be positive")
	case c.MaxConns <= 0 || c.MaxConnsPerIP <= 0:
		return fmt.Errorf("--max-connections and --max-connections-per-ip must be positive")
	case c.ReadHeaderTimeout <= 0 || c.ReadBodyTimeout <= 0 || c.IdleTimeout <= 0 || c.SessionIdleTTL <= 0:
		return fmt.Errorf("--read-header-timeout, --read-body-timeout, --idle-timeout and --session-idle-ttl must be positive")
	case c.ShutdownTimeout < 0:
		return fmt.Errorf("--shutdown-timeout must not be negative")
	case c.SessionMaxAge < c.SessionIdleTTL:
		return fmt.Errorf("--session-max-age (%v) is shorter than --session-idle-ttl (%v): a session would expire before it could be idle", c.SessionMaxAge, c.SessionIdleTTL)
	}
	return nil
}

// IsLoopbackHost reports whether host (a name or an IP, without port) is
// this machine only: localhost, 127.0.0.0/8 or ::1. An empty host (":8080")
// means every interface, which is not loopback.
func IsLoopbackHost(host string) bool {
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// NormalizeOrigin returns origin as a browser sends it (scheme://host[:port],
// lower case, no path), or an error saying what is wrong with it.
func NormalizeOrigin(origin string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(origin))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%q is not an origin like https://app.example.com or http://localhost:3000", origin)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// NormalizeHost returns a --allowed-hosts entry (a name or IP, with or
// without a port) in lower case, or an error saying what is wrong with it.
func NormalizeHost(h string) (string, error) {
	h = strings.ToLower(strings.TrimSpace(h))
	name := h
	if host, port, err := net.SplitHostPort(h); err == nil {
		if _, perr := strconv.ParseUint(port, 10, 16); perr != nil {
			return "", fmt.Errorf("%q: the port is not a number", h)
		}
		name = host
	}
	if name == "" || strings.ContainsAny(name, "/@?#* ") {
		return "", fmt.Errorf("%q is not a host name like mcp.example.com or mcp.example.com:8443", h)
	}
	return h, nil
}

// SplitList splits a comma-separated flag value, dropping empty items.
func SplitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
