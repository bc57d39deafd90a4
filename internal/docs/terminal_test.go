package docs

import (
	"context"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
)

type publishArgs struct {
	Network    string   `json:"network" jsonschema:"required"`
	Groups     []string `json:"security_groups,omitempty"`
	FloatingIP bool     `json:"floating_ip,omitempty"`
	ServerID   string   `json:"server_id,omitempty"`
}

// TestToolHelpNamesOnlyReferences: an argument is said to take an ID or a
// name only when it is a string (or strings); a yes-or-no of the same name
// is not one.
func TestToolHelpNamesOnlyReferences(t *testing.T) {
	tool := mcptool.New(mcptool.Def{Name: "publish", Title: "Publish", Description: "Publish."},
		func(context.Context, publishArgs) (struct{}, error) { return struct{}{}, nil })
	help, err := ToolHelp(tool)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(help, "\nnetwork, security_groups, server_id: an ID or the exact name") {
		t.Errorf("the references are not named as such:\n%s", help)
	}
	if strings.Contains(help, "floating_ip: an ID") || strings.Contains(help, "floating_ip, ") {
		t.Errorf("a boolean is said to name a resource:\n%s", help)
	}
}
