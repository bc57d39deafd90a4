package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
)

// The README's quick start and standalone sandbox run as a new user pastes
// them, from a checkout: these tests take their shell blocks from README.md
// itself, so the README cannot drift from what works.

const repoRoot = "../.."

// readmeBlocks returns the ```sh blocks of the README section under heading.
func readmeBlocks(t *testing.T, heading string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("README.md has no section %q", heading)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var blocks []string
	for {
		_, rest, ok := strings.Cut(section, "\n```sh\n")
		if !ok {
			return blocks
		}
		block, after, _ := strings.Cut(rest, "\n```")
		blocks = append(blocks, block+"\n")
		section = after
	}
}

// shell runs a README block as a shell script that stops at the first
// failing command, in dir with env, and returns its stdout.
func shell(t *testing.T, dir string, env []string, block string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", block)
	cmd.Dir, cmd.Env = dir, env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("as pasted, this fails (%v):\n%s\nstdout:\n%s\nstderr:\n%s", err, block, out.String(), errOut.String())
	}
	t.Logf("ran:\n%sstderr:\n%s", block, errOut.String())
	return out.String()
}

// withPath is env with dirs put first on its PATH.
func withPath(env []string, dirs ...string) []string {
	path := strings.Join(dirs, string(os.PathListSeparator))
	for i, kv := range env {
		if old, ok := strings.CutPrefix(kv, "PATH="); ok {
			env[i] = "PATH=" + path + string(os.PathListSeparator) + old
			return env
		}
	}
	return append(env, "PATH="+path)
}

func TestReadmeQuickStartAsPasted(t *testing.T) {
	if testing.Short() {
		t.Skip("installs the binary with go install")
	}
	blocks := readmeBlocks(t, "## Quick start, no account needed")
	if len(blocks) != 1 {
		t.Fatalf("want one shell block in the quick start, got %d", len(blocks))
	}
	tmp := t.TempDir()
	// A GOPATH of its own, so that go install puts the binary where this
	// test looks, and nowhere else; the module cache stays the one we have.
	gopath := filepath.Join(tmp, "gopath")
	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	// claude stands in for Claude Code: it keeps the command it is given,
	// which this test then starts as Claude Code would.
	stubs := filepath.Join(tmp, "stubs")
	claudeArgs := filepath.Join(tmp, "claude-args")
	if err := os.MkdirAll(stubs, 0o755); err != nil {
		t.Fatal(err)
	}
	stub := "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$CLAUDE_ARGS\"\n"
	if err := os.WriteFile(filepath.Join(stubs, "claude"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	env := withPath(append(cleanEnv(), "GOPATH="+gopath, "GOMODCACHE="+strings.TrimSpace(string(modcache)),
		"CLAUDE_ARGS="+claudeArgs), stubs)
	out := shell(t, repoRoot, env, blocks[0])
	for _, want := range []string{"list_flavors ", "create_instance ", `"flavors": [`, `"name": "a1-ram2-disk20-perf1"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the quick start's output lacks %q:\n%s", want, out)
		}
	}

	b, err := os.ReadFile(claudeArgs)
	if err != nil {
		t.Fatalf("claude was not run: %v", err)
	}
	_, server, ok := strings.Cut(strings.TrimSpace(string(b)), "--\n")
	if !ok {
		t.Fatalf("claude mcp add without -- COMMAND: %q", b)
	}
	argv := strings.Split(server, "\n")
	c, err := mcpclient.NewStdioMCPClient(filepath.Join(gopath, "bin", argv[0]), cleanEnv(), argv[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := calltest.Initialize(ctx, c, mcp.LATEST_PROTOCOL_VERSION, "readme"); err != nil {
		t.Fatalf("the server handed to claude does not start: %v", err)
	}
	callFlavors(t, c)
}

func TestReadmeStandaloneSandboxAsPasted(t *testing.T) {
	blocks := readmeBlocks(t, "## The sandbox cloud")
	if len(blocks) != 2 {
		t.Fatalf("want two shell blocks in the sandbox section (one terminal serves, the other calls), got %d", len(blocks))
	}
	dir := t.TempDir()
	env := withPath(cleanEnv(), filepath.Dir(binary(t)))

	// The first terminal: the sandbox, until Ctrl-C.
	sb := exec.Command("bash", "-euo", "pipefail", "-c", blocks[0])
	sb.Dir, sb.Env = dir, env
	var sbOut bytes.Buffer
	sb.Stdout, sb.Stderr = &sbOut, &sbOut
	sb.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // Ctrl-C reaches the whole group
	if err := sb.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			syscall.Kill(-sb.Process.Pid, syscall.SIGKILL)
			sb.Wait()
		}
	})
	waitForFile(t, filepath.Join(dir, "clouds.yaml"), "sandbox:")

	// The second terminal, against it.
	second := blocks[1]
	if _, err := exec.LookPath("openstack"); err != nil && os.Getenv("MCP_INFOMANIAK_REQUIRE_OPENSTACK_CLI") == "" {
		var kept []string
		for _, line := range strings.SplitAfter(second, "\n") {
			if !strings.HasPrefix(line, "openstack ") {
				kept = append(kept, line)
			}
		}
		second = strings.Join(kept, "")
		t.Log("no openstack CLI here: its lines are left out")
	}
	out := shell(t, dir, env, second)
	if strings.Count(out, `"name": "demo"`) < 2 {
		t.Errorf("the keypair one call created is not in the next call's list:\n%s", out)
	}

	if err := syscall.Kill(-sb.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := sb.Wait()
	stopped = true
	if err != nil {
		t.Fatalf("Ctrl-C: the sandbox exits with %v:\n%s", err, sbOut.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "clouds.yaml")); err == nil {
		t.Errorf("the clouds.yaml the sandbox made is still there after it stopped")
	}
}

// An inline code span of the README stays on one line: one broken by a line
// break is copied in half (the error image's name was). The error image is
// named whole.
func TestReadmeCodeSpansOnOneLine(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	fenced := false
	for i, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if !fenced && strings.Count(line, "`")%2 != 0 {
			t.Errorf("README.md:%d: a code span is cut by the line's end: %s", i+1, line)
		}
	}
	if !strings.Contains(string(b), glance.ErrorImageName) {
		t.Errorf("README.md does not name the error image whole (%q)", glance.ErrorImageName)
	}
}
