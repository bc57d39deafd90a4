package main

import (
	"bufio"
	"context"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
)

// httpServer is the binary serving MCP over HTTP.
type httpServer struct {
	cmd    *exec.Cmd
	url    string
	token  string // the generated one, if it printed one
	stderr *calltest.Buffer
	exited chan error
}

var (
	urlLine   = regexp.MustCompile(`Connect a client to (http://\S+) with`)
	tokenLine = regexp.MustCompile(`(?m)^  ([A-Za-z0-9_-]{40,})$`)
)

// startHTTP starts the binary with args on a free loopback port and waits
// until it says where to connect.
func startHTTP(t *testing.T, env []string, args ...string) *httpServer {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"--sandbox", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = env
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &httpServer{cmd: cmd, stderr: &calltest.Buffer{}, exited: make(chan error, 1)}
	found := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(pipe)
		once := sync.Once{}
		for sc.Scan() {
			s.stderr.Write([]byte(sc.Text() + "\n"))
			// The announcement (URL, token, client configuration) comes
			// before this log line.
			if strings.Contains(sc.Text(), `msg="serving MCP"`) {
				once.Do(func() { close(found) })
			}
		}
		s.exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		if t.Failed() {
			t.Logf("server stderr:\n%s", s.stderr)
		}
	})
	select {
	case <-found:
	case err := <-s.exited:
		t.Fatalf("the server exited (%v):\n%s", err, s.stderr)
	case <-time.After(20 * time.Second):
		t.Fatalf("the server did not say where to connect:\n%s", s.stderr)
	}
	out := s.stderr.String()
	m := urlLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no URL announced:\n%s", out)
	}
	s.url = m[1]
	if m := tokenLine.FindStringSubmatch(out); m != nil {
		s.token = m[1]
	}
	return s
}

// stop sends SIGTERM and returns the exit code.
func (s *httpServer) stop(t *testing.T) int {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		t.Fatalf("no exit 20 s after SIGTERM:\n%s", s.stderr)
	}
	return s.cmd.ProcessState.ExitCode()
}

func connectHTTP(t *testing.T, kind, url, token string) (*mcpclient.Client, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, _, err := calltest.Open(ctx, kind, url, token, mcp.LATEST_LEGACY_PROTOCOL_VERSION, "e2e")
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { c.Close() })
	return c, nil
}

