package main

import (
	"encoding/json"
	"fmt"
	"time"
)

// firstCall: spawn → initialize → the first list_flavors answered, what an
// agent waits for on its first cloud call (the login, then the compute
// service's own requests: its version document and the list).
func (b *bench) firstCall(runs int) error {
	var ds []time.Duration
	for i := 0; i < runs; i++ {
		t0 := time.Now()
		c, err := startChild(b.bin, b.childArgs, b.env)
		if err != nil {
			return err
		}
		c.send("initialize", initParams(), false)      //nolint:errcheck
		c.send("notifications/initialized", nil, true) //nolint:errcheck
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
	b.add(fmt.Sprintf("first call: spawn → first list_flavors answered (stdio, login included, median of %d)", runs),
		ms(d), "≤ 350 ms (on the OpenStack lab)", d <= 350*time.Millisecond, true)
	return nil
}
