package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// cmdFlags is one command's flag set: only the flags the command uses, its
// help on stdout when asked for (exit 0), and after a usage error one line
// on stderr saying where the help is (exit 2).
type cmdFlags struct {
	*flag.FlagSet
	cfg     config.Config
	help    string // printed by --help before the flags; its first line says what the command does
	stderr  io.Writer
	version bool // serve's --version
}

func newCmdFlags(name, help string, stderr io.Writer) (*cmdFlags, error) {
	cfg, err := config.Default(getenv)
	if err != nil {
		return nil, err
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr) // the flag package's own error line
	fs.Usage = func() {} // help is printed on stdout by usageExit, not after every error
	return &cmdFlags{FlagSet: fs, cfg: cfg, help: help, stderr: stderr}, nil
}

// cloudFlags are the flags that choose the cloud and talk to it.
func (f *cmdFlags) cloudFlags() {
	c := &f.cfg
	f.BoolVar(&c.Sandbox, "sandbox", c.Sandbox, "use a new built-in in-memory sandbox cloud, gone when the process exits (no account needed)")
	f.StringVar(&c.Cloud, "cloud", c.Cloud, "clouds.yaml entry to use (default $OS_CLOUD); the server takes several, a,b")
	f.StringVar(&c.Region, "region", c.Region, "region (default: the credentials' own, else dc3-a)")
	f.DurationVar(&c.RequestTimeout, "request-timeout", c.RequestTimeout, "timeout of one HTTP request to the cloud")
	f.StringVar(&c.Prices, "prices", c.Prices, "price table (JSON, docs/costs.md) for cost estimates the cloud's rating cannot give")
}

// filterFlags are the safety modes and tool filters: which tools exist.
func (f *cmdFlags) filterFlags() {
	c := &f.cfg
	f.BoolVar(&c.ReadOnly, "read-only", c.ReadOnly, "only list_* and get_* tools")
	f.BoolVar(&c.DisableDestructive, "disable-destructive", c.DisableDestructive, "no delete, terminate or overwrite")
	f.Func("toolsets", tools.Toolsets.FlagHelp(), func(s string) error { c.Toolsets = config.SplitList(s); return nil })
	f.Func("tools", "comma-separated allow list of tool names", func(s string) error { c.Tools = config.SplitList(s); return nil })
	f.Func("exclude-tools", "comma-separated tool names to hide", func(s string) error { c.ExcludeTools = config.SplitList(s); return nil })
}

// fileFlags are the directories whose files the tools may use.
func (f *cmdFlags) fileFlags() {
	c := &f.cfg
	fromEnv := true
	f.Func("files-root", "a directory whose files tools may read and write, e.g. for upload_object (repeatable; none by default, "+
		"so no local file is used)", func(s string) error {
		if fromEnv { // the flag replaces MCP_INFOMANIAK_FILES_ROOTS
			c.FilesRoots, fromEnv = nil, false
		}
		c.FilesRoots = append(c.FilesRoots, s)
		return nil
	})
}

func (f *cmdFlags) logFlags() {
	c := &f.cfg
	f.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (logs go to stderr)")
	f.StringVar(&c.LogFormat, "log-format", c.LogFormat, "text or json")
}

// parse parses args; ok is false when the command must return code at once.
func (f *cmdFlags) parse(args []string, stdout io.Writer) (code int, ok bool) {
	if err := f.Parse(args); err != nil {
		return f.usageExit(err, stdout), false
	}
	return 0, true
}

// usageExit ends a command whose flags did not parse: --help prints the help
// on stdout and exits 0; any other error (already printed on stderr by the
// flag package) exits 2.
func (f *cmdFlags) usageExit(err error, stdout io.Writer) int {
	if errors.Is(err, flag.ErrHelp) {
		f.printHelp(stdout)
		return 0
	}
	fmt.Fprintf(f.stderr, "Run 'mcp-infomaniak %s --help' for its usage and flags.\n", f.Name())
	return 2
}

func (f *cmdFlags) printHelp(w io.Writer) {
	fmt.Fprint(w, f.help)
	if hasFlags(f.FlagSet) {
		fmt.Fprint(w, "\nFlags:\n")
		f.SetOutput(w)
		f.PrintDefaults()
		f.SetOutput(f.stderr)
	}
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// usageError reports a command line that cannot run, with what to do: exit 2.
func usageError(stderr io.Writer, cmd, format string, a ...any) int {
	fmt.Fprintf(stderr, "mcp-infomaniak %s: %s\n", cmd, fmt.Sprintf(format, a...))
	return 2
}
