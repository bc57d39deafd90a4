package mcptool

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/progress"
)

// Allow decides whether a tool exists for this server, and whether a given
// call of it may run (args are validated and defaulted; nil at list time).
// One predicate serves tools/list and tools/call, so a hidden tool cannot be
// called.
type Allow func(def Def, args json.RawMessage) bool

// MCPTool is t as mcp-go declares it, with raw schemas and all four hints.
// The title is the tool's own (MCP 2025-06-18 on), not repeated in the
// annotations: every byte of tools/list is sent to every client.
func (t Tool) MCPTool() mcp.Tool {
	mt := mcp.NewToolWithRawSchema(t.Def.Name, t.Def.Description, t.InputSchema)
	mt.Title = t.Def.Title
	mt.RawOutputSchema = t.OutputSchema
	mt.Annotations = mcp.ToolAnnotation{
		ReadOnlyHint:    mcp.ToBoolPtr(t.Def.Effect == Read),
		DestructiveHint: mcp.ToBoolPtr(t.Def.Effect == Destructive || t.Def.DestructiveWhen != nil),
		IdempotentHint:  mcp.ToBoolPtr(t.Def.Effect == Read || t.Def.Idempotent),
		OpenWorldHint:   mcp.ToBoolPtr(true),
	}
	return mt
}

// Register adds the tools that allow admits (all when allow is nil) to s.
// Destructive calls are confirmed by a person as confirm says (confirm.go).
func Register(s *server.MCPServer, tools []Tool, allow Allow, log *slog.Logger, confirm ...ConfirmPolicy) {
	if log == nil {
		log = slog.Default()
	}
	var policy ConfirmPolicy
	if len(confirm) > 0 {
		policy = confirm[0]
	}
	var st []server.ServerTool
	for _, t := range tools {
		if allow != nil && !allow(t.Def, nil) {
			continue
		}
		st = append(st, server.ServerTool{Tool: t.MCPTool(), Handler: handler(t, allow, policy, log)})
	}
	s.AddTools(st...)
}

// Handler is t's tools/call handler, for a server that registers it
// itself (one tool over several clouds, internal/server).
func Handler(t Tool, allow Allow, policy ConfirmPolicy, log *slog.Logger) server.ToolHandlerFunc {
	return handler(t, allow, policy, log)
}

func handler(t Tool, allow Allow, policy ConfirmPolicy, log *slog.Logger) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		start := time.Now()
		raw, err := json.Marshal(req.GetRawArguments())
		if err != nil {
			return errorResult(fault.Errorf(fault.CodeInvalidArgument, "arguments: %v", err)), nil
		}
		if allow != nil && t.Def.DestructiveWhen != nil {
			if args, err := t.Arguments(raw); err == nil && !allow(t.Def, args) {
				e := RefusedDestructive(t.Def.Name)
				logCall(ctx, log, t, time.Since(start), raw, nil, e, "refused")
				return errorResult(e), nil
			}
		}
		if t.MayDestroy() {
			if res := confirmCall(ctx, t, raw, req, policy, log, start); res != nil {
				return res, nil
			}
		}
		if req.Params.Meta != nil && req.Params.Meta.ProgressToken != nil {
			ctx = progress.With(ctx, progressSender(ctx, req.Params.Meta.ProgressToken))
		}
		res, err := t.InvokeAudited(ctx, raw, log)
		if err != nil {
			return errorResult(fault.Classify(err)), nil
		}
		return successResult(res)
	}
}

// RefusedDestructive is the refusal of a call whose arguments would destroy
// data (DestructiveWhen) under --disable-destructive: one wording for the
// server and the call command.
func RefusedDestructive(tool string) *fault.Error {
	return fault.Errorf(fault.CodeForbidden,
		"%s with these arguments would destroy data, which this server is configured to refuse", tool).
		WithHint("the server runs with --disable-destructive")
}

// InvokeAudited is invoke followed by the call's audit line: what every call
// does, through the server or the call command.
func (t Tool) InvokeAudited(ctx context.Context, raw json.RawMessage, log *slog.Logger) (any, error) {
	start := time.Now()
	if log == nil {
		log = slog.Default()
	}
	res, err := t.invoke(ctx, raw, log)
	logCall(ctx, log, t, time.Since(start), raw, res, err, "")
	return res, err
}

// Notifier delivers one notification to the client of the request in ctx,
// and returns only once the notification is queued on the same ordered path
// as the request's result: a notification it accepted reaches the client
// before that result. The transports install one (internal/server); without
// one, notifications go through mcp-go's session channel, which on mcp-go
// v1.2 may write them after the result or drop them.
type Notifier func(ctx context.Context, method string, params map[string]any) error

type notifierKey struct{}

// WithNotifier returns ctx carrying n, for the tool calls made under it.
func WithNotifier(ctx context.Context, n Notifier) context.Context {
	return context.WithValue(ctx, notifierKey{}, n)
}

