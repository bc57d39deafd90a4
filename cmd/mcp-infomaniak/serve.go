package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server"
)

const connectHint = `mcp-infomaniak speaks MCP on stdin/stdout: it is meant to be started by an MCP client, not typed at.
Add it to your client, for example Claude Code:
  claude mcp add infomaniak-sandbox -- mcp-infomaniak --sandbox
or in a client's JSON configuration:
  {"mcpServers": {"infomaniak-sandbox": {"command": "mcp-infomaniak", "args": ["--sandbox"]}}}
To serve a team over HTTP instead: mcp-infomaniak --transport http (see --help).
Waiting for a client on stdin (Ctrl-C to quit).
`

// serveFlags adds the flags only the server has: transport, listening
// address, authentication, browser origins and limits.
func serveFlags(fs *flag.FlagSet, c *config.Config) {
	fs.StringVar(&c.Transport, "transport", c.Transport, "stdio, sse (HTTP+SSE at /sse) or http (streamable HTTP at /mcp)")
	fs.StringVar(&c.Listen, "listen", c.Listen, "address the sse and http transports listen on")
	fs.BoolVar(&c.AllClouds, "all-clouds", c.AllClouds, "serve every entry of clouds.yaml; each tool takes an optional cloud argument")
	fs.Func("read-only-clouds", "clouds (of --cloud a,b or --all-clouds) on which only list_* and get_* run", func(v string) error {
		c.ReadOnlyClouds = config.SplitList(v)
		return nil
	})
	fs.BoolVar(&c.RequireConfirmation, "require-confirmation", c.RequireConfirmation,
		"refuse a delete, terminate or overwrite unless the client can ask the user first (elicitation)")
	fs.DurationVar(&c.ConfirmationTimeout, "confirmation-timeout", c.ConfirmationTimeout,
		"how long a confirmation asked of the user (elicitation/create, 2025-era clients) may stay unanswered; past it the call is cancelled, nothing changed")
	fs.StringVar(&c.AuthTokenFile, "auth-token-file", c.AuthTokenFile,
		"file holding the bearer token clients must send (else $MCP_INFOMANIAK_AUTH_TOKEN, else one is generated and printed at start)")
	fs.BoolVar(&c.NoAuth, "no-auth", c.NoAuth, "no bearer token at all: only allowed when listening on loopback")
	fromEnv := true
	fs.Func("allowed-origin", "browser origin allowed to call the server, e.g. https://app.example.com (repeatable or comma-separated; "+
		"localhost origins are allowed when listening on loopback)", func(s string) error {
		if fromEnv { // the flag replaces MCP_INFOMANIAK_ALLOWED_ORIGINS
			c.AllowedOrigins, fromEnv = nil, false
		}
		c.AllowedOrigins = append(c.AllowedOrigins, config.SplitList(s)...)
		return nil
	})
	hostsFromEnv := true
	fs.Func("allowed-hosts", "Host headers accepted besides loopback names when listening on loopback, e.g. mcp.example.com "+
		"behind a TLS proxy on this host that passes Host through (repeatable or comma-separated; name or name:port)", func(s string) error {
		if hostsFromEnv { // the flag replaces MCP_INFOMANIAK_ALLOWED_HOSTS
			c.AllowedHosts, hostsFromEnv = nil, false
		}
		c.AllowedHosts = append(c.AllowedHosts, config.SplitList(s)...)
		return nil
	})
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", c.MaxBodyBytes, "largest request body accepted (413 past it)")
	fs.IntVar(&c.MaxSessions, "max-sessions", c.MaxSessions, "concurrent MCP sessions (503 past it)")
	fs.IntVar(&c.MaxCalls, "max-calls", c.MaxCalls,
		"tool calls running at once; past it a call waits up to 5s, then is refused as unavailable (HTTP: past twice this, POSTs get 503)")
	fs.IntVar(&c.MaxCallsPerSession, "max-calls-per-session", c.MaxCallsPerSession, "tool calls running at once in one session")
	fs.IntVar(&c.MaxConns, "max-connections", c.MaxConns, "open connections in total (503 and closed past it)")
	fs.IntVar(&c.MaxConnsPerIP, "max-connections-per-ip", c.MaxConnsPerIP,
		"open connections from one client address (503 and closed past it); behind a reverse proxy, set it to --max-connections")
	fs.DurationVar(&c.ReadHeaderTimeout, "read-header-timeout", c.ReadHeaderTimeout, "time allowed to send a request's headers")
	fs.DurationVar(&c.ReadBodyTimeout, "read-body-timeout", c.ReadBodyTimeout,
		"time allowed to send a request's body once its headers are in (408 and closed past it; streams are not cut)")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", c.IdleTimeout, "keep-alive connections idle this long are closed")
	fs.DurationVar(&c.SessionIdleTTL, "session-idle-ttl", c.SessionIdleTTL, "streamable HTTP sessions unused this long are forgotten")
	fs.DurationVar(&c.SessionMaxAge, "session-max-age", c.SessionMaxAge,
		"streamable HTTP session IDs are refused this long after initialize, on every replica (the client initializes again)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout,
		"on SIGINT/SIGTERM, how long calls in flight may finish before they are cancelled")
}

// serveHelp is the help of the default command, so of 'mcp-infomaniak --help':
// it lists the other commands too.
func serveHelp() string {
	return `mcp-infomaniak: runs the MCP server for Infomaniak Public Cloud (OpenStack), on stdio (the default) or over HTTP.

Usage: mcp-infomaniak [serve] [flags]

Started by an MCP client (Claude Code, Claude Desktop, VS Code, Cursor), it speaks MCP on stdin/stdout.
With --transport http or sse it serves a team over HTTP, behind a bearer token.

` + overview()
}

