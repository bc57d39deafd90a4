package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
)

// destroyProbe is a destructive test tool that counts its runs and says
// what it destroys.
type destroyProbe struct{ runs atomic.Int64 }

type destroyArgs struct {
	Name string `json:"name"`
}

func (p *destroyProbe) tool() mcptool.Tool {
	return mcptool.New(mcptool.Def{Name: "destroy_probe", Title: "Destroy a probe", Effect: mcptool.Destructive,
		Toolset: "compute", Description: "Test only: destroys nothing, counts.",
		Ask: mcptool.AskWith(func(_ context.Context, a destroyArgs) (string, error) {
			return fmt.Sprintf("Delete probe %s: 20 GB, 2 snapshots?", a.Name), nil
		})},
		func(context.Context, destroyArgs) (probeResult, error) {
			p.runs.Add(1)
			return probeResult{Sent: 1}, nil
		})
}

// answering is a client's user: answers every question with action.
type answering struct {
	action mcp.ElicitationResponseAction
	mu     sync.Mutex
	asked  []string
}

func (a *answering) Elicit(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	a.mu.Lock()
	a.asked = append(a.asked, req.Params.Message)
	a.mu.Unlock()
	return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: a.action}}, nil
}

// TestConfirmation: a destructive call is put to the user of a client
// that can ask, over the stateless 2026-07-28 (input_required, the client
// retries) and 2025-11-25 (elicitation/create on the call's stream): it
// runs on accept only, decline and cancel give a cancelled result. A
// client that cannot ask runs it as before, or is refused with
// --require-confirmation.
func TestConfirmation(t *testing.T) {
	for _, version := range []string{mcp.ProtocolVersion20260728, mcp.ProtocolVersion20251125} {
		for _, require := range []bool{false, true} {
			cfg := testConfig("http")
			cfg.RequireConfirmation = require
			probe := &destroyProbe{}
			s := New(cfg, "test", testLogger(t), withTools([]mcptool.Tool{probe.tool()}))
			url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
			for _, action := range []mcp.ElicitationResponseAction{"accept", "decline", "cancel", ""} {
				name := fmt.Sprintf("%s/require=%v/%s", version, require, action)
				if action == "" {
					name = fmt.Sprintf("%s/require=%v/client without elicitation", version, require)
				}
				t.Run(name, func(t *testing.T) {
					user := &answering{action: action}
					var asks mcpclient.ElicitationHandler // none: a client without elicitation
					if action != "" {
						asks = user
					}
					c := askedClient(t, url, version, asks)
					before := probe.runs.Load()
					req := mcp.CallToolRequest{}
					req.Params.Name = "destroy_probe"
					req.Params.Arguments = map[string]any{"name": "data-1"}
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					defer cancel()
					res, err := c.CallTool(ctx, req)
					if err != nil {
						t.Fatal(err)
					}
					ran := probe.runs.Load() - before
					text := resultText(res)
					switch {
					case action == "accept" || (action == "" && !require):
						if res.IsError || ran != 1 {
							t.Errorf("ran %d times, result %s", ran, text)
						}
					case action == "":
						if !res.IsError || ran != 0 || !strings.Contains(text, "forbidden") {
							t.Errorf("without elicitation and --require-confirmation: ran %d, result %s", ran, text)
						}
					default:
						if !res.IsError || ran != 0 || !strings.HasPrefix(text, "cancelled: ") {
							t.Errorf("%s: ran %d, result %s", action, ran, text)
						}
					}
					if action != "" && (len(user.asked) != 1 || user.asked[0] != "Delete probe data-1: 20 GB, 2 snapshots?") {
						t.Errorf("the user was asked %q", user.asked)
					}
				})
			}
		}
	}
}

func resultText(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

// TestConfirmationNeedsTheQuestionsState: an accept sent without the
// signed state of a question asked for these arguments does not count (a
// client cannot approve a call it was never asked about), nor does one for
// other arguments.
func TestConfirmationNeedsTheQuestionsState(t *testing.T) {
	probe := &destroyProbe{}
	s := New(testConfig("http"), "test", testLogger(t), withTools([]mcptool.Tool{probe.tool()}))
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	call := func(name, state string) map[string]json.RawMessage {
		params := map[string]any{"name": "destroy_probe", "arguments": map[string]any{"name": name},
			"inputResponses": map[string]any{"confirm": map[string]any{"action": "accept"}}}
		if state != "" {
			params["requestState"] = state
		}
		params["_meta"] = map[string]any{
			mcp.MetaKeyProtocolVersion:    mcp.ProtocolVersion20260728,
			mcp.MetaKeyClientCapabilities: map[string]any{"elicitation": map[string]any{}},
		}
		body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": params})
		h := with(with(with(bearer(testToken), "Mcp-Protocol-Version", mcp.ProtocolVersion20260728), "Mcp-Method", "tools/call"), "Mcp-Name", "destroy_probe")
		resp := post(t, url, string(body), h)
		b, _ := io.ReadAll(resp.Body)
		var m struct {
			Result map[string]json.RawMessage `json:"result"`
		}
		if err := json.Unmarshal(b, &m); err != nil || m.Result == nil {
			t.Fatalf("%d %s", resp.StatusCode, b)
		}
		return m.Result
	}
	first := call("data-1", "")
	if string(first["resultType"]) != `"input_required"` || probe.runs.Load() != 0 {
		t.Fatalf("an unsolicited accept ran the call or was not asked again: %v", first)
	}
	var state string
	_ = json.Unmarshal(first["requestState"], &state)
	if other := call("data-2", state); string(other["resultType"]) != `"input_required"` || probe.runs.Load() != 0 {
		t.Fatalf("the state of data-1's question approved data-2: %v", other)
	}
	if ok := call("data-1", state); string(ok["resultType"]) != `"complete"` || probe.runs.Load() != 1 {
		t.Fatalf("the accepted question did not run the call: %v", ok)
	}
}

// askedClient is a streamable HTTP client of url started at version; user,
// when not nil, answers the server's questions (the elicitation capability).
func askedClient(t *testing.T, url, version string, user mcpclient.ElicitationHandler) *mcpclient.Client {
	t.Helper()
	c, err := mcpclient.NewStreamableHttpClient(url, transport.WithHTTPHeaders(bearer(testToken)))
	if err != nil {
		t.Fatal(err)
	}
	if user != nil {
		mcpclient.WithElicitationHandler(user)(c)
	}
	t.Cleanup(func() { c.Close() })
	startClient(t, c, version)
	return c
}
