package network

import (
	"context"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

type consoleLogArgs struct {
	InstanceID string `json:"instance_id" jsonschema:"required,minLength=1"`
	Lines      int    `json:"lines" jsonschema:"minimum=1,maximum=1000,default=50"`
}

// ConsoleLog is the end of a server's serial console.
type ConsoleLog struct {
	InstanceID string `json:"instance_id"`
	Lines      int    `json:"lines" jsonschema_description:"How many lines output holds."`
	Output     string `json:"output"`
}

func getInstanceConsoleLog() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "get_instance_console_log", Title: "Get a server's console log", Effect: mcptool.Read,
		Description: "Get a server's console log tail (boot, cloud-init)."},
		func(ctx context.Context, svc *client.Services, a consoleLogArgs) (ConsoleLog, error) {
			srv, err := kit.Server(ctx, svc, a.InstanceID)
			if err != nil {
				return ConsoleLog{}, err
			}
			out, err := servers.ShowConsoleOutput(ctx, svc.Compute, srv.ID, servers.ShowConsoleOutputOpts{Length: a.Lines}).Extract()
			if err != nil {
				return ConsoleLog{}, err
			}
			out = strings.TrimRight(out, "\n")
			n := 0
			if out != "" {
				n = strings.Count(out, "\n") + 1
			}
			return ConsoleLog{InstanceID: srv.ID, Lines: n, Output: out}, nil
		})
}