// notify sends a notification for the call in ctx: through the transport's
// Notifier if there is one, else through mcp-go's session.
func notify(ctx context.Context, method string, params map[string]any) error {
	if n, ok := ctx.Value(notifierKey{}).(Notifier); ok && n != nil {
		return n(ctx, method, params)
	}
	if srv := server.ServerFromContext(ctx); srv != nil {
		return srv.SendNotificationToClient(ctx, method, params)
	}
	return nil
}

// progressSender sends notifications/progress for one request. MCP wants
// progress to increase strictly; equal values are nudged up. Sends are
// serialised, so the client sees them in the order they were reported.
func progressSender(ctx context.Context, token mcp.ProgressToken) progress.Reporter {
	var mu sync.Mutex
	last := -1.0
	return func(p, total float64, msg string) {
		mu.Lock()
		defer mu.Unlock()
		if p <= last {
			p = last + 0.001
		}
		last = p
		params := map[string]any{"progressToken": token, "progress": p}
		if total > 0 {
			params["total"] = total
		}
		if msg != "" {
			params["message"] = msg
		}
		_ = notify(ctx, "notifications/progress", params)
	}
}

func successResult(res any) (*mcp.CallToolResult, error) {
	b, err := json.Marshal(res)
	if err != nil {
		return errorResult(fault.Errorf(fault.CodeInternal, "encoding the result: %v", err)), nil
	}
	return &mcp.CallToolResult{
		Content:           []mcp.Content{mcp.NewTextContent(string(b))},
		StructuredContent: json.RawMessage(b),
	}, nil
}

// ErrorPayload is the structured content of a failed call.
type ErrorPayload struct {
	Error *fault.Error `json:"error"`
}

// ErrorResult is e as the isError result of a call, for a server that
// refuses calls before any tool runs.
func ErrorResult(e *fault.Error) *mcp.CallToolResult { return errorResult(e) }

func errorResult(e *fault.Error) *mcp.CallToolResult {
	b, _ := json.Marshal(ErrorPayload{Error: e})
	return &mcp.CallToolResult{
		IsError:           true,
		Content:           []mcp.Content{mcp.NewTextContent(e.Code + ": " + e.Error())},
		StructuredContent: json.RawMessage(b),
	}
}

// logCall is the audit trail: every call that may change the cloud is
// logged at info (reads at debug) with the tool, its arguments with secrets
// redacted, the id and status it resolved to or produced, the outcome, the
// duration, and the OpenStack request id of a failure. outcome is "ok" or
// "error" when empty; "refused" for a call the safety settings stopped.
func logCall(ctx context.Context, log *slog.Logger, t Tool, d time.Duration, raw json.RawMessage, res any, err error, outcome string) {
	level := slog.LevelDebug
	if t.Def.Effect != Read {
		level = slog.LevelInfo
	}
	if !log.Enabled(ctx, level) {
		return
	}
	attrs := []any{"tool", t.Def.Name, "effect", t.Def.Effect.String(), "args", auditArgs(raw)}
	if err != nil {
		ce := fault.Classify(err)
		if outcome == "" {
			outcome = "error"
		}
		attrs = append(attrs, "outcome", outcome, "code", ce.Code, "message", ce.Message)
		if ce.RequestID != "" {
			attrs = append(attrs, "request_id", ce.RequestID)
		}
	} else {
		attrs = append(attrs, "outcome", "ok")
		attrs = append(attrs, resultIDs(res)...)
	}
	attrs = append(attrs, "duration_ms", d.Milliseconds())
	log.Log(ctx, level, "tool call", attrs...)
}

// sensitiveKeys name arguments whose values never reach a log: cloud-init
// user data, SSH keys, passwords, secrets and tokens. A key containing one of
// these (application_credential_secret, admin_password) is redacted too.
var sensitiveKeys = []string{"user_data", "public_key", "private_key", "password", "passwd", "admin_pass", "secret", "token"}

func sensitive(key string) bool {
	k := strings.ToLower(key)
	for _, s := range sensitiveKeys {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

// maxAuditString bounds one argument's length in a log line.
const maxAuditString = 256

// auditArgs is the call's arguments with sensitive values replaced by
// "[redacted]" at any depth and long strings cut: a JSON object in JSON
// logs, a map in text logs.
func auditArgs(raw json.RawMessage) any {
	if len(raw) == 0 || string(raw) == "null" {
		return map[string]any{}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return "[unparsable arguments]"
	}
	return redact(v)
}

func redact(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if sensitive(k) && val != nil && val != "" {
				out[k] = "[redacted]"
			} else {
				out[k] = redact(val)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = redact(val)
		}
		return out
	case string:
		if len(x) > maxAuditString {
			return x[:maxAuditString] + "...[truncated]"
		}
		return x
	default:
		return v
	}
}

// resultIDs picks what the call resolved to or made from its result: the
// top-level id (the server, volume, backup acted on or created) and status.
func resultIDs(res any) []any {
	b, err := json.Marshal(res)
	if err != nil {
		return nil
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(b, &top) != nil {
		return nil
	}
	var out []any
	for _, k := range []string{"id", "status"} {
		var s string
		if json.Unmarshal(top[k], &s) == nil && s != "" {
			out = append(out, k, s)
		}
	}
	return out
}
