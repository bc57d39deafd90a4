// Package config holds everything the server is told: which cloud, which
// transport, which tools. Flags override MCP_INFOMANIAK_* variables, which
// override defaults.
package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Config is the whole configuration of one server process.
type Config struct {
	Sandbox bool   // serve against the built-in sandbox cloud
	Cloud   string // clouds.yaml entry (--cloud, else OS_CLOUD)
	Region  string // --region; empty means the credential source's own, else DefaultRegion

	Transport string // stdio | sse | http
	Listen    string

	LogLevel  string // debug | info | warn | error
	LogFormat string // text | json

	ReadOnly           bool
	DisableDestructive bool
	Toolsets           []string
	Tools              []string
	ExcludeTools       []string

	RequestTimeout time.Duration // one HTTP request to the cloud
}

// Defaults for a new Config.
const (
	DefaultRegion  = "dc3-a"
	DefaultAuthURL = "https://api.pub1.infomaniak.cloud/identity/v3"
	DefaultListen  = "127.0.0.1:8080"
)

// Default returns the configuration with MCP_INFOMANIAK_* variables applied.
func Default(getenv func(string) string) (Config, error) {
	c := Config{
		Transport:      "stdio",
		Listen:         DefaultListen,
		LogLevel:       "info",
		LogFormat:      "text",
		RequestTimeout: 60 * time.Second,
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
	boolean("MCP_INFOMANIAK_READ_ONLY", &c.ReadOnly)
	boolean("MCP_INFOMANIAK_DISABLE_DESTRUCTIVE", &c.DisableDestructive)
	list("MCP_INFOMANIAK_TOOLSETS", &c.Toolsets)
	list("MCP_INFOMANIAK_TOOLS", &c.Tools)
	list("MCP_INFOMANIAK_EXCLUDE_TOOLS", &c.ExcludeTools)
	if v := getenv("MCP_INFOMANIAK_REQUEST_TIMEOUT"); v != "" && err == nil {
		c.RequestTimeout, err = time.ParseDuration(v)
		if err != nil {
			err = fmt.Errorf("MCP_INFOMANIAK_REQUEST_TIMEOUT: %w", err)
		}
	}
	return c, err
}

// Validate reports the first setting that cannot work, in words a person reads.
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
	for _, t := range c.Toolsets {
		if t != "compute" && t != "volume" {
			return fmt.Errorf("--toolsets: %q is not one of compute, volume", t)
		}
	}
	if c.RequestTimeout <= 0 {
		return fmt.Errorf("--request-timeout must be positive")
	}
	return nil
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
