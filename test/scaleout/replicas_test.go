// Package scaleout runs the streamable HTTP server as several replicas
// (processes of the built binary) behind a real HAProxy, round-robin and
// without stickiness, all on loopback, over one sandbox cloud.
//
// HAProxy comes from Debian (apt-get install haproxy; .ci/run installs
// it). Without it the tests are skipped, unless
// MCP_INFOMANIAK_REQUIRE_HAPROXY=1, which CI sets.
package scaleout

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/nova"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
)

// token is the bearer token all replicas share: it also signs their
// session IDs, which is what lets any of them accept another's session.
const token = "scaleout-token-0123456789abcdefghij"

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds cmd/mcp-infomaniak once per test run.
func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "mcp-infomaniak-scaleout")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "mcp-infomaniak")
		out, err := exec.Command("go", "build", "-o", binPath, "../../cmd/mcp-infomaniak").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("%v: %s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building the binary: %v", buildErr)
	}
	return binPath
}

// haproxyPath is HAProxy's binary, or the test is skipped (failed in CI).
func haproxyPath(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"haproxy", "/usr/sbin/haproxy"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("MCP_INFOMANIAK_REQUIRE_HAPROXY") == "1" {
		t.Fatal("haproxy is not installed (apt-get install haproxy) and MCP_INFOMANIAK_REQUIRE_HAPROXY=1")
	}
	t.Skip("haproxy is not installed (apt-get install haproxy)")
	return ""
}

// startCloud serves a sandbox on loopback for the replicas to share.
func startCloud(t testing.TB, o sandbox.Options) *sandbox.Server {
	t.Helper()
	sb, err := sandbox.Start("127.0.0.1:0", o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	// Room for every create of the tests (hundreds of servers).
	nova.SetQuota(sb.Cloud, nova.Quota{Instances: 10000, Cores: 20000, RAM: 40000 * 1024, KeyPairs: 100})
	return sb
}

// replica is one server process.
type replica struct {
	name   string
	addr   string // host:port it listens on
	cmd    *exec.Cmd
	log    *calltest.Buffer
	exited chan struct{}
}

var servingURL = regexp.MustCompile(`msg="serving MCP".* url=http://(\S+)/mcp`)

// startReplica starts the binary over streamable HTTP against sb.
// logLevel debug logs every tool call (reads too), info only changes.
func startReplica(t testing.TB, name string, sb *sandbox.Server, logLevel string) *replica {
	t.Helper()
	o := sb.Options()
	cmd := exec.Command(binary(t), "--transport", "http", "--listen", "127.0.0.1:0", "--log-level", logLevel,
		"--max-sessions", "256", "--shutdown-timeout", "1s")
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(),
		"MCP_INFOMANIAK_AUTH_TOKEN=" + token,
		"OS_AUTH_URL=" + sb.AuthURL, "OS_USERNAME=" + o.Username, "OS_PASSWORD=" + o.Password,
		"OS_PROJECT_NAME=" + o.Project, "OS_USER_DOMAIN_NAME=Default", "OS_PROJECT_DOMAIN_NAME=Default",
		"OS_REGION_NAME=" + o.Region,
	}
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &replica{name: name, cmd: cmd, log: &calltest.Buffer{}, exited: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			line := sc.Text()
			r.log.Write([]byte(line + "\n"))
			if m := servingURL.FindStringSubmatch(line); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
		_ = cmd.Wait()
		close(r.exited)
	}()
	t.Cleanup(func() {
		r.kill()
		if t.Failed() {
			t.Logf("replica %s log:\n%s", r.name, r.log)
		}
	})
	select {
	case r.addr = <-addr:
	case <-r.exited:
		t.Fatalf("replica %s exited:\n%s", name, r.log)
	case <-time.After(30 * time.Second):
		t.Fatalf("replica %s did not start listening:\n%s", name, r.log)
	}
	return r
}

// kill ends the process at once (SIGKILL): its connections drop.
func (r *replica) kill() {
	_ = r.cmd.Process.Signal(syscall.SIGKILL)
	<-r.exited
}

// toolCalls is the number of tool calls the replica logged.
func (r *replica) toolCalls() int { return strings.Count(r.log.String(), `msg="tool call" `) }

// freePort is a loopback port nothing listens on now.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// lbConfig is HAProxy in front of the replicas: round-robin, no
// stickiness; a replica is out after two failed /readyz checks (one may
// just be slow on a loaded machine), and a
// request that cannot connect to one is sent to another (never one whose
// connection broke after it was sent: a create must not run twice).
// abortonclose: a client closing its request closes it on the replica
// too, which is how an HTTP client cancels a call (without it HAProxy
// lets the call run to its end).
const lbConfig = `global
  maxconn 4096
defaults
  mode http
  timeout connect 1s
  timeout client 60s
  timeout server 60s
  timeout check 2s
  retries 3
  option redispatch
  option abortonclose
  retry-on conn-failure
frontend mcp
  bind 127.0.0.1:%d
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk GET /readyz
  default-server check inter 200ms fall 2 rise 1
%s`

// startLB runs HAProxy in front of replicas and returns the MCP URL.
func startLB(t testing.TB, replicas []*replica) string {
	t.Helper()
	haproxy := haproxyPath(t)
	var servers strings.Builder
	for _, r := range replicas {
		fmt.Fprintf(&servers, "  server %s %s\n", r.name, r.addr)
	}
	port := freePort(t)
	cfg := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(lbConfig, port, servers.String())), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, haproxy, "-f", cfg, "-db")
	out := &calltest.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cancel()
		<-done
		if t.Failed() {
			t.Logf("haproxy:\n%s", out)
		}
	})
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			break
		}
		select {
		case <-done:
			t.Fatalf("haproxy exited:\n%s", out)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("haproxy does not listen on %s:\n%s", addr, out)
		}
		time.Sleep(20 * time.Millisecond) // deadline poll: haproxy binds within milliseconds
	}
	return "http://" + addr + "/mcp"
}
