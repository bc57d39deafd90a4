// Command mcp-bench measures mcp-infomaniak against the standalone sandbox
// (started in this process) or a cloud of clouds.yaml (--cloud), and prints
// a markdown table. See BENCHMARKS.md.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/flavors"
	"github.com/gophercloud/gophercloud/v2/openstack/image/v2/images"
	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server"
)

type bench struct {
	bin, cli, cloud string
	sb              *sandbox.Server
	creds           config.Credentials
	env             []string // the child's environment
	childArgs       []string
	cliDir          string
	rows            [][4]string // measure, value, target, met
	notes           []string
	log             *slog.Logger
	cliTimes        [][2]string              // CLI operation, median wall time
	mcpTimes        map[string]time.Duration // tool, median per call in process
	loadCloud       bool                     // run the HTTP load against --cloud too
	imageID         string                   // the image get_image and image show fetch
	only            string                   // comma-separated steps to run; all when empty
}

func main() {
	b := &bench{mcpTimes: map[string]time.Duration{}, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	flag.StringVar(&b.cloud, "cloud", "", "clouds.yaml entry to measure (default: the sandbox, started in this process)")
	flag.StringVar(&b.bin, "bin", "", "mcp-infomaniak binary (default: go build ./cmd/mcp-infomaniak)")
	flag.StringVar(&b.cli, "openstack", "/usr/bin/openstack", "openstack CLI to compare with (\"\" to skip)")
	flag.BoolVar(&b.loadCloud, "http-on-cloud", false, "with --cloud, run the HTTP load against it too")
	coldRuns := flag.Int("cold-runs", 20, "cold starts to take the median of")
	firstRuns := flag.Int("first-runs", 5, "first calls (a new process each) to take the median of")
	calls := flag.Int("calls", 300, "calls per latency measure")
	clients := flag.Int("http-clients", 32, "concurrent streamable HTTP clients")
	httpDur := flag.Duration("http-duration", 5*time.Second, "how long the HTTP load runs")
	attack := flag.Int("slow-body-attack", 0, "only this: N slow-body connections against --bin over HTTP, then exit")
	attackDur := flag.Duration("attack-duration", 15*time.Second, "how long the slow-body attack is held")
	flag.StringVar(&b.only, "only", "", "run only these steps (comma-separated: cold, first, overhead, list, create, http)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the bench process (sandbox, in-process server, clients) to this file")
	flag.Parse()
	if *attack > 0 {
		if err := slowBodyAttack(b.bin, *attack, *attackDur); err != nil {
			fmt.Fprintln(os.Stderr, "mcp-bench:", err)
			os.Exit(1)
		}
		return
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "mcp-bench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := b.run(*coldRuns, *firstRuns, *calls, *clients, *httpDur); err != nil {
		fmt.Fprintln(os.Stderr, "mcp-bench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func (b *bench) add(measure, value, target string, met bool, hasTarget bool) {
	m := ""
	if hasTarget {
		m = "no"
		if met {
			m = "yes"
		}
	}
	b.rows = append(b.rows, [4]string{measure, value, target, m})
}

func (b *bench) run(coldRuns, firstRuns, calls, clients int, httpDur time.Duration) error {
	tmp, err := os.MkdirTemp("", "mcp-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if b.bin == "" {
		b.bin = filepath.Join(tmp, "mcp-infomaniak")
		out, err := exec.Command("go", "build", "-o", b.bin, "./cmd/mcp-infomaniak").CombinedOutput()
		if err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	b.cliDir = tmp
	base := []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + tmp}
	if b.cloud == "" {
		b.sb, err = sandbox.Start("127.0.0.1:0", sandbox.Options{BuildDelay: 100 * time.Millisecond, ActionDelay: 30 * time.Millisecond})
		if err != nil {
			return err
		}
		defer b.sb.Close()
		o := b.sb.Options()
		vars := map[string]string{"OS_AUTH_URL": b.sb.AuthURL, "OS_USERNAME": o.Username, "OS_PASSWORD": o.Password,
			"OS_PROJECT_NAME": o.Project, "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default", "OS_REGION_NAME": o.Region}
		b.creds, err = config.ResolveCredentials("", "", func(k string) string { return vars[k] })
		if err != nil {
			return err
		}
		b.env = base
		for k, v := range vars {
			b.env = append(b.env, k+"="+v)
		}
		yaml := "clouds:\n  sandbox:\n    auth:\n      auth_url: " + b.sb.AuthURL + "\n      username: " + o.Username +
			"\n      password: " + o.Password + "\n      project_name: " + o.Project +
			"\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: " + o.Region +
			"\n    identity_api_version: 3\n"
		if err := os.WriteFile(filepath.Join(tmp, "clouds.yaml"), []byte(yaml), 0o600); err != nil {
			return err
		}
	} else {
		b.creds, err = config.ResolveCredentials(b.cloud, "", os.Getenv)
		if err != nil {
			return err
		}
		b.env = os.Environ()
		b.childArgs = []string{"--cloud", b.cloud}
	}
	start := time.Now()
	host, _ := os.Hostname()
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("# mcp-bench\n\nTarget: %s. Machine: %s, %d cores, %s/%s, %s. Load average at start: %s\n\n",
		map[bool]string{true: "the sandbox (in the bench process)", false: "cloud " + b.cloud}[b.cloud == ""],
		host, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), strings.TrimSpace(string(load)))

	steps := []struct {
		name string
		run  func() error
	}{
		{"cold", func() error { return b.coldStart(coldRuns) }},
		{"first", func() error { return b.firstCall(firstRuns) }},
		{"overhead", func() error { err := b.overhead(calls); b.cliReads(); return err }},
		{"list", b.listInstances},
		{"create", b.create},
		{"http", func() error { return b.httpLoad(clients, httpDur) }},
	}
	for _, s := range steps {
		if b.only != "" && !slices.Contains(strings.Split(b.only, ","), s.name) {
			continue
		}
		if err := s.run(); err != nil {
			b.notes = append(b.notes, "error: "+err.Error())
		}
	}
	for i, ct := range b.cliTimes {
		tool := []string{"list_flavors", "get_image"}[i]
		b.add("openstack "+ct[0]+" (a new process per command, as a user runs it; median of 3) vs "+tool+" per call",
			fmt.Sprintf("%s vs %s: CLI/MCP %.0f×", ct[1], ms(b.mcpTimes[tool]), parseMS(ct[1])/(float64(b.mcpTimes[tool])/1e6)), "", false, false)
	}
	load, _ = os.ReadFile("/proc/loadavg")
	fmt.Println("| Measure | Value | Target | Met |")
	fmt.Println("|---|---|---|---|")
	for _, r := range b.rows {
		fmt.Printf("| %s | %s | %s | %s |\n", r[0], r[1], r[2], r[3])
	}
	fmt.Println()
	for _, n := range b.notes {
		fmt.Println("- " + n)
	}
	fmt.Printf("\nWhole run: %s. Load average at end: %s\n", time.Since(start).Round(time.Second), strings.TrimSpace(string(load)))
	return nil
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }

// coldStart: spawn → initialize → tools/list answered, and the list's size.
func (b *bench) coldStart(runs int) error {
	var ds []time.Duration
	var list []byte
	for i := 0; i < runs; i++ {
		t0 := time.Now()
		c, err := b.hurriedChild()
		if err != nil {
			return err
		}
		id, _ := c.send("tools/list", map[string]any{}, false)
		line, err := c.wait(id)
		ds = append(ds, time.Since(t0))
		c.close()
		if err != nil {
			return err
		}
		list = line
	}
	d := median(ds)
	b.add(fmt.Sprintf("cold start → tools/list answered (stdio, median of %d)", runs), ms(d), "≤ 10 ms", d <= 10*time.Millisecond, true)
	b.weighToolsList(list)
	return nil
}

func parseMS(s string) float64 {
	var f float64
	fmt.Sscanf(s, "%f", &f) //nolint:errcheck
	return f
}

func (b *bench) inProcessCloud() (*client.Cloud, struct{}, error) {
	return client.New(client.Options{Credentials: b.creds, Logger: b.log, RequestTimeout: 60 * time.Second}), struct{}{}, nil
}

// inProcess is the server over a fresh Cloud with an in-process client.
func (b *bench) inProcess() (*client.Cloud, *mcpclient.Client, error) {
	cloud := client.New(client.Options{Credentials: b.creds, Logger: b.log, RequestTimeout: 60 * time.Second,
		Poll: client.PollInterval{Min: 50 * time.Millisecond, Max: 200 * time.Millisecond}})
	cfg, _ := config.Default(func(string) string { return "" })
	c, err := mcpclient.NewInProcessClient(server.New(cfg, "bench", b.log, server.WithCloud(cloud)).MCP())
	if err != nil {
		return nil, nil, err
	}
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		return nil, nil, err
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "mcp-bench", Version: "1"}
	_, err = c.Initialize(ctx, init)
	return cloud, c, err
}

func callTool(ctx context.Context, c *mcpclient.Client, name string, args map[string]any) (*mcp.CallToolResult, error) {
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := c.CallTool(ctx, req)
	if err == nil && res.IsError {
		b, _ := json.Marshal(res.StructuredContent)
		err = fmt.Errorf("%s: %s", name, b)
	}
	return res, err
}

// overhead: list_flavors and get_image through MCP (in process) against the
// same gophercloud calls on the same Cloud, interleaved.
func (b *bench) overhead(n int) error {
	ctx := context.Background()
	cloud, c, err := b.inProcess()
	if err != nil {
		return err
	}
	defer c.Close()
	svc, err := cloud.Services(ctx, client.Compute, client.Image, client.BlockStorage, client.Network)
	if err != nil {
		return err
	}
	pages, err := images.List(svc.Image, images.ListOpts{}).AllPages(ctx)
	if err != nil {
		return err
	}
	imgs, _ := images.ExtractImages(pages)
	if len(imgs) == 0 {
		return fmt.Errorf("no image to get")
	}
	imageID := imgs[0].ID
	b.imageID = imageID
	type pair struct {
		tool   string
		args   map[string]any
		direct func() error
	}
	for _, p := range []pair{
		{"list_flavors", map[string]any{}, func() error {
			pg, err := flavors.ListDetail(svc.Compute, flavors.ListOpts{AccessType: flavors.AllAccess}).AllPages(ctx)
			if err == nil {
				_, err = flavors.ExtractFlavors(pg)
			}
			return err
		}},
		{"get_image", map[string]any{"image_id": imageID}, func() error {
			_, err := images.Get(ctx, svc.Image, imageID).Extract()
			return err
		}},
	} {
		var viaMCP, direct []time.Duration
		for i := 0; i < n+20; i++ {
			t0 := time.Now()
			if _, err := callTool(ctx, c, p.tool, p.args); err != nil {
				return err
			}
			t1 := time.Now()
			if err := p.direct(); err != nil {
				return err
			}
			t2 := time.Now()
			if i >= 20 { // warm-up
				viaMCP, direct = append(viaMCP, t1.Sub(t0)), append(direct, t2.Sub(t1))
			}
		}
		m, d := median(viaMCP), median(direct)
		b.mcpTimes[p.tool] = m
		b.add(fmt.Sprintf("%s: MCP in-process vs direct gophercloud (median of %d)", p.tool, n),
			fmt.Sprintf("%s vs %s: overhead %s", ms(m), ms(d), ms(m-d)), "overhead ≤ 0.5 ms", m-d <= 500*time.Microsecond, true)
	}
	return nil
}
