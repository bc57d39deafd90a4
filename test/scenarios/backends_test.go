// Package scenarios runs the same agent scenarios, through the MCP layer,
// against every cloud we have: the sandbox always, and the real OpenStack
// lab (test/openstack) when MCP_INFOMANIAK_LAB_CLOUDS names its clouds.yaml.
// It also checks that the sandbox's results have the lab's shape: the lab is
// the truth.
package scenarios

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/toolset"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/dns"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/network"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/storage"
)

// cloud is one back end a scenario runs on, with the names of its seed data.
type cloud struct {
	name    string // "sandbox", "lab", "lab-appcred"
	h       *servertest.Harness
	lab     bool
	flavor  string // a small flavor's name
	image   string // a bootable image's name
	network string // a network servers can use
	routed  string // a network of the project's that a router connects to the floating IPs' network
}

func sandboxCloud(t *testing.T) cloud {
	return cloud{name: "sandbox", h: servertest.New(t), flavor: "a1-ram2-disk20-perf1",
		image: "Debian 12 bookworm", network: "ext-net1", routed: "private"}
}

func labCloud(t *testing.T, entry string) cloud {
	t.Helper()
	return cloud{name: entry, lab: true, h: servertest.Connect(t, servertest.LabCredentials(t, entry)), flavor: "m1.tiny", image: "tiny-raw", network: "private",
		routed: "demo-net"}
}

// clouds returns the back ends to run on. With the lab configured, the lab
// must answer: a lab that is down fails the run, never a silent skip.
func clouds(t *testing.T) []cloud {
	cs := []cloud{sandboxCloud(t)}
	if os.Getenv(servertest.LabEnv) != "" {
		cs = append(cs, labCloud(t, "lab"))
	} else {
		t.Logf("%s not set: the lab scenarios do not run (bash test/openstack/up.sh, then export %s=/tmp/oslab/clouds.yaml)", servertest.LabEnv, servertest.LabEnv)
	}
	return cs
}

// each runs f on every back end as a subtest.
func each(t *testing.T, f func(t *testing.T, c cloud)) {
	for _, c := range clouds(t) {
		t.Run(c.name, func(t *testing.T) { f(t, c) })
	}
}

// unique makes a resource name that cannot clash with an earlier run's.
func unique(prefix string) string {
	return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano()%1e9)
}

// shapes records, per tool and back end, the shape of each successful
// result: its keys and the JSON types of their values, recursively.
var shapes = struct {
	sync.Mutex
	m map[string]map[string]map[string]string // tool → cloud → path → type
}{m: map[string]map[string]map[string]string{}}

// call calls a tool on c, requires success and records the result's shape.
func call(t *testing.T, c cloud, tool string, args map[string]any) map[string]any {
	t.Helper()
	r := c.h.Call(t, tool, args)
	if r.IsError {
		t.Fatalf("%s on %s: %s", tool, c.name, r.Text)
	}
	m := r.Map(t)
	record(tool, c, m)
	return m
}

// callErr calls a tool that must fail with code; it returns the message.
func callErr(t *testing.T, c cloud, tool string, args map[string]any, code string) string {
	t.Helper()
	r := c.h.Call(t, tool, args)
	if !r.IsError || r.ErrorCode() != code {
		t.Fatalf("%s on %s: want error %s, got %v: %s", tool, c.name, code, r.IsError, r.Text)
	}
	return r.Text
}

func record(tool string, c cloud, v any) {
	kind := "sandbox"
	if c.lab {
		kind = "lab"
	}
	shapes.Lock()
	defer shapes.Unlock()
	if shapes.m[tool] == nil {
		shapes.m[tool] = map[string]map[string]string{}
	}
	if shapes.m[tool][kind] == nil {
		shapes.m[tool][kind] = map[string]string{}
	}
	walk("", v, shapes.m[tool][kind])
}

func walk(path string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		out[path] = "object"
		for k, e := range x {
			if dataKeyed(path) {
				k = "{key}" // the keys are data (a server's network names), not shape
			}
			walk(path+"."+k, e, out)
		}
	case []any:
		out[path] = "array"
		for _, e := range x {
			walk(path+"[]", e, out)
		}
	case string:
		out[path] = "string"
	case float64, json.Number:
		out[path] = "number"
	case bool:
		out[path] = "boolean"
	case nil:
		out[path] = "null"
	}
}

// TestMain runs the scenarios, then compares the shapes the sandbox and the
// lab gave for each tool both answered.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && os.Getenv(servertest.LabEnv) != "" {
		if diffs := append(uncompared(), shapeDiffs()...); len(diffs) > 0 {
			fmt.Fprintln(os.Stderr, "the sandbox's results differ in shape from the lab's (fix the sandbox: the lab is the truth):")
			for _, d := range diffs {
				fmt.Fprintln(os.Stderr, "  "+d)
			}
			code = 1
		} else {
			fmt.Fprintf(os.Stderr, "contract: the sandbox and the lab agree on the shape of %d tools' results\n", len(shapes.m))
		}
	}
	os.Exit(code)
}

// mustCompare are the toolsets every tool of which the scenarios must run
// on both back ends (a run of one test, -run, checks only what it ran).
var mustCompare = []toolset.Toolset{network.Toolset, dns.Toolset, storage.Toolset}

