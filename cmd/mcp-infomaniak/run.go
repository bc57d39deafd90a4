package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

type command struct {
	name, synopsis, does string
	run                  func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands are the subcommands, in the order the help lists them (a func,
// not a var: serve's help lists them, which a var could not refer to).
func commands() []command {
	return []command{
		{"serve", "[serve] [flags]", "run the MCP server, on stdio (the default) or over HTTP", serve},
		{"tools", "tools [flags] [TOOL ...]", "list the tools, one per line, or a tool's arguments (no credentials needed)", toolsCmd},
		{"call", "call [flags] TOOL [key=value ...]", "call one tool from the shell and print its JSON result", callCmd},
		{"sandbox", "sandbox [flags]", "serve the sandbox cloud alone, for any OpenStack client",
			func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
				return serveSandbox(ctx, args, stdout, stderr)
			}},
		{"version", "version", "print the version", versionCmd},
		{"help", "help [COMMAND | TOOL]", "print this help, a command's, or a tool's arguments", nil}, // run turns it into COMMAND --help
	}
}

// isCommand reports whether name is one of the commands.
func isCommand(name string) bool {
	return slices.ContainsFunc(commands(), func(c command) bool { return c.name == name })
}

// overview lists the commands: the top of the default command's help.
func overview() string {
	var b strings.Builder
	b.WriteString("Commands:\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "  mcp-infomaniak %s\t%s\n", c.synopsis, c.does)
	}
	tw.Flush()
	b.WriteString(`
'mcp-infomaniak COMMAND --help' says what a command does and lists its flags.
Try it with no account:  mcp-infomaniak call --sandbox list_flavors limit=3
`)
	return b.String()
}

// getenv is the environment every command reads, the one seam (config.Env):
// the binary's is the process's, a test sets its own.
var getenv config.Env = os.Getenv

// run is main without the process: testable with any args and streams.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		name = "serve"
		if len(args) > 0 && args[0] != "help" {
			name = args[0]
		}
		if _, isTool := findTool(allTools(), name); isTool { // help TOOL: its arguments
			cfg, err := config.Default(getenv)
			if err != nil {
				fmt.Fprintln(stderr, "mcp-infomaniak:", err)
				return 2
			}
			return printToolHelp(stdout, stderr, "help", cfg, []string{name})
		}
		if !isCommand(name) {
			// Neither a command nor a tool: a misspelt tool gets its close
			// names, as 'tools' and 'call' give them.
			if hint := server.DidYouMean(name, allTools()); hint != "" {
				return usageError(stderr, "help", "no command or tool named %q%s", name, hint)
			}
		}
		args = []string{"--help"}
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, args, stdin, stdout, stderr)
		}
	}
	if _, isTool := findTool(allTools(), name); isTool {
		// A tool's name where a command goes: say how tools are run.
		fmt.Fprintf(stderr, "mcp-infomaniak: %s is a tool, not a command: mcp-infomaniak call %s key=value ...\n", name, name)
		return 2
	}
	fmt.Fprintf(stderr, "mcp-infomaniak: unknown command %q\n\n%s", name, overview())
	return 2
}

func versionCmd(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	f, err := newCmdFlags("version", "mcp-infomaniak version: prints the version of this binary.\n", stderr)
	if err != nil {
		return usageError(stderr, "version", "%v", err)
	}
	if code, ok := f.parse(args, stdout); !ok {
		return code
	}
	if f.NArg() > 0 {
		return usageError(stderr, "version", "unexpected argument %q", f.Arg(0))
	}
	fmt.Fprintln(stdout, "mcp-infomaniak", version)
	return 0
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
func connect(cfg config.Config, logger *slog.Logger, getenv config.Env) (*client.Cloud, func(), error) {
	if cfg.Prices != "" {
		if err := tools.UsePrices(cfg.Prices); err != nil {
			return nil, nil, err
		}
	}
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
	creds, err := config.ResolveCredentials(cfg.FirstCloud(), cfg.Region, getenv)
	if err != nil {
		return nil, nil, err
	}
	logger.Info("credentials", "source", creds.Describe())
	cloud := client.New(client.Options{Credentials: creds, RequestTimeout: cfg.RequestTimeout, Logger: logger,
		UserAgent: "mcp-infomaniak/" + version})
	return cloud, func() {}, nil
}

func sandboxCredentials(sb *sandbox.Server) config.Credentials {
	creds, _ := config.ResolveCredentials("", "", sb.Getenv)
	creds.Source = "sandbox"
	return creds
}

// isTerminal reports whether stream (stdin, stdout or stderr) is a terminal
// (a character device).
func isTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
