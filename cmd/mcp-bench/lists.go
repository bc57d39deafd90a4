package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/nova"
)

// listPage is one list_instances answer as the client reads it.
type listPage struct {
	line       []byte // the JSON-RPC line
	structured []byte // structuredContent, compact
	count      int
	next       string
	truncated  bool
	textSame   bool // the text content is the structured content
	took       time.Duration
}

func (c *child) listInstances(args map[string]any) (listPage, error) {
	t0 := time.Now()
	line, err := c.call("tools/call", map[string]any{"name": "list_instances", "arguments": args})
	p := listPage{line: line, took: time.Since(t0)}
	if err != nil {
		return p, err
	}
	var r struct {
		Result struct {
			IsError bool `json:"isError"`
			Content []struct {
				Text string `json:"text"`
			} `json:"content"`
			StructuredContent json.RawMessage `json:"structuredContent"`
		} `json:"result"`
	}
	if err := json.Unmarshal(line, &r); err != nil || r.Result.IsError {
		return p, fmt.Errorf("list_instances: %v %.300s", err, line)
	}
	var sc, text bytes.Buffer
	_ = json.Compact(&sc, r.Result.StructuredContent)
	if len(r.Result.Content) > 0 {
		_ = json.Compact(&text, []byte(r.Result.Content[0].Text))
	}
	p.structured = sc.Bytes()
	p.textSame = bytes.Equal(sc.Bytes(), text.Bytes())
	var l struct {
		Instances  []json.RawMessage `json:"instances"`
		NextMarker string            `json:"next_marker"`
		Truncated  bool              `json:"truncated"`
	}
	if err := json.Unmarshal(r.Result.StructuredContent, &l); err != nil {
		return p, err
	}
	p.count, p.next, p.truncated = len(l.Instances), l.NextMarker, l.Truncated
	return p, nil
}

// listInstances measures list_instances over stdio through the built
// binary: an agent's "list everything" (no arguments) on a 1,000-server
// project, what one answer weighs per server against the CLI's, and every
// page of limit=1000 over 10,000 servers (time per page at the client, the
// walk, the server's peak RSS). On a cloud, what the cloud has.
func (b *bench) listInstances() error {
	if b.sb != nil {
		nova.Seed(b.sb.Cloud, 1000)
	}
	c, err := b.readyChild()
	if err != nil {
		return err
	}
	all, err := c.listInstances(map[string]any{})
	c.close()
	if err != nil {
		return err
	}
	total := "the project's"
	if b.sb != nil {
		total = "1,000"
	}
	b.add(fmt.Sprintf("list everything: list_instances without arguments over %s servers", total),
		fmt.Sprintf("%d servers returned in %s, truncated: %v, next_marker set: %v; %d B structured, text equal to it: %v",
			all.count, ms(all.took), all.truncated, all.next != "", len(all.structured), all.textSame),
		"≤ 100 items, truncated + next_marker when more", all.count <= 100 && (all.count < 100 || all.truncated && all.next != ""), true)
	if all.count > 0 {
		per := len(all.structured) / all.count
		cliValue := "CLI not run"
		if b.haveCLI() && b.sb != nil {
			cd, out, err := b.openstack("server", "list", "--long", "-f", "json")
			if err != nil {
				b.notes = append(b.notes, err.Error())
			} else {
				cliValue = fmt.Sprintf("%d B/server (1000 servers in %s)", len(out)/1000, ms(cd))
			}
		}
		b.add("bytes per server in list_instances (structuredContent / servers)",
			fmt.Sprintf("%d B/server vs openstack server list --long -f json %s", per, cliValue), "≤ 300 B", per <= 300, true)
	}
	if b.sb != nil {
		nova.Seed(b.sb.Cloud, 9000)
	}
	return b.walkPages()
}

// walkPages follows next_marker with limit=1000 from a fresh process.
func (b *bench) walkPages() error {
	c, err := b.readyChild()
	if err != nil {
		return err
	}
	defer c.close()
	var took []time.Duration
	var walk time.Duration
	servers, marker := 0, ""
	for {
		args := map[string]any{"limit": 1000}
		if marker != "" {
			args["marker"] = marker
		}
		p, err := c.listInstances(args)
		if err != nil {
			return err
		}
		took = append(took, p.took)
		walk += p.took
		servers += p.count
		if p.next == "" || len(took) >= 100 {
			break
		}
		marker = p.next
	}
	rss := c.peakRSS()
	slowest := took[0]
	for _, d := range took {
		slowest = max(slowest, d)
	}
	b.add(fmt.Sprintf("list_instances limit=1000, every page over %d servers (stdio, %d pages)", servers, len(took)),
		fmt.Sprintf("per page median %s, slowest %s; all pages %s; server peak RSS %.1f MB",
			ms(median(took)), ms(slowest), ms(walk), float64(rss)/(1<<20)),
		"≤ 150 ms a page, all ≤ 1.5 s, RSS ≤ 40 MB",
		slowest <= 150*time.Millisecond && walk <= 1500*time.Millisecond && rss <= 40<<20, true)
	return nil
}

// readyChild is the built server, initialized and authenticated (one
// list_flavors), so that what follows measures the lists alone.
func (b *bench) readyChild() (*child, error) {
	c, err := startChild(b.bin, b.childArgs, b.env)
	if err != nil {
		return nil, err
	}
	if err := c.handshake(); err != nil {
		c.close()
		return nil, err
	}
	if _, err := c.call("tools/call", map[string]any{"name": "list_flavors", "arguments": map[string]any{}}); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}
