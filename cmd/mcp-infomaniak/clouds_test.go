package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
)

// twoClouds serves two standalone sandboxes (regions dc3-a and dc4-a) and
// writes a clouds.yaml with an entry for each; it returns the file.
func twoClouds(t *testing.T) string {
	t.Helper()
	var entries strings.Builder
	entries.WriteString("clouds:\n")
	for _, region := range []string{"dc3-a", "dc4-a"} {
		sb, err := sandbox.Start("127.0.0.1:0", sandbox.Options{Region: region, BuildDelay: 100 * time.Millisecond, ActionDelay: 20 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sb.Close() })
		o := sb.Options()
		fmt.Fprintf(&entries, "  %s:\n    region_name: %s\n    auth:\n      auth_url: %s\n      username: %s\n      password: %s\n      project_name: %s\n      user_domain_name: Default\n      project_domain_name: Default\n",
			region, region, sb.AuthURL, o.Username, o.Password, o.Project)
	}
	path := filepath.Join(t.TempDir(), "clouds.yaml")
	if err := os.WriteFile(path, []byte(entries.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func callJSON(t *testing.T, c *mcpclient.Client, name string, args map[string]any) map[string]any {
	t.Helper()
	return calltest.Structured(t, c, name, args)
}

func instanceNames(out map[string]any) []string {
	var names []string
	list, _ := out["instances"].([]any)
	for _, i := range list {
		if m, ok := i.(map[string]any); ok {
			names = append(names, fmt.Sprint(m["name"]))
		}
	}
	return names
}

// TestTwoClouds: one server over two clouds (--cloud dc3-a,dc4-a) lists and
// creates in both at once; each tool has the optional cloud argument, each
// result says which cloud answered, and --read-only-clouds keeps one to
// reads.
func TestTwoClouds(t *testing.T) {
	clouds := twoClouds(t)
	c := stdioClient(t, []string{"OS_CLIENT_CONFIG_FILE=" + clouds, "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")},
		"--cloud", "dc3-a,dc4-a", "--read-only-clouds", "dc3-a")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tools, err := c.ListTools(ctx, mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range tools.Tools {
		var schema struct {
			Properties map[string]struct {
				Enum []string `json:"enum"`
			} `json:"properties"`
		}
		raw, _ := json.Marshal(tool.InputSchema)
		if len(tool.RawInputSchema) > 0 {
			raw = tool.RawInputSchema
		}
		_ = json.Unmarshal(raw, &schema)
		if got := schema.Properties["cloud"].Enum; !slices.Equal(got, []string{"dc3-a", "dc4-a"}) {
			t.Errorf("%s: cloud enum %v", tool.Name, got)
		}
	}

	// Both at once: a create in dc4-a while dc3-a lists.
	done := make(chan map[string]any, 1)
	go func() {
		done <- callJSON(t, c, "create_instance", map[string]any{"cloud": "dc4-a", "name": "web-dc4",
			"flavor": "a1-ram2-disk20-perf1", "image": "Fedora CoreOS 40", "network": "private"})
	}()
	if out := callJSON(t, c, "list_instances", nil); out["cloud"] != "dc3-a" || out["error"] != nil {
		t.Errorf("list_instances by default: %v", out)
	}
	if out := <-done; out["cloud"] != "dc4-a" || out["status"] != "ACTIVE" {
		t.Fatalf("create_instance in dc4-a: %v", out)
	}
	if got := instanceNames(callJSON(t, c, "list_instances", map[string]any{"cloud": "dc4-a"})); !slices.Contains(got, "web-dc4") {
		t.Errorf("dc4-a's instances %v lack web-dc4", got)
	}
	if got := instanceNames(callJSON(t, c, "list_instances", map[string]any{"cloud": "dc3-a"})); slices.Contains(got, "web-dc4") {
		t.Errorf("dc3-a's instances %v have web-dc4", got)
	}

	// dc3-a is read-only; a cloud that is not served is refused.
	out := callJSON(t, c, "create_volume", map[string]any{"cloud": "dc3-a", "size": 1})
	if e, _ := out["error"].(map[string]any); e["code"] != "forbidden" || out["cloud"] != "dc3-a" {
		t.Errorf("a create in the read-only dc3-a: %v", out)
	}
	out = callJSON(t, c, "list_flavors", map[string]any{"cloud": "dc9-z"})
	if e, _ := out["error"].(map[string]any); e["code"] != "invalid_argument" {
		t.Errorf("an unknown cloud: %v", out)
	}
}

// TestAllClouds: --all-clouds serves every entry of clouds.yaml.
func TestAllClouds(t *testing.T) {
	clouds := twoClouds(t)
	c := stdioClient(t, []string{"OS_CLIENT_CONFIG_FILE=" + clouds, "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}, "--all-clouds")
	for _, name := range []string{"dc3-a", "dc4-a"} {
		if out := callJSON(t, c, "list_flavors", map[string]any{"cloud": name}); out["cloud"] != name || out["error"] != nil {
			t.Errorf("list_flavors on %s: %v", name, out)
		}
	}
}
