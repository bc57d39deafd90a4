package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cinder"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/nova"
)

const sandboxHelp = `mcp-infomaniak sandbox: serves the in-memory sandbox cloud alone, until Ctrl-C, for this and any OpenStack client.

Usage: mcp-infomaniak sandbox [--clouds-file PATH] [flags]

It prints a clouds.yaml entry named sandbox; --clouds-file also writes it into
PATH (kept: the file's other entries and comments) and takes it out again on
exit. Unlike 'call --sandbox', which starts a new sandbox for each call, its
state lasts as long as it runs:
  mcp-infomaniak sandbox --clouds-file clouds.yaml      # in one terminal
  mcp-infomaniak call --cloud sandbox list_flavors      # in another, same directory
  openstack --os-cloud sandbox server list
`

// serveSandbox serves the sandbox cloud alone and prints a clouds.yaml entry
// for it, so that any OpenStack client (ours, the openstack CLI) can use it.
func serveSandbox(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f, err := newCmdFlags("sandbox", sandboxHelp, stderr)
	if err != nil {
		return usageError(stderr, "sandbox", "%v", err)
	}
	fs := f.FlagSet
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on; port 0 is any free port, which the entry names")
	cloudsFile := fs.String("clouds-file", "", "also write the entry into this clouds.yaml (./clouds.yaml is where --cloud sandbox and openstack --os-cloud sandbox look first)")
	region := fs.String("region", "dc3-a", "region name")
	build := fs.Duration("build-delay", 2*time.Second, "how long a new server stays in BUILD")
	action := fs.Duration("action-delay", 500*time.Millisecond, "how long other transitions take")
	tokenTTL := fs.Duration("token-ttl", time.Hour, "token lifetime")
	seedServers := fs.Int("seed-servers", 0, "ACTIVE servers to add at start (to reproduce the scale benchmarks)")
	seedVolumes := fs.Int("seed-volumes", 0, "available volumes to add at start")
	var without []string
	fs.Func("without", "comma-separated services not to run, as a cloud without them ("+strings.Join(sandbox.ServiceNames(), ", ")+")",
		func(s string) error { without = config.SplitList(s); return sandbox.CheckWithout(without) })
	var faults sandbox.Faults
	fs.Float64Var(&faults.ErrorRate, "error-rate", 0, "fraction of requests answered 5xx")
	fs.Float64Var(&faults.RateLimitRate, "rate-limit-rate", 0, "fraction of requests answered 429 with Retry-After")
	fs.Float64Var(&faults.DropRate, "drop-rate", 0, "fraction of connections dropped before the work is done")
	fs.Float64Var(&faults.LostReplyRate, "lost-reply-rate", 0, "fraction of connections dropped after the work is done")
	fs.Float64Var(&faults.GatewayAfterWorkRate, "gateway-error-after-work-rate", 0,
		"fraction of changes (POST, PUT, PATCH, DELETE) answered 502 or 504 after the work is done")
	fs.DurationVar(&faults.Latency, "latency", 0, "latency added to every answer")
	if code, ok := f.parse(args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "sandbox", "unexpected argument %q", fs.Arg(0))
	}
	sb, err := sandbox.Start(*listen, sandbox.Options{Region: *region, BuildDelay: *build, ActionDelay: *action, TokenTTL: *tokenTTL, Faults: faults, Without: without})
	if err != nil {
		fmt.Fprintln(stderr, "mcp-infomaniak sandbox:", err)
		return 1
	}
	defer sb.Close()
	nova.Seed(sb.Cloud, max(*seedServers, 0))
	cinder.Seed(sb.Cloud, max(*seedVolumes, 0))
	e := sandboxEntry(sb)
	entry, err := cloudsYAML("sandbox", e)
	if err != nil {
		fmt.Fprintln(stderr, "mcp-infomaniak sandbox:", err)
		return 1
	}
	if *cloudsFile != "" {
		remove, err := putCloudEntry(*cloudsFile, "sandbox", e, answersHTTP)
		if err != nil {
			fmt.Fprintln(stderr, "mcp-infomaniak sandbox: --clouds-file:", err)
			return 1
		}
		defer func() {
			if err := remove(); err != nil {
				fmt.Fprintln(stderr, "mcp-infomaniak sandbox: taking the entry out of --clouds-file:", err)
			}
		}()
		fmt.Fprintf(stderr, "mcp-infomaniak sandbox: the sandbox entry is in %s until this stops\n", *cloudsFile)
	}
	fmt.Fprintf(stdout, "# clouds.yaml entry for the sandbox at %s (Ctrl-C stops it)\n%s", sb.URL, entry)
	if f, ok := stdout.(interface{ Sync() error }); ok {
		_ = f.Sync()
	}
	<-ctx.Done()
	return 0
}
