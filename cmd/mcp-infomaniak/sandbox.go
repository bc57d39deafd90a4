package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
)

// getenv is the environment the commands read; tests replace it.
var getenv = os.Getenv

// serveSandbox serves the sandbox cloud alone and prints a clouds.yaml entry
// for it, so that any OpenStack client (ours, the openstack CLI) can use it.
func serveSandbox(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8774", "address to listen on")
	region := fs.String("region", "dc3-a", "region name")
	build := fs.Duration("build-delay", 2*time.Second, "how long a new server stays in BUILD")
	action := fs.Duration("action-delay", 500*time.Millisecond, "how long other transitions take")
	tokenTTL := fs.Duration("token-ttl", time.Hour, "token lifetime")
	seedServers := fs.Int("seed-servers", 0, "ACTIVE servers to add at start (to reproduce the scale benchmarks)")
	seedVolumes := fs.Int("seed-volumes", 0, "available volumes to add at start")
	var faults sandbox.Faults
	fs.Float64Var(&faults.ErrorRate, "error-rate", 0, "fraction of requests answered 5xx")
	fs.Float64Var(&faults.RateLimitRate, "rate-limit-rate", 0, "fraction of requests answered 429 with Retry-After")
	fs.Float64Var(&faults.DropRate, "drop-rate", 0, "fraction of connections dropped before the work is done")
	fs.Float64Var(&faults.LostReplyRate, "lost-reply-rate", 0, "fraction of connections dropped after the work is done")
	fs.DurationVar(&faults.Latency, "latency", 0, "latency added to every answer")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	sb, err := sandbox.Start(*listen, sandbox.Options{Region: *region, BuildDelay: *build, ActionDelay: *action, TokenTTL: *tokenTTL, Faults: faults})
	if err != nil {
		fmt.Fprintln(stderr, "mcp-infomaniak sandbox:", err)
		return 1
	}
	defer sb.Close()
	sb.SeedServers(max(*seedServers, 0))
	sb.SeedVolumes(max(*seedVolumes, 0))
	o := sb.Options()
	fmt.Fprintf(stdout, `# clouds.yaml entry for the sandbox at %s (Ctrl-C stops it)
clouds:
  sandbox:
    auth:
      auth_url: %s
      username: %s
      password: %s
      project_name: %s
      user_domain_name: Default
      project_domain_name: Default
    region_name: %s
    identity_api_version: 3
`, sb.URL, sb.AuthURL, o.Username, o.Password, o.Project, o.Region)
	if f, ok := stdout.(interface{ Sync() error }); ok {
		_ = f.Sync()
	}
	<-ctx.Done()
	return 0
}
