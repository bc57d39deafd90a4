package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// firstCall: spawn → initialize → the first list_flavors answered, what an
// agent waits for on its first cloud call (the login, then the compute
// service's own requests: its version document and the list).
func (b *bench) firstCall(runs int) error {
	var ds []time.Duration
	for i := 0; i < runs; i++ {
		t0 := time.Now()
		c, err := b.hurriedChild()
		if err != nil {
			return err
		}
		id, _ := c.send("tools/call", map[string]any{"name": "list_flavors", "arguments": map[string]any{}}, false)
		line, err := c.wait(id)
		ds = append(ds, time.Since(t0))
		c.close()
		if err != nil {
			return err
		}
		var r struct {
			Result struct {
				IsError bool `json:"isError"`
			} `json:"result"`
		}
		if err := json.Unmarshal(line, &r); err != nil || r.Result.IsError {
			return fmt.Errorf("first list_flavors: %v %.300s", err, line)
		}
	}
	d := median(ds)
	value := ms(d)
	if reqs, err := b.firstCallRequests(); err == nil {
		value += "; its requests (one more run, debug log): " + reqs
	}
	b.add(fmt.Sprintf("first call: spawn → first list_flavors answered (stdio, login included, median of %d)", runs),
		value, "≤ 350 ms (on the OpenStack lab)", d <= 350*time.Millisecond, true)
	return nil
}

// firstCallRequests runs one more first call with the server's debug log and
// returns what it asked the cloud, each request with its time, in order.
func (b *bench) firstCallRequests() (string, error) {
	var log bytes.Buffer
	c, err := startChildLogged(b.bin, append(append([]string{}, b.childArgs...), "--log-level", "debug"), b.env, &log)
	if err != nil {
		return "", err
	}
	if err := c.handshake(); err == nil {
		_, err = c.call("tools/call", map[string]any{"name": "list_flavors", "arguments": map[string]any{}})
	}
	c.close()
	if err != nil {
		return "", err
	}
	var steps []string
	for _, line := range strings.Split(log.String(), "\n") {
		if !strings.Contains(line, `msg="cloud request"`) {
			continue
		}
		steps = append(steps, field(line, "method")+" "+field(line, "path")+" "+field(line, "duration_ms")+" ms")
	}
	return strings.Join(steps, ", "), nil
}

// field is key's value in a slog text line.
func field(line, key string) string {
	i := strings.Index(line, " "+key+"=")
	if i < 0 {
		return ""
	}
	v := line[i+len(key)+2:]
	if j := strings.IndexByte(v, ' '); j >= 0 {
		v = v[:j]
	}
	return v
}
