package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// weighToolsList weighs the tools/list answer (the JSON-RPC line) of the
// default toolsets: the tools' count, what a model reads of them (compact
// JSON of name, description and inputSchema) and the whole answer.
func (b *bench) weighToolsList(line []byte) {
	var r struct {
		Result struct {
			Tools []json.RawMessage `json:"tools"`
		} `json:"result"`
	}
	if err := json.Unmarshal(line, &r); err != nil || len(r.Result.Tools) == 0 {
		b.notes = append(b.notes, fmt.Sprintf("tools/list: %v %.200s", err, line))
		return
	}
	type weighed struct {
		name         string
		visible, all int
	}
	var ws []weighed
	visible := 0
	for _, raw := range r.Result.Tools {
		var t struct {
			Name        string          `json:"name"`
			Description string          `json:"description"`
			InputSchema json.RawMessage `json:"inputSchema"`
		}
		_ = json.Unmarshal(raw, &t)
		var in bytes.Buffer
		_ = json.Compact(&in, t.InputSchema)
		t.InputSchema = in.Bytes()
		v, _ := json.Marshal(t)
		var all bytes.Buffer
		_ = json.Compact(&all, raw)
		ws = append(ws, weighed{t.Name, len(v), all.Len()})
		visible += ws[len(ws)-1].visible
	}
	n := len(ws)
	size := len(bytes.TrimSpace(line))
	b.add("default tools", fmt.Sprintf("%d", n), "≤ 40", n <= 40, true)
	b.add(fmt.Sprintf("model-visible bytes (name, description, inputSchema; %d tools)", n),
		fmt.Sprintf("%d B, %d B a tool", visible, visible/n), "≤ 250 B a tool", visible <= 250*n, true)
	b.add("tools/list on the wire (whole JSON-RPC answer)", fmt.Sprintf("%d B (%.1f KB)", size, float64(size)/1024),
		"≤ 24 KB", size <= 24*1024, true)
	sort.Slice(ws, func(i, j int) bool { return ws[i].visible > ws[j].visible })
	var big []string
	for _, w := range ws[:min(5, n)] {
		big = append(big, fmt.Sprintf("%s %d B (%d B with output schema and annotations)", w.name, w.visible, w.all))
	}
	b.add("biggest tools, model-visible", strings.Join(big, ", "), "", false, false)
}
