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

type listenerArg struct {
	Protocol string `json:"protocol" jsonschema:"required,enum=HTTP,enum=TCP"`
	Port     int    `json:"port" jsonschema:"required"`
	Note     string `json:"note,omitempty"`
}

type balanceArgs struct {
	Listeners []listenerArg `json:"listeners" jsonschema:"required"`
	Monitor   *listenerArg  `json:"monitor,omitempty"`
}

// TestToolHelpShowsObjectFields: an argument that is a list of objects (or
// one) says its fields and gives an example a shell passes as it is, whose
// JSON has every required field, in order.
func TestToolHelpShowsObjectFields(t *testing.T) {
	tool := mcptool.New(mcptool.Def{Name: "balance", Title: "Balance", Description: "Balance."},
		func(context.Context, balanceArgs) (struct{}, error) { return struct{}{}, nil })
	help, err := ToolHelp(tool)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\nlisteners: a list of objects with protocol (string: one of HTTP, TCP, required), port (integer, required), note (string); as JSON, e.g. listeners='[{\"protocol\":\"HTTP\",\"port\":80}]'\n",
		"\nmonitor: an object with protocol",
		"e.g. monitor='{\"protocol\":\"HTTP\",\"port\":80}'\n",
	} {
		if !strings.Contains(help, want) {
			t.Errorf("missing %q in:\n%s", want, help)
		}
	}
}
