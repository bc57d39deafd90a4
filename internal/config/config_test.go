package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestEnvironmentEquivalents: every transport and safety setting can come
// from the environment, for clients that pass nothing else.
func TestEnvironmentEquivalents(t *testing.T) {
	c, err := Default(env(map[string]string{
		"MCP_INFOMANIAK_TRANSPORT":              "http",
		"MCP_INFOMANIAK_LISTEN":                 "127.0.0.1:9000",
		"MCP_INFOMANIAK_AUTH_TOKEN":             "from-the-environment-123",
		"MCP_INFOMANIAK_AUTH_TOKEN_FILE":        "/run/secrets/token",
		"MCP_INFOMANIAK_NO_AUTH":                "false",
		"MCP_INFOMANIAK_ALLOWED_ORIGINS":        "https://a.example, https://b.example",
		"MCP_INFOMANIAK_ALLOWED_HOSTS":          "mcp.example.com,other.example:8443",
		"MCP_INFOMANIAK_MAX_BODY_BYTES":         "4096",
		"MCP_INFOMANIAK_MAX_SESSIONS":           "3",
		"MCP_INFOMANIAK_READ_HEADER_TIMEOUT":    "2s",
		"MCP_INFOMANIAK_READ_BODY_TIMEOUT":      "4s",
		"MCP_INFOMANIAK_MAX_CALLS":              "5",
		"MCP_INFOMANIAK_MAX_CALLS_PER_SESSION":  "2",
		"MCP_INFOMANIAK_MAX_CONNECTIONS":        "100",
		"MCP_INFOMANIAK_MAX_CONNECTIONS_PER_IP": "10",
		"MCP_INFOMANIAK_IDLE_TIMEOUT":           "1m",
		"MCP_INFOMANIAK_SESSION_IDLE_TTL":       "5m",
		"MCP_INFOMANIAK_SESSION_MAX_AGE":        "2h",
		"MCP_INFOMANIAK_CONFIRMATION_TIMEOUT":   "90s",
		"MCP_INFOMANIAK_SHUTDOWN_TIMEOUT":       "3s",
		"MCP_INFOMANIAK_READ_ONLY":              "true",
		"MCP_INFOMANIAK_DISABLE_DESTRUCTIVE":    "1",
		"MCP_INFOMANIAK_TOOLSETS":               "volume",
		"MCP_INFOMANIAK_TOOLS":                  "list_volumes,get_volume",
		"MCP_INFOMANIAK_EXCLUDE_TOOLS":          "get_volume",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Transport: "http", Listen: "127.0.0.1:9000",
		AuthToken: "from-the-environment-123", AuthTokenFile: "/run/secrets/token",
		AllowedOrigins: []string{"https://a.example", "https://b.example"},
		AllowedHosts:   []string{"mcp.example.com", "other.example:8443"},
		MaxBodyBytes:   4096, MaxSessions: 3, MaxConns: 100, MaxConnsPerIP: 10, MaxCalls: 5, MaxCallsPerSession: 2,
		ReadHeaderTimeout: 2 * time.Second, ReadBodyTimeout: 4 * time.Second, IdleTimeout: time.Minute, SessionIdleTTL: 5 * time.Minute, SessionMaxAge: 2 * time.Hour, ConfirmationTimeout: 90 * time.Second, ShutdownTimeout: 3 * time.Second,
		ReadOnly: true, DisableDestructive: true,
		Toolsets: []string{"volume"}, Tools: []string{"list_volumes", "get_volume"}, ExcludeTools: []string{"get_volume"},
		LogLevel: "info", LogFormat: "text", RequestTimeout: 60 * time.Second,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
	for name, val := range map[string]string{
		"MCP_INFOMANIAK_NO_AUTH":          "maybe",
		"MCP_INFOMANIAK_MAX_SESSIONS":     "many",
		"MCP_INFOMANIAK_SHUTDOWN_TIMEOUT": "10",
	} {
		if _, err := Default(env(map[string]string{name: val})); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%s: error %v, want one naming the variable", name, val, err)
		}
	}
}

func TestValidateHTTP(t *testing.T) {
	base, _ := Default(env(nil))
	base.Transport = "http"
	for _, tc := range []struct {
		name string
		set  func(*Config)
		err  string // "" for valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"no-auth on loopback", func(c *Config) { c.NoAuth = true }, ""},
		{"no-auth on localhost", func(c *Config) { c.NoAuth = true; c.Listen = "localhost:8080" }, ""},
		{"no-auth on ::1", func(c *Config) { c.NoAuth = true; c.Listen = "[::1]:8080" }, ""},
		{"no-auth on every interface", func(c *Config) { c.NoAuth = true; c.Listen = ":8080" }, "--no-auth is refused"},
		{"no-auth on 0.0.0.0", func(c *Config) { c.NoAuth = true; c.Listen = "0.0.0.0:8080" }, "--no-auth is refused"},
		{"no-auth on a LAN address", func(c *Config) { c.NoAuth = true; c.Listen = "192.168.1.10:8080" }, "--no-auth is refused"},
		{"no-auth with a token", func(c *Config) { c.NoAuth = true; c.AuthToken = "x" }, "contradict"},
		{"two token sources", func(c *Config) { c.AuthToken = "x"; c.AuthTokenFile = "/f" }, "choose one"},
		{"listen without port", func(c *Config) { c.Listen = "127.0.0.1" }, "--listen"},
		{"bad origin", func(c *Config) { c.AllowedOrigins = []string{"app.example.com"} }, "--allowed-origin"},
		{"origin with path", func(c *Config) { c.AllowedOrigins = []string{"https://app.example.com/x"} }, "--allowed-origin"},
		{"zero sessions", func(c *Config) { c.MaxSessions = 0 }, "--max-sessions"},
		{"zero body", func(c *Config) { c.MaxBodyBytes = 0 }, "--max-body-bytes"},
		{"sse", func(c *Config) { c.Transport = "sse" }, ""},
		{"sessions end before idle", func(c *Config) { c.SessionMaxAge = time.Minute }, "--session-max-age (1m0s) is shorter than --session-idle-ttl"},
		{"stdio ignores HTTP settings", func(c *Config) { c.Transport = "stdio"; c.NoAuth = true; c.Listen = "0.0.0.0:1" }, ""},
	} {
		c := base
		tc.set(&c)
		err := c.Validate()
		if tc.err == "" && err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
		}
	}
}

func TestNormalizeOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://App.Example.com":  "https://app.example.com",
		"https://app.example.com/": "https://app.example.com",
		"http://localhost:3000":    "http://localhost:3000",
		"null":                     "",
		"file://":                  "",
		"https://u:p@x.example":    "",
	} {
		got, err := NormalizeOrigin(in)
		if (err != nil) != (want == "") || got != want {
			t.Errorf("%q: %q, %v; want %q", in, got, err, want)
		}
	}
}

// A cloud named twice (--cloud a,a) is refused: the second would shadow
// the first under one name.
func TestValidateCloudNamedTwice(t *testing.T) {
	c, _ := Default(env(nil))
	for cloud, want := range map[string]string{"a,a": `--cloud a,a names "a" twice`, "a, b ,a": `names "a" twice`, "a,b": "", "a": ""} {
		c.Cloud = cloud
		err := c.Validate()
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("--cloud %s: %v, want %q", cloud, err, want)
		}
	}
}