func serve(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	f, err := newCmdFlags("serve", serveHelp(), stderr)
	if err != nil {
		return usageError(stderr, "serve", "%v", err)
	}
	f.cloudFlags()
	f.filterFlags()
	f.fileFlags()
	f.logFlags()
	serveFlags(f.FlagSet, &f.cfg)
	f.BoolVar(&f.version, "version", false, "print the version and exit")
	if code, ok := f.parse(args, stdout); !ok {
		return code
	}
	if f.NArg() > 0 {
		return misplacedWord(stderr, args, f.Args())
	}
	if f.version {
		fmt.Fprintln(stdout, "mcp-infomaniak", version)
		return 0
	}
	cfg := f.cfg
	if err := server.Validate(cfg); err != nil {
		fmt.Fprintln(stderr, "mcp-infomaniak:", err)
		return 2
	}
	logger := newLogger(cfg, stderr)
	slog.SetDefault(logger)

	// The HTTP transports' token and port come first: a mistake there is
	// reported before anything starts.
	var token server.Token
	var ln net.Listener
	if cfg.Transport != "stdio" {
		if token, err = server.ResolveToken(cfg); err != nil {
			fmt.Fprintln(stderr, "mcp-infomaniak:", err)
			return 2
		}
		if ln, err = net.Listen("tcp", cfg.Listen); err != nil {
			fmt.Fprintf(stderr, "mcp-infomaniak: --listen %s: %v\n", cfg.Listen, err)
			return 1
		}
		defer ln.Close()
	}

	clouds, release, err := connectClouds(cfg, logger, getenv)
	var unconfigured *fault.Error
	if err != nil {
		fmt.Fprintln(stderr, "mcp-infomaniak:", err)
		if cfg.Transport != "stdio" {
			return 2
		}
		// A client that started this server shows it as disconnected if it
		// exits, and its agent never learns why: serve, and say it on every
		// call.
		unconfigured = fault.Errorf(fault.CodeUnauthenticated, "this server cannot reach a cloud: %v", err).
			WithHint("set one of these in the MCP client's configuration of this server (its env or args), then restart it")
		clouds, release = []server.NamedCloud{{Name: "default", Cloud: client.New(client.Options{})}}, func() {}
	}
	defer release()
	s := server.New(cfg, version, logger, server.WithClouds(clouds))
	if unconfigured != nil {
		s.RefuseCalls(unconfigured)
		logger.Warn("serving without a cloud: every tool call answers what to set")
	}

	if cfg.Transport == "stdio" {
		if isTerminal(stdin) {
			fmt.Fprint(stderr, connectHint)
		}
		logger.Info("serving MCP on stdio", "version", version)
		if err := s.ServeStdio(ctx, stdin, stdout); err != nil {
			logger.Error("stdio transport failed", "error", err)
			return 1
		}
		return 0
	}

	url, note := shareableURL(cfg.Transport, ln.Addr())
	announce(stderr, cfg, token, url, note, logger)
	if err := s.ServeHTTP(ctx, ln, token); err != nil {
		logger.Error(cfg.Transport+" transport failed", "error", err)
		return 1
	}
	return 0
}

// misplacedWord is the usage error of a word after the default command's
// flags: a command or a tool typed after a flag (mcp-infomaniak --sandbox
// call ...) is shown in its place, first; the user never typed serve.
func misplacedWord(stderr io.Writer, args, rest []string) int {
	word, flags := rest[0], args[:len(args)-len(rest)]
	var line []string
	if _, isTool := findTool(allTools(), word); isTool { // tools are run by call
		line = slices.Concat([]string{"call"}, flags, rest)
	} else if slices.ContainsFunc(commands(), func(c command) bool { return c.name == word }) {
		line = slices.Concat([]string{word}, flags, rest[1:])
	} else {
		return usageError(stderr, "serve", "unexpected argument %q (the commands are listed by 'mcp-infomaniak --help')", word)
	}
	for i, w := range line {
		if strings.ContainsAny(w, " \t'\"$") {
			line[i] = strconv.Quote(w)
		}
	}
	fmt.Fprintf(stderr, "mcp-infomaniak: the command comes first, then its flags: mcp-infomaniak %s\n", strings.Join(line, " "))
	return 2
}

// announce tells the operator how to connect, at url (and what note says
// of it). A generated token is printed here, once, on stderr, and nowhere
// else; a configured one never is.
func announce(stderr io.Writer, cfg config.Config, token server.Token, url, note string, logger *slog.Logger) {
	host, _, _ := net.SplitHostPort(cfg.Listen)
	if token.Warning != "" {
		logger.Warn("--auth-token-file: " + token.Warning)
	}
	switch {
	case token.Generated:
		fmt.Fprintf(stderr, `
mcp-infomaniak: no token was configured (MCP_INFOMANIAK_AUTH_TOKEN or --auth-token-file),
so this one was generated for this run. It is shown only here:

  %s

Connect a client to %s with:
%s
`, token.Value, url, server.ClientSnippet(cfg.Transport, url, token.Value))
	case cfg.NoAuth:
		logger.Warn("authentication is off (--no-auth): any program on this machine can use the server")
		fmt.Fprintf(stderr, "\nConnect a client to %s with:\n%s\n", url, server.ClientSnippet(cfg.Transport, url, ""))
	default:
		fmt.Fprintf(stderr, "\nConnect a client to %s with (the token from %s):\n%s\n", url, token.Source,
			server.ClientSnippet(cfg.Transport, url, "<token>"))
	}
	fmt.Fprint(stderr, note)
	if !config.IsLoopbackHost(host) {
		logger.Warn("listening beyond this machine over plain HTTP: put a TLS-terminating proxy in front, or the token travels in clear", "listen", cfg.Listen)
	}
}
