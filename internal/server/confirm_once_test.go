package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
)

// namedProbe is a destructive test tool over resources known by name, as
// the cloud's are: its question names the resource's ID, which the test
// changes to make a new resource under the same name.
type namedProbe struct {
	mu   sync.Mutex
	ids  map[string]string
	runs atomic.Int64
}

func (p *namedProbe) id(name string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ids[name]
}

func (p *namedProbe) tool() mcptool.Tool {
	return mcptool.New(mcptool.Def{Name: "destroy_named", Title: "Destroy a named probe", Effect: mcptool.Destructive,
		Toolset: "compute", Description: "Test only: destroys nothing, counts.",
		Ask: mcptool.AskWith(func(_ context.Context, a destroyArgs) (string, error) {
			return fmt.Sprintf("Delete volume %s (%s)?", a.Name, p.id(a.Name)), nil
		})},
		func(context.Context, destroyArgs) (probeResult, error) {
			p.runs.Add(1)
			return probeResult{Sent: 1}, nil
		})
}

// TestConfirmationAnswersOneQuestionOnce: an accepted state runs one call,
// for the resource the question showed: a new resource under the same
// name, a replayed state, and the losers of concurrent accepts of one state
// get the question again.
func TestConfirmationAnswersOneQuestionOnce(t *testing.T) {
	probe := &namedProbe{ids: map[string]string{"cf-1": "id-A"}}
	s := New(testConfig("http"), "test", testLogger(t), withTools([]mcptool.Tool{probe.tool()}))
	url := serveHTTP(t, s, Token{Value: testToken, Source: "test"})
	type answer struct {
		ResultType   string `json:"resultType"`
		RequestState string `json:"requestState"`
		Inputs       map[string]struct {
			Params struct {
				Message string `json:"message"`
			} `json:"params"`
		} `json:"inputRequests"`
	}
	call := func(state string) answer {
		params := map[string]any{"name": "destroy_named", "arguments": map[string]any{"name": "cf-1"},
			"_meta": map[string]any{mcp.MetaKeyProtocolVersion: mcp.ProtocolVersion20260728,
				mcp.MetaKeyClientCapabilities: map[string]any{"elicitation": map[string]any{}}}}
		if state != "" {
			params["requestState"] = state
			params["inputResponses"] = map[string]any{"confirm": map[string]any{"action": "accept"}}
		}
		body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": params})
		h := with(with(with(bearer(testToken), "Mcp-Protocol-Version", mcp.ProtocolVersion20260728), "Mcp-Method", "tools/call"), "Mcp-Name", "destroy_named")
		resp := post(t, url, string(body), h)
		b, _ := io.ReadAll(resp.Body)
		var m struct {
			Result answer `json:"result"`
		}
		if err := json.Unmarshal(b, &m); err != nil || m.Result.ResultType == "" {
			t.Errorf("%d %s", resp.StatusCode, b)
		}
		return m.Result
	}
	asked := call("")
	if asked.ResultType != "input_required" || asked.Inputs["confirm"].Params.Message != "Delete volume cf-1 (id-A)?" {
		t.Fatalf("the question: %+v", asked)
	}
	// cf-1 is deleted and made again: the accepted question was about id-A.
	probe.mu.Lock()
	probe.ids["cf-1"] = "id-B"
	probe.mu.Unlock()
	again := call(asked.RequestState)
	if again.ResultType != "input_required" || again.Inputs["confirm"].Params.Message != "Delete volume cf-1 (id-B)?" || probe.runs.Load() != 0 {
		t.Fatalf("an accept of id-A's question, with cf-1 now id-B: %+v, ran %d", again, probe.runs.Load())
	}
	if ok := call(again.RequestState); ok.ResultType != "complete" || probe.runs.Load() != 1 {
		t.Fatalf("the accepted question about id-B: %+v, ran %d", ok, probe.runs.Load())
	}
	if replay := call(again.RequestState); replay.ResultType != "input_required" || probe.runs.Load() != 1 {
		t.Fatalf("a replayed accept: %+v, ran %d", replay, probe.runs.Load())
	}

	fresh := call("")
	var wg sync.WaitGroup
	results := make([]answer, 4)
	for i := range results {
		wg.Add(1)
		go func() { defer wg.Done(); results[i] = call(fresh.RequestState) }()
	}
	wg.Wait()
	complete := 0
	for _, r := range results {
		if r.ResultType == "complete" {
			complete++
		}
	}
	if complete != 1 || probe.runs.Load() != 2 {
		t.Errorf("4 concurrent accepts of one state: %d complete, %d runs", complete, probe.runs.Load()-1)
	}
}