// TestHTTPWithGeneratedToken: with no token configured, the server makes
// one, prints it once with the client configuration, and only a client that
// sends it gets in; SIGTERM stops it with exit status 0.
func TestHTTPWithGeneratedToken(t *testing.T) {
	s := startHTTP(t, cleanEnv(), "--transport", "http")
	if s.token == "" {
		t.Fatalf("no generated token printed:\n%s", s.stderr)
	}
	if !strings.HasSuffix(s.url, "/mcp") {
		t.Errorf("url %s", s.url)
	}
	out := s.stderr.String()
	for _, want := range []string{"claude mcp add --transport http infomaniak " + s.url, `"Authorization": "Bearer ` + s.token + `"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the client configuration lacks %q:\n%s", want, out)
		}
	}
	if _, err := connectHTTP(t, "http", s.url, ""); err == nil {
		t.Error("a client without the token connected")
	}
	if _, err := connectHTTP(t, "http", s.url, s.token+"x"); err == nil {
		t.Error("a client with a wrong token connected")
	}
	c, err := connectHTTP(t, "http", s.url, s.token)
	if err != nil {
		t.Fatal(err)
	}
	callFlavors(t, c)
	if code := s.stop(t); code != 0 {
		t.Errorf("exit status %d after SIGTERM, want 0", code)
	}
	// The token is in the announcement only, never in a log line.
	for _, line := range strings.Split(s.stderr.String(), "\n") {
		if strings.HasPrefix(line, "time=") && strings.Contains(line, s.token) {
			t.Errorf("the token is logged: %s", line)
		}
	}
}

// TestSSEWithTokenFromEnvAndShutdownDuringACall: the token comes from the
// environment and is printed nowhere; a server creation in flight when
// SIGTERM arrives finishes, with its progress, and the process exits 0.
func TestSSEWithTokenFromEnvAndShutdownDuringACall(t *testing.T) {
	const token = "env-token-for-the-e2e-test-0123456789"
	s := startHTTP(t, append(cleanEnv(), "MCP_INFOMANIAK_AUTH_TOKEN="+token), "--transport", "sse")
	if !strings.HasSuffix(s.url, "/sse") {
		t.Errorf("url %s", s.url)
	}
	if strings.Contains(s.stderr.String(), token) {
		t.Errorf("a configured token is printed:\n%s", s.stderr)
	}
	c, err := connectHTTP(t, "sse", s.url, token)
	if err != nil {
		t.Fatal(err)
	}
	callFlavors(t, c)

	var mu sync.Mutex
	progress := 0
	c.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method == "notifications/progress" {
			mu.Lock()
			progress++
			mu.Unlock()
		}
	})
	type outcome struct {
		res *mcp.CallToolResult
		err error
		got int
	}
	done := make(chan outcome, 1)
	go func() {
		req := mcp.CallToolRequest{}
		req.Params.Name = "create_instance"
		req.Params.Arguments = map[string]any{"name": "during-shutdown", "flavor": "a1-ram2-disk20-perf1", "image": "Debian 12 bookworm", "network": "private"}
		req.Params.Meta = &mcp.Meta{ProgressToken: "shutdown-1"}
		res, err := c.CallTool(context.Background(), req)
		mu.Lock()
		defer mu.Unlock()
		done <- outcome{res, err, progress}
	}()
	// The sandbox builds a server in 2 s; stop while it builds.
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		p := progress
		mu.Unlock()
		if p > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case o := <-done:
		if o.err != nil || o.res.IsError {
			t.Errorf("the call in flight at SIGTERM: %v %+v, want its result", o.err, o.res)
		}
		if o.got == 0 {
			t.Error("no progress before the result")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the call in flight got no result")
	}
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		t.Fatalf("no exit after SIGTERM:\n%s", s.stderr)
	}
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status %d after SIGTERM, want 0:\n%s", code, s.stderr)
	}
	if !strings.Contains(s.stderr.String(), "finished=1") {
		t.Errorf("the shutdown does not report the call it let finish:\n%s", s.stderr)
	}
}

func TestNoAuth(t *testing.T) {
	// Refused beyond loopback, before anything starts.
	cmd := exec.Command(binary(t), "--sandbox", "--transport", "http", "--no-auth", "--listen", "0.0.0.0:0")
	cmd.Env = cleanEnv()
	out, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); err == nil || code != 2 || !strings.Contains(string(out), "--no-auth is refused") {
		t.Errorf("--no-auth on 0.0.0.0: exit %d, %s", code, out)
	}
	// The environment's equivalent too.
	cmd = exec.Command(binary(t), "--sandbox")
	cmd.Env = append(cleanEnv(), "MCP_INFOMANIAK_TRANSPORT=sse", "MCP_INFOMANIAK_NO_AUTH=true", "MCP_INFOMANIAK_LISTEN=192.0.2.1:8080")
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "--no-auth is refused") {
		t.Errorf("MCP_INFOMANIAK_NO_AUTH off loopback: %v %s", err, out)
	}
	// Allowed on loopback: a client without a token gets in.
	s := startHTTP(t, cleanEnv(), "--transport", "http", "--no-auth")
	if s.token != "" {
		t.Error("--no-auth printed a token")
	}
	c, err := connectHTTP(t, "http", s.url, "")
	if err != nil {
		t.Fatal(err)
	}
	callFlavors(t, c)
	if code := s.stop(t); code != 0 {
		t.Errorf("exit status %d", code)
	}
}

// TestSafetyModesFromEnvironment: clients that only pass environment get
// the same filters as the flags give.
func TestSafetyModesFromEnvironment(t *testing.T) {
	for _, tc := range []struct {
		env          string
		absent, kept []string
	}{
		{"MCP_INFOMANIAK_READ_ONLY=true", []string{"create_instance", "delete_instance", "reboot_instance"}, []string{"list_flavors", "get_instance"}},
		{"MCP_INFOMANIAK_DISABLE_DESTRUCTIVE=1", []string{"delete_instance", "terminate_instance"}, []string{"create_instance", "reboot_instance"}},
		{"MCP_INFOMANIAK_TOOLS=list_flavors,get_instance", []string{"create_instance", "list_instances"}, []string{"list_flavors", "get_instance"}},
		{"MCP_INFOMANIAK_EXCLUDE_TOOLS=list_flavors", []string{"list_flavors"}, []string{"list_instances"}},
		{"MCP_INFOMANIAK_TOOLSETS=compute", nil, []string{"list_flavors"}},
	} {
		t.Run(tc.env, func(t *testing.T) {
			c := stdioClient(t, append(cleanEnv(), tc.env), "--sandbox")
			res, err := c.ListTools(context.Background(), mcp.ListToolsRequest{})
			if err != nil {
				t.Fatal(err)
			}
			listed := map[string]bool{}
			for _, tl := range res.Tools {
				listed[tl.Name] = true
			}
			for _, name := range tc.absent {
				if listed[name] {
					t.Errorf("%s listed", name)
				}
				req := mcp.CallToolRequest{}
				req.Params.Name = name
				req.Params.Arguments = map[string]any{"instance_id": "x"}
				if res, err := c.CallTool(context.Background(), req); err == nil {
					t.Errorf("%s is hidden, yet callable: %+v", name, res)
				}
			}
			for _, name := range tc.kept {
				if !listed[name] {
					t.Errorf("%s not listed", name)
				}
			}
		})
	}
}

// TestStdioExitsZeroOnSIGTERM: the stdio server stops cleanly on a signal
// too (a client that kills its server rather than closing stdin).
func TestStdioExitsZeroOnSIGTERM(t *testing.T) {
	cmd := exec.Command(binary(t), "--sandbox")
	cmd.Env = cleanEnv()
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	stderr := &calltest.Buffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	c := mcpclient.NewClient(transport.NewIO(stdout, stdin, io.NopCloser(strings.NewReader(""))))
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := calltest.Initialize(context.Background(), c, mcp.LATEST_PROTOCOL_VERSION, "test"); err != nil {
		t.Fatal(err)
	}
	callFlavors(t, c)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
}
