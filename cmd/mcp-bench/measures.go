package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/nova"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server"
)

// openstack runs the CLI once; it returns the wall time and the output.
func (b *bench) openstack(args ...string) (time.Duration, []byte, error) {
	cloud := "sandbox"
	if b.cloud != "" {
		cloud = b.cloud
	}
	cmd := exec.Command(b.cli, append([]string{"--os-cloud", cloud}, args...)...)
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + b.cliDir}
	if b.cloud == "" {
		cmd.Env = append(cmd.Env, "OS_CLIENT_CONFIG_FILE="+filepath.Join(b.cliDir, "clouds.yaml"))
	} else { // the user's clouds.yaml
		cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + os.Getenv("HOME")}
		if f := os.Getenv("OS_CLIENT_CONFIG_FILE"); f != "" {
			cmd.Env = append(cmd.Env, "OS_CLIENT_CONFIG_FILE="+f)
		}
	}
	cmd.Dir = b.cliDir
	t0 := time.Now()
	out, err := cmd.Output()
	d := time.Since(t0)
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			err = fmt.Errorf("openstack %v: %v: %s", args, err, ee.Stderr)
		}
	}
	return d, out, err
}

func (b *bench) haveCLI() bool {
	if b.cli == "" {
		return false
	}
	_, err := exec.LookPath(b.cli)
	return err == nil
}

// cliReads times the CLI's flavor list and image show (a new process each,
// as a user runs them), to set against list_flavors and get_image.
func (b *bench) cliReads() {
	if !b.haveCLI() {
		return
	}
	for _, op := range []struct {
		what string
		args []string
	}{{"flavor list", []string{"flavor", "list", "-f", "json"}}, {"image show", []string{"image", "show", b.imageID, "-f", "json"}}} {
		var ds []time.Duration
		for i := 0; i < 3; i++ {
			d, _, err := b.openstack(op.args...)
			if err != nil {
				b.notes = append(b.notes, err.Error())
				break
			}
			ds = append(ds, d)
		}
		if len(ds) > 0 {
			b.cliTimes = append(b.cliTimes, [2]string{op.what, ms(median(ds))})
		}
	}
}

// create: create_instance by names on a fresh Cloud (one process's worth),
// counting the sandbox's requests by route, first and repeated.
func (b *bench) create() error {
	if b.sb == nil {
		b.notes = append(b.notes, "create_instance not measured on a real cloud (it would create servers)")
		return nil
	}
	// The list step's 10,000 seeded servers fill the project's quota to
	// the brim: make room for the two servers measured here.
	nova.SetQuota(b.sb.Cloud, nova.Quota{Instances: 1 << 20, Cores: 1 << 20, RAM: 1 << 40, KeyPairs: 100})
	ctx := context.Background()
	_, c, err := b.inProcess()
	if err != nil {
		return err
	}
	defer c.Close()
	for i, label := range []string{"first", "repeated"} {
		before := b.sb.Stats()
		t0 := time.Now()
		_, err := callTool(ctx, c, "create_instance", map[string]any{"name": fmt.Sprintf("bench-create-%d", i),
			"flavor": "a1-ram2-disk20-perf1", "image": "Debian 12 bookworm", "network": "private"})
		d := time.Since(t0)
		if err != nil {
			return err
		}
		after := b.sb.Stats()
		auth, discovery, lookups, creates, polls, other := 0, 0, 0, 0, 0, []string{}
		var routes []string
		for k, v := range after.ByRoute {
			n := v - before.ByRoute[k]
			if n == 0 {
				continue
			}
			routes = append(routes, fmt.Sprintf("%s ×%d", k, n))
			switch {
			case strings.Contains(k, "/auth/tokens"):
				auth += n
			case strings.HasSuffix(k, "/"): // version documents: microversion negotiation on first use
				discovery += n
			case k == "GET /image/v2/images/{id}": // the image's name, for the result's view
				other = append(other, k)
			case k == "POST /compute/v2.1/servers":
				creates += n
			case strings.HasPrefix(k, "GET /compute/v2.1/servers/"):
				polls += n
			case strings.HasPrefix(k, "GET "):
				lookups += n
			default:
				other = append(other, k)
			}
		}
		sort.Strings(routes)
		ok := auth <= 1 && lookups <= 3 && creates == 1
		b.add(fmt.Sprintf("create_instance by names, %s call (build 100 ms)", label),
			fmt.Sprintf("%d requests in %s: %d auth, %d version discovery, %d lookups, %d create, %d polls, %d other (%s)",
				after.Requests-before.Requests, ms(d), auth, discovery, lookups, creates, polls, len(other), strings.Join(routes, ", ")),
			"≤ 1 auth, ≤ 3 lookups, 1 create, polls", ok, true)
	}
	if b.haveCLI() {
		before := b.sb.Stats()
		d, _, err := b.openstack("server", "create", "--flavor", "a1-ram2-disk20-perf1", "--image", "Debian 12 bookworm",
			"--network", "private", "--wait", "-f", "json", "bench-create-cli")
		if err != nil {
			b.notes = append(b.notes, err.Error())
		} else {
			after := b.sb.Stats()
			var routes []string
			for k, v := range after.ByRoute {
				if n := v - before.ByRoute[k]; n > 0 {
					routes = append(routes, fmt.Sprintf("%s ×%d", k, n))
				}
			}
			sort.Strings(routes)
			b.add("openstack server create --wait, same names", fmt.Sprintf("%d requests in %s (%s)",
				after.Requests-before.Requests, ms(d), strings.Join(routes, ", ")), "", false, false)
		}
	}
	return nil
}

