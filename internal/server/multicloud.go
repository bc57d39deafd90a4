package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/localfiles"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// NamedCloud is one cloud of a server that serves several (--cloud a,b):
// its own client, so its own token and caches.
type NamedCloud struct {
	Name     string
	Cloud    *client.Cloud
	ReadOnly bool // only reads on this cloud (--read-only-clouds)
}

// cloudArg is the argument that picks the cloud of a call.
const cloudArg = "cloud"

// registerClouds registers the tools once, each call bound to its cloud
// (client.Bind) with the services its toolset needs. With several clouds,
// or one that is read-only, each tool has an optional "cloud" argument (one
// of the names, default the first) and its result says which cloud
// answered.
func registerClouds(cfg config.Config, all []mcptool.Tool, clouds []NamedCloud) func(*server.MCPServer, *slog.Logger) {
	return func(s *server.MCPServer, logger *slog.Logger) {
		allow, policy := Policy(cfg), mcptool.ConfirmPolicy{Require: cfg.RequireConfirmation, Wait: confirmationWait(cfg)}
		names := make([]string, len(clouds))
		for i, c := range clouds {
			names[i] = c.Name
		}
		several := len(clouds) > 1 || len(clouds) == 1 && clouds[0].ReadOnly
		var st []server.ServerTool
		for _, t := range all {
			if !allow(t.Def, nil) {
				continue
			}
			mt, h := t.MCPTool(), mcptool.Handler(t, allow, policy, logger)
			h = withFilesRoots(cfg.FilesRoots, h)
			need := tools.Toolsets.Services(t.Def.Toolset)
			switch {
			case several:
				mt.RawInputSchema = withCloudArg(mt.RawInputSchema, names)
				h = dispatch(t.Def, clouds, need, h)
			case len(clouds) == 1:
				h = bindTo(clouds[0].Cloud, need, h)
			}
			st = append(st, server.ServerTool{Tool: mt, Handler: h})
		}
		s.AddTools(st...)
	}
}

// withFilesRoots lets every call of h use the files under roots
// (--files-root), and no others.
func withFilesRoots(roots []string, h server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return h(localfiles.WithRoots(ctx, roots), req)
	}
}

// bindTo runs every call of h on cloud.
func bindTo(cloud *client.Cloud, need []client.Service, h server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return h(client.Bind(ctx, cloud, need), req)
	}
}

// withCloudArg adds the optional "cloud" property to an input schema.
func withCloudArg(schema json.RawMessage, names []string) json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(schema, &m) != nil {
		return schema
	}
	props := map[string]json.RawMessage{}
	if raw, ok := m["properties"]; ok {
		_ = json.Unmarshal(raw, &props)
	}
	props[cloudArg], _ = json.Marshal(map[string]any{"type": "string", "enum": names,
		"description": "Cloud (default " + names[0] + ")"})
	m["properties"], _ = json.Marshal(props)
	out, err := json.Marshal(m)
	if err != nil {
		return schema
	}
	return out
}

// dispatch runs a call on the cloud its "cloud" argument names.
func dispatch(def mcptool.Def, clouds []NamedCloud, need []client.Service, h server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		// RawArguments first: the handler reads them (exact numbers).
		raw, _ := json.Marshal(req.GetRawArguments())
		args := map[string]json.RawMessage{}
		_ = json.Unmarshal(raw, &args) // invalid arguments stay for the tool to refuse
		i := 0
		if v, ok := args[cloudArg]; ok {
			var name string
			_ = json.Unmarshal(v, &name)
			i = slices.IndexFunc(clouds, func(c NamedCloud) bool { return c.Name == name })
			if i < 0 {
				return mcptool.ErrorResult(fault.Errorf(fault.CodeInvalidArgument, "cloud %s is not one of this server's: %s", v, cloudNames(clouds))), nil
			}
			delete(args, cloudArg)
			req.Params.RawArguments, _ = json.Marshal(args)
			req.Params.Arguments = nil
		}
		c := clouds[i]
		if c.ReadOnly && def.Effect != mcptool.Read {
			return stampCloud(mcptool.ErrorResult(fault.Errorf(fault.CodeForbidden, "cloud %s is read-only on this server: %s is refused", c.Name, def.Name).
				WithHint("--read-only-clouds names it")), c.Name), nil
		}
		res, err := h(client.Bind(mcptool.WithCloud(ctx, c.Name), c.Cloud, need), req)
		if err != nil || res == nil {
			return res, err
		}
		return stampCloud(res, c.Name), nil
	}
}

func cloudNames(clouds []NamedCloud) string {
	names := make([]string, len(clouds))
	for i, c := range clouds {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// stampCloud adds "cloud" to a result's structured content (and to its
// text, when that is the same JSON).
func stampCloud(res *mcp.CallToolResult, name string) *mcp.CallToolResult {
	if res.StructuredContent == nil {
		return res
	}
	b, err := json.Marshal(res.StructuredContent)
	var m map[string]json.RawMessage
	if err != nil || json.Unmarshal(b, &m) != nil {
		return res
	}
	m[cloudArg], _ = json.Marshal(name)
	out, err := json.Marshal(m)
	if err != nil {
		return res
	}
	stamped := *res
	stamped.StructuredContent = json.RawMessage(out)
	if len(res.Content) == 1 {
		if tc, ok := res.Content[0].(mcp.TextContent); ok && strings.TrimSpace(tc.Text) == strings.TrimSpace(string(b)) {
			stamped.Content = []mcp.Content{mcp.NewTextContent(string(out))}
		}
	}
	return &stamped
}
