package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// Over stdio without credentials, the server starts, answers initialize
// and tools/list, and every tool call is an isError result naming the three
// ways to give credentials: a client that started it shows it connected,
// and its agent learns what to set.
func TestStdioWithoutCredentialsSaysWhatToSet(t *testing.T) {
	noCredentials(t)
	in := strings.Join([]string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_flavors","arguments":{}}}`,
		`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"delete_volume","arguments":{"volume_id":"data-1"}}}`,
	}, "\n") + "\n"
	var out, errOut bytes.Buffer
	if code := run(context.Background(), nil, strings.NewReader(in), &out, &errOut); code != 0 {
		t.Fatalf("exit %d:\n%s", code, errOut.String())
	}
	answers := map[float64]map[string]json.RawMessage{}
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var m map[string]json.RawMessage
		var id float64
		if json.Unmarshal(sc.Bytes(), &m) == nil && json.Unmarshal(m["id"], &id) == nil {
			answers[id] = m
		}
	}
	if answers[1]["result"] == nil || !strings.Contains(string(answers[2]["result"]), `"name":"list_flavors"`) {
		t.Fatalf("initialize or tools/list unanswered:\n%s", out.String())
	}
	for _, id := range []float64{3, 4} {
		var res struct {
			IsError           bool `json:"isError"`
			StructuredContent struct {
				Error struct{ Code, Message, Hint string }
			} `json:"structuredContent"`
		}
		if err := json.Unmarshal(answers[id]["result"], &res); err != nil || !res.IsError {
			t.Fatalf("call %v: %s", id, answers[id])
		}
		e := res.StructuredContent.Error
		for _, want := range []string{"--cloud NAME (or OS_CLOUD=NAME)", "OS_* variables", "INFOMANIAK_APP_CREDENTIAL_ID"} {
			if e.Code != "unauthenticated" || !strings.Contains(e.Message, want) || e.Hint == "" {
				t.Errorf("call %v does not say %q: %+v", id, want, e)
			}
		}
	}
	if !strings.Contains(errOut.String(), "no OpenStack credentials found") {
		t.Errorf("stderr does not say it:\n%s", errOut.String())
	}
	// Over HTTP, an operator starts the server: it still refuses to start.
	if code, _, errOut := runCmd(t, "", "--transport", "http", "--listen", "127.0.0.1:0"); code != 2 || !strings.Contains(errOut, "no OpenStack credentials found") {
		t.Errorf("http without credentials: exit %d: %s", code, errOut)
	}
}
