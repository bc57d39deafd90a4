package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds mcp-infomaniak once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "mcp-infomaniak-e2e")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "mcp-infomaniak")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			t.Logf("%s", out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building the binary: %v", buildErr)
	}
	return binPath
}

// stdioClient starts the binary with args and env and initializes an MCP
// client over its stdin/stdout: what Claude Desktop or any client does.
func stdioClient(t *testing.T, env []string, args ...string) *mcpclient.Client {
	t.Helper()
	c, err := mcpclient.NewStdioMCPClient(binary(t), env, args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := calltest.Initialize(ctx, c, mcp.LATEST_PROTOCOL_VERSION, "e2e")
	if err != nil {
		t.Fatal(err)
	}
	if res.ServerInfo.Name != "mcp-infomaniak" {
		t.Fatalf("server name %q", res.ServerInfo.Name)
	}
	return c
}

func callFlavors(t *testing.T, c *mcpclient.Client) []map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req := mcp.CallToolRequest{}
	req.Params.Name = "list_flavors"
	res, err := c.CallTool(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if res.IsError {
		t.Fatalf("list_flavors failed: %+v", res.Content)
	}
	var body struct {
		Flavors []map[string]any `json:"flavors"`
	}
	b, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(b, &body); err != nil || len(body.Flavors) == 0 {
		t.Fatalf("no flavors in %s (%v)", b, err)
	}
	return body.Flavors
}

func TestStdioSandbox(t *testing.T) {
	c := stdioClient(t, os.Environ(), "--sandbox")
	tools, err := c.ListTools(context.Background(), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tl := range tools.Tools {
		found = found || tl.Name == "list_flavors"
	}
	if !found {
		t.Fatal("list_flavors not listed")
	}
	callFlavors(t, c)
}

// TestStandaloneSandboxWithCloudsYAML runs `mcp-infomaniak sandbox
// --clouds-file` on a clouds.yaml that has another entry, and points a second
// server at it with OS_CLOUD: the same answer as --sandbox, through a real
// credentials file. The file keeps its other entry and comment, and gets its
// own content back when the sandbox stops. The servers and volumes it was
// asked to seed are there.
func TestStandaloneSandboxWithCloudsYAML(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "clouds.yaml")
	const mine = "# my clouds\nclouds:\n  infomaniak: # the real one\n    auth:\n      auth_url: https://api.pub1.infomaniak.cloud/identity/v3\n"
	if err := os.WriteFile(path, []byte(mine), 0o600); err != nil {
		t.Fatal(err)
	}
	sb := exec.Command(binary(t), "sandbox", "--clouds-file", path, "--seed-servers", "3", "--seed-volumes", "2")
	if err := sb.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Process.Kill(); sb.Wait() })
	written := waitForFile(t, path, "sandbox:")
	for _, want := range []string{"# my clouds", "infomaniak: # the real one", "auth_url: http://127.0.0.1:"} {
		if !strings.Contains(written, want) {
			t.Errorf("the clouds file lacks %q:\n%s", want, written)
		}
	}
	env := append(cleanEnv(), "OS_CLOUD=sandbox", "OS_CLIENT_CONFIG_FILE="+path)
	c := stdioClient(t, env)
	viaCloud := callFlavors(t, c)
	for tool, want := range map[string]int{"list_instances": 3, "list_volumes": 2} {
		req := mcp.CallToolRequest{}
		req.Params.Name = tool
		res, err := c.CallTool(context.Background(), req)
		if err != nil || res.IsError {
			t.Fatalf("%s: %v %+v", tool, err, res)
		}
		var body map[string][]any
		b, _ := json.Marshal(res.StructuredContent)
		_ = json.Unmarshal(b, &body)
		for _, items := range body {
			if len(items) != want {
				t.Errorf("%s: %d items, want the %d seeded", tool, len(items), want)
			}
		}
	}
	viaFlag := callFlavors(t, stdioClient(t, cleanEnv(), "--sandbox"))
	a, _ := json.Marshal(viaCloud)
	b, _ := json.Marshal(viaFlag)
	if string(a) != string(b) {
		t.Fatalf("OS_CLOUD answer differs from --sandbox:\n%s\n%s", a, b)
	}
	if err := sb.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := sb.Wait(); err != nil {
		t.Fatalf("the sandbox did not stop cleanly: %v", err)
	}
	after, _ := os.ReadFile(path)
	if strings.Contains(string(after), "sandbox") || !strings.Contains(string(after), "infomaniak: # the real one") {
		t.Errorf("after the sandbox stopped, the file is:\n%s", after)
	}
}

// waitForFile polls until path exists and holds want, for 30 s at most,
// and returns its content.
func waitForFile(t *testing.T, path, want string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, err := os.ReadFile(path)
		if err == nil && strings.Contains(string(b), want) {
			return string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s has no %q after 30 s: %q %v", path, want, b, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Without credentials, the binary says on stderr how to give some, and
// serves stdio all the same (its calls say it too: TestStdioWithoutCredentialsSaysWhatToSet)
// until its input ends.
func TestNoCredentialsSaysHow(t *testing.T) {
	cmd := exec.Command(binary(t))
	cmd.Env = append(cleanEnv(), "HOME="+t.TempDir())
	cmd.Dir = t.TempDir()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("exit %v without credentials, want 0 once stdin ends:\n%s", err, out)
	}
	for _, want := range []string{"--cloud", "OS_*", "INFOMANIAK_APP_CREDENTIAL_ID", "--sandbox"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("message lacks %q:\n%s", want, out)
		}
	}
}

// cleanEnv is the environment without any OpenStack or Infomaniak settings.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "OS_") || strings.HasPrefix(kv, "INFOMANIAK_") || strings.HasPrefix(kv, "MCP_INFOMANIAK_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}