// uncompared names the tools of mustCompare whose results were not seen
// on both back ends.
func uncompared() []string {
	if f := flag.Lookup("test.run"); f != nil && f.Value.String() != "" {
		return nil
	}
	var out []string
	for _, ts := range mustCompare {
		for _, tool := range ts.Tools() {
			if by := shapes.m[tool.Def.Name]; by["sandbox"] == nil || by["lab"] == nil {
				out = append(out, tool.Def.Name+": no result from both the sandbox and the lab to compare")
			}
		}
	}
	return out
}

// shapeDiffs lists the paths whose type differs, or that only one back end
// had. A key present on one side only is a difference when the other side
// had its parent object (so optional keys of absent items do not count).
func shapeDiffs() []string {
	var diffs []string
	for tool, byCloud := range shapes.m {
		sb, lab := byCloud["sandbox"], byCloud["lab"]
		if sb == nil || lab == nil {
			continue
		}
		for path, lt := range lab {
			st, ok := sb[path]
			switch {
			case !ok && sb[parent(path)] != "" && !optional(path) && !underAbsentOptional(path, sb) && !underEmptyList(path, sb):
				diffs = append(diffs, fmt.Sprintf("%s: %s is %s in the lab, missing in the sandbox", tool, path, lt))
			case ok && st != lt && st != "null" && lt != "null":
				diffs = append(diffs, fmt.Sprintf("%s: %s is %s in the lab, %s in the sandbox", tool, path, lt, st))
			}
		}
		for path, st := range sb {
			if _, ok := lab[path]; !ok && lab[parent(path)] != "" && !optional(path) && !underAbsentOptional(path, lab) && !underEmptyList(path, lab) {
				diffs = append(diffs, fmt.Sprintf("%s: %s is %s in the sandbox, missing in the lab", tool, path, st))
			}
		}
	}
	sort.Strings(diffs)
	return diffs
}

// underAbsentOptional reports whether path lies under an optional key the
// other back end's results never had: its content is then not comparable
// (the lab's project may hold an attached volume of another run, so
// list_volumes shows attachments[] there and none in the sandbox).
func underAbsentOptional(path string, other map[string]string) bool {
	for i := 1; i < len(path); i++ {
		if path[i] != '.' && path[i] != '[' {
			continue
		}
		if prefix := path[:i]; other[prefix] == "" {
			return optional(prefix)
		}
	}
	return false
}

// underEmptyList reports whether path lies under the items of a list the
// other back end's results had only empty: they tell nothing of an item's
// shape (the lab's project is shared with the other packages' lab tests,
// so list_keypairs may show their keypairs there and none in the sandbox).
func underEmptyList(path string, other map[string]string) bool {
	for i := strings.Index(path, "[]"); i >= 0; {
		items := path[:i+2]
		if other[items] == "" && other[path[:i]] == "array" {
			return true
		}
		j := strings.Index(path[i+2:], "[]")
		if j < 0 {
			break
		}
		i += 2 + j
	}
	return false
}

func parent(path string) string {
	path = strings.TrimSuffix(path, "[]")
	if i := strings.LastIndexAny(path, "."); i >= 0 {
		return strings.TrimSuffix(path[:i], "[]")
	}
	return ""
}

// optional keys are left out when they have no value (no nulls,
// no empty lists), so one back end may show them where the other does not.
// A create's estimate has a figure or a note, by what each cloud's rating
// knows.
func optional(path string) bool {
	for _, k := range []string{"next_marker", "truncated", "fault", "private_key", "description", "hint", "request_id",
		"updated_at", "attachments", "security_groups", "addresses", "key_name", "task_state", "image",
		"user", "ssh", "ssh_from", "warning", "gateway_ip", "subnets", "estimate", "key_set", "note", "floating_ip", "warnings",
		"remains_billed", "router"} {
		if strings.HasSuffix(path, "."+k) || strings.Contains(path, "."+k+".") {
			return true
		}
	}
	return false
}

// dataKeyed objects map names from the cloud's data to values.
func dataKeyed(path string) bool { return strings.HasSuffix(path, ".addresses") }

func TestUnderEmptyList(t *testing.T) {
	sandbox := map[string]string{".keypairs": "array", ".servers": "array", ".servers[]": "object", ".servers[].tags": "array"}
	for path, want := range map[string]bool{
		".keypairs[]":           true, // none in these results: nothing to compare
		".keypairs[].name":      true,
		".servers[].name":       false, // servers seen: their keys are compared
		".servers[].tags[]":     true,
		".volumes[]":            false, // no list at all: for the other checks to say
		".servers[].flavor.ram": false,
	} {
		if got := underEmptyList(path, sandbox); got != want {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}
}

func TestUnderAbsentOptional(t *testing.T) {
	sandbox := map[string]string{".volumes": "array", ".volumes[]": "object", ".volumes[].id": "string",
		".servers[].attachments": "array", ".servers[].attachments[]": "object"}
	for path, want := range map[string]bool{
		".volumes[].attachments[]":            true, // never attached in these results
		".volumes[].attachments[].server_id":  true,
		".volumes[].size":                     false, // not optional: compared
		".servers[].attachments[].device":     false, // attachments seen: their keys are compared
		".volumes[].security_groups[].name[]": true,
		".volumes[].status":                   false,
	} {
		if got := underAbsentOptional(path, sandbox); got != want {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}
}
