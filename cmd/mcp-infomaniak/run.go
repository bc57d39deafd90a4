package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

const usage = `mcp-infomaniak: an MCP server for Infomaniak Public Cloud (OpenStack)

Usage:
  mcp-infomaniak [serve] [flags]      run the MCP server (default)
  mcp-infomaniak tools [--json]       list the tools (no credentials needed)
  mcp-infomaniak call TOOL k=v ...    call one tool from the shell, print its JSON result
  mcp-infomaniak sandbox [--listen]   serve the in-memory sandbox cloud alone
  mcp-infomaniak version              print the version

Try it with no account:  mcp-infomaniak --sandbox
Run 'mcp-infomaniak serve --help' for the server's flags.
`

// run is main without the process: testable with any args and streams.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stdin, stdout, stderr)
	case "sandbox":
		return serveSandbox(ctx, args, stdout, stderr)
	case "tools":
		return toolsCmd(ctx, args, stdout, stderr)
	case "call":
		return callCmd(ctx, args, stdin, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "mcp-infomaniak", version)
		return 0
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "mcp-infomaniak: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}

// cloudFlags are the flags every command that talks to a cloud shares.
type cloudFlags struct {
	cfg     config.Config
	version bool
}

func newFlagSet(name string, stderr io.Writer) (*flag.FlagSet, *cloudFlags, error) {
	cfg, err := config.Default(config.Getenv)
	if err != nil {
		return nil, nil, err
	}
	cf := &cloudFlags{cfg: cfg}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &cf.cfg
	fs.BoolVar(&c.Sandbox, "sandbox", c.Sandbox, "use the built-in in-memory sandbox cloud (no account needed)")
	fs.StringVar(&c.Cloud, "cloud", c.Cloud, "clouds.yaml entry to use (default $OS_CLOUD)")
	fs.StringVar(&c.Region, "region", c.Region, "region (default: the credentials' own, else dc3-a)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (logs go to stderr)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "text or json")
	fs.BoolVar(&c.ReadOnly, "read-only", c.ReadOnly, "only list_* and get_* tools")
	fs.BoolVar(&c.DisableDestructive, "disable-destructive", c.DisableDestructive, "no delete, terminate or overwrite")
	fs.Func("toolsets", tools.Toolsets.FlagHelp(), func(s string) error { c.Toolsets = config.SplitList(s); return nil })
	fs.Func("tools", "comma-separated allow list of tool names", func(s string) error { c.Tools = config.SplitList(s); return nil })
	fs.Func("exclude-tools", "comma-separated tool names to hide", func(s string) error { c.ExcludeTools = config.SplitList(s); return nil })
	fs.DurationVar(&c.RequestTimeout, "request-timeout", c.RequestTimeout, "timeout of one HTTP request to the cloud")
	fs.BoolVar(&cf.version, "version", false, "print the version and exit")
	return fs, cf, nil
}

func newLogger(cfg config.Config, stderr io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(stderr, opts))
	}
	return slog.New(slog.NewTextHandler(stderr, opts))
}

// connect returns the cloud client for cfg: the sandbox started in this
// process on a loopback port (the same HTTP path as a real cloud), or the
// configured credentials. The returned func releases what it started.
func connect(cfg config.Config, logger *slog.Logger, getenv func(string) string) (*client.Cloud, func(), error) {
	if cfg.Sandbox {
		sb, err := sandbox.Start("127.0.0.1:0", sandbox.Options{Region: cfg.Region})
		if err != nil {
			return nil, nil, fmt.Errorf("starting the sandbox: %w", err)
		}
		creds := sandboxCredentials(sb)
		logger.Info("using the built-in sandbox cloud", "auth_url", sb.AuthURL, "region", creds.Region)
		cloud := client.New(client.Options{Credentials: creds, RequestTimeout: cfg.RequestTimeout, Logger: logger,
			UserAgent: "mcp-infomaniak/" + version, Poll: client.PollInterval{Min: 200 * time.Millisecond, Max: time.Second}})
		return cloud, func() { sb.Close() }, nil
	}
	creds, err := config.ResolveCredentials(cfg.Cloud, cfg.Region, getenv)
	if err != nil {
		return nil, nil, err
	}
	logger.Info("credentials", "source", creds.Describe())
	cloud := client.New(client.Options{Credentials: creds, RequestTimeout: cfg.RequestTimeout, Logger: logger,
		UserAgent: "mcp-infomaniak/" + version})
	return cloud, func() {}, nil
}

func sandboxCredentials(sb *sandbox.Server) config.Credentials {
	o := sb.Options()
	creds, _ := config.ResolveCredentials("", "", func(k string) string {
		return map[string]string{
			"OS_AUTH_URL": sb.AuthURL, "OS_USERNAME": o.Username, "OS_PASSWORD": o.Password,
			"OS_PROJECT_NAME": o.Project, "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default",
			"OS_REGION_NAME": o.Region,
		}[k]
	})
	creds.Source = "sandbox"
	return creds
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