// httpLoad: read calls per second over streamable HTTP, many clients.
func (b *bench) httpLoad(clients int, dur time.Duration) error {
	if b.sb == nil && !b.loadCloud {
		b.notes = append(b.notes, "HTTP load not run against a real cloud (it sends thousands of calls/s): pass --http-on-cloud")
		return nil
	}
	cfg, _ := config.Default(func(string) string { return "" })
	cfg.Transport = "http"
	cfg.Listen = "127.0.0.1:0"
	cfg.MaxSessions = max(cfg.MaxSessions, clients+4)
	cloud, _, err := b.inProcessCloud()
	if err != nil {
		return err
	}
	srv := server.New(cfg, "bench", b.log, server.WithCloud(cloud))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	var raw [24]byte
	_, _ = rand.Read(raw[:])
	token := hex.EncodeToString(raw[:])
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = srv.ServeHTTP(ctx, ln, server.Token{Value: token, Source: "bench"}); close(done) }()
	defer func() { cancel(); <-done }()
	url := server.URL("http", ln.Addr())
	var cs []*mcpclient.Client
	for i := 0; i < clients; i++ {
		c, err := mcpclient.NewStreamableHttpClient(url, transport.WithHTTPHeaders(map[string]string{"Authorization": "Bearer " + token}))
		if err != nil {
			return err
		}
		if err := c.Start(ctx); err != nil {
			return err
		}
		init := mcp.InitializeRequest{}
		init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
		init.Params.ClientInfo = mcp.Implementation{Name: "mcp-bench", Version: "1"}
		if _, err := c.Initialize(ctx, init); err != nil {
			return err
		}
		defer c.Close()
		cs = append(cs, c)
	}
	// The targets: a get_image answers from one lookup and
	// costs less than a list, so it is held to more calls a second.
	for _, tool := range []string{"list_flavors", "get_image"} {
		target := map[string]float64{"list_flavors": 2000, "get_image": 2500}[tool]
		args := map[string]any{}
		if tool == "get_image" {
			args["image_id"] = "Debian 12 bookworm"
		}
		if _, err := callTool(ctx, cs[0], tool, args); err != nil { // auth, warm
			return err
		}
		var n, failed atomic.Int64
		var wg sync.WaitGroup
		end := time.Now().Add(dur)
		t0 := time.Now()
		for _, c := range cs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(end) {
					if _, err := callTool(ctx, c, tool, args); err != nil {
						failed.Add(1)
						continue
					}
					n.Add(1)
				}
			}()
		}
		wg.Wait()
		rate := float64(n.Load()) / time.Since(t0).Seconds()
		b.add(fmt.Sprintf("%s calls/s over streamable HTTP, %d clients, %s", tool, clients, dur),
			fmt.Sprintf("%.0f/s (%d failed)", rate, failed.Load()), fmt.Sprintf("≥ %.0f/s", target), rate >= target && failed.Load() == 0, true)
	}
	return nil
}
