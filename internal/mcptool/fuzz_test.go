package mcptool_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"hash/fnv"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// fuzzTools are every tool of both toolsets, over a cloud that is never
// contacted: only argument decoding runs here, never a handler.
var fuzzTools = tools.Toolsets.Tools()

// FuzzToolArguments feeds arbitrary bytes to the argument decoding and
// validation of every tool (the tool is picked by name, the first input; a
// name the fuzzer made up picks one by its hash, see fuzzTool): it never
// panics; a refusal is an invalid_argument error of one line; what it
// accepts is a JSON object that validates again unchanged, and that the
// safety filter's DestructiveWhen can read.
func FuzzToolArguments(f *testing.F) {
	seeds := []string{
		``, `null`, `{}`, `[]`, `"x"`, `1`, `{"name":"x"}`, `{"bogus":1}`,
		`{"name":"app","flavor":"a1-ram2-disk20-perf1","image":"Debian 12 bookworm","network":"ext-net1","key_name":"k","user_data":"#!/bin/sh\necho hi\n"}`,
		`{"size":1,"name":"data","wait":false,"timeout_seconds":60}`,
		`{"volume_id":"data","instance_id":"app"}`,
		`{"backup_id":"b","volume_id":"v","name":"restored"}`,
		`{"instance_id":"app","type":"HARD"}`,
		`{"limit":1000,"marker":"x","status":"ACTIVE"}`,
		`{"volume_id":"v","new_size":2}`,
		`{"name":"k","public_key":"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHpcYDlpvEARu2JcxEdFobudypZl/Z7MEn+pkackgFIP e2e@example"}`,
		`{"size":1e400}`, `{"size":-1}`, `{"size":1.5}`, `{"name":"` + strings.Repeat("n", 300) + `"}`,
		`{"wait":"yes"}`, `{"timeout_seconds":null}`, `{"name":"\u0000\ud800"}`, `{"a":{"b":[[[[[]]]]]}}`,
	}
	for _, tool := range fuzzTools {
		for _, s := range seeds {
			f.Add(tool.Def.Name, []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, name string, raw []byte) {
		tool := fuzzTool(name)
		args, err := tool.Arguments(json.RawMessage(raw))
		if err != nil {
			var ce *fault.Error
			if !errors.As(err, &ce) {
				t.Fatalf("%s: unclassified error %T: %v", tool.Def.Name, err, err)
			}
			if ce.Code != fault.CodeInvalidArgument {
				t.Fatalf("%s: code %s for bad arguments: %v", tool.Def.Name, ce.Code, ce)
			}
			if ce.Message == "" || strings.ContainsAny(ce.Message, "\r\n") {
				t.Fatalf("%s: message %q", tool.Def.Name, ce.Message)
			}
			return
		}
		var obj map[string]any
		dec := json.NewDecoder(bytes.NewReader(args))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil || obj == nil {
			t.Fatalf("%s: accepted %q as %q, not a JSON object (%v)", tool.Def.Name, raw, args, err)
		}
		again, err := tool.Arguments(args)
		if err != nil {
			t.Fatalf("%s: %q accepted, but its defaulted form %q refused: %v", tool.Def.Name, raw, args, err)
		}
		if !jsonEqual(args, again) {
			t.Fatalf("%s: defaults applied twice differ: %s, then %s", tool.Def.Name, args, again)
		}
		if tool.Def.DestructiveWhen != nil {
			tool.Def.DestructiveWhen(args)
		}
	})
}

// fuzzTool is the tool of that name, or for any other name one picked by
// the name's hash: seeds stay on their tool when tools are added, and a
// mutated name still reaches every tool.
func fuzzTool(name string) mcptool.Tool {
	for _, tl := range fuzzTools {
		if tl.Def.Name == name {
			return tl
		}
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return fuzzTools[int(h.Sum32()%uint32(len(fuzzTools)))]
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	da, db := json.NewDecoder(bytes.NewReader(a)), json.NewDecoder(bytes.NewReader(b))
	da.UseNumber()
	db.UseNumber()
	if da.Decode(&x) != nil || db.Decode(&y) != nil {
		return false
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return bytes.Equal(ja, jb)
}
