package docs

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/textdiff"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

var update = flag.Bool("update", false, "rewrite docs/tools.md")

// reference is docs/tools.md as the tools define it now. The cloud has no
// credentials: it connects lazily, so nothing is contacted.
func reference(t *testing.T) []byte {
	t.Helper()
	md, err := Markdown(tools.Toolsets, tools.Toolsets.Tools())
	if err != nil {
		t.Fatal(err)
	}
	return append(md, '\n')
}

// TestToolsMarkdownIsCurrent fails when a tool was added or changed without
// regenerating the reference.
func TestToolsMarkdownIsCurrent(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "tools.md")
	want := reference(t)
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("docs/tools.md: %v\nGenerate it, from the module root, with:\n  %s", err, regenerateCommand)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("docs/tools.md is stale: the tool definitions changed; regenerate it, from the module root, with:\n  %s\nand commit it. It differs %s",
			regenerateCommand, textdiff.Lines(got, want))
	}
}

// TestMarkdownIsDeterministic: the same tools in any order give the same bytes.
func TestMarkdownIsDeterministic(t *testing.T) {
	extra1, extra2 := fixture(), fixture2()
	extra1.Def.Name, extra2.Def.Name = "fixture_one", "fixture_two" // unlike any real tool's
	all := append(tools.Toolsets.Tools(), extra1, extra2)
	a, err := Markdown(tools.Toolsets, all)
	if err != nil {
		t.Fatal(err)
	}
	rev := make([]mcptool.Tool, len(all))
	for i, tl := range all {
		rev[len(all)-1-i] = tl
	}
	for range 5 {
		b, err := Markdown(tools.Toolsets, rev)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("the reference depends on the tools' order or on map iteration")
		}
	}
}

type fixtureArgs struct {
	InstanceID string            `json:"instance_id" jsonschema:"required,minLength=1" jsonschema_description:"Server UUID or unique name."`
	RebootType string            `json:"reboot_type,omitempty" jsonschema:"enum=SOFT,enum=HARD,default=SOFT" jsonschema_description:"SOFT | HARD."`
	Wait       bool              `json:"wait,omitempty" jsonschema:"default=true"`
	Size       int               `json:"size,omitempty" jsonschema:"minimum=1,maximum=16384"`
	Names      []string          `json:"names,omitempty"`
	Metadata   map[string]string `json:"metadata,omitempty"`
}

type fixtureAttachment struct {
	ServerID string `json:"server_id"`
	Device   string `json:"device"`
}

type fixtureResult struct {
	Success     bool                `json:"success"`
	ID          string              `json:"id" jsonschema_description:"The server's UUID."`
	Attachments []fixtureAttachment `json:"attachments"`
}

func fixture() mcptool.Tool {
	return mcptool.New(mcptool.Def{Name: "reboot_instance", Title: "Reboot a server", Effect: mcptool.Write, Idempotent: true,
		Toolset: "compute", Description: "SOFT (ACPI) or HARD (power cycle) reboot of a server. Waits by default."},
		func(ctx context.Context, a fixtureArgs) (fixtureResult, error) { return fixtureResult{}, nil })
}

func fixture2() mcptool.Tool {
	return mcptool.New(mcptool.Def{Name: "restore_backup", Title: "Restore a backup", Effect: mcptool.Write, Toolset: "volume",
		Description: "Restore.", DestructiveWhen: func(json.RawMessage) bool { return true }},
		func(ctx context.Context, a struct {
			BackupID string `json:"backup_id" jsonschema:"required"`
		}) (fixtureResult, error) {
			return fixtureResult{}, nil
		})
}

// TestMarkdownShowsEverything checks one tool's section has each element the
// reference promises: effect, annotations, argument types, defaults,
// required, descriptions and result keys (nested ones too).
func TestMarkdownShowsEverything(t *testing.T) {
	md, err := Markdown(tools.Toolsets, []mcptool.Tool{fixture(), fixture2()})
	if err != nil {
		t.Fatal(err)
	}
	s := string(md)
	for _, want := range []string{
		"## Compute", "## Volume",
		"| [`reboot_instance`](#reboot_instance) | write | SOFT (ACPI) or HARD (power cycle) reboot of a server. |",
		"### reboot_instance",
		"**Reboot a server.** SOFT (ACPI) or HARD (power cycle) reboot of a server. Waits by default.",
		"- **Effect:** write; toolset `compute`",
		"- **Annotations:** `idempotentHint`, `openWorldHint`",
		"| `instance_id` | string (not empty) | yes |  | Server UUID or unique name. |",
		"| `reboot_type` | string: one of `SOFT`, `HARD` |  | `\"SOFT\"` | SOFT \\| HARD. |",
		"| `wait` | boolean |  | `true` |  |",
		"| `size` | integer (1 to 16384) |  |  |  |",
		"| `names` | array of string |  |  |  |",
		"| `metadata` | map of string to string |  |  |  |",
		"- `id` (string): The server's UUID.",
		"- `attachments` (array of object)",
		"  - `server_id` (string)",
		"destroys data with some arguments",
		"`destructiveHint`",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q", want)
		}
	}
	if t.Failed() {
		t.Log(s)
	}
}

// TestReadmeToolsetTable fails when the README's toolset table is not the
// registry's.
func TestReadmeToolsetTable(t *testing.T) {
	path := filepath.Join("..", "..", "README.md")
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := withToolsetTable(readme, tools.Toolsets)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(readme, want) {
		t.Errorf("README.md's toolset table is not tools/registry.go's; regenerate it (go generate ./...); it differs %s", textdiff.Lines(readme, want))
	}
}
