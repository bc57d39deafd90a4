package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// child is the built server run over stdio, spoken to line by line.
type child struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	id  int
}

func startChild(bin string, args, env []string) (*child, error) {
	return startChildLogged(bin, args, env, nil)
}

// startChildLogged is startChild with the child's stderr (its log) in log.
func startChildLogged(bin string, args, env []string, log io.Writer) (*child, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stderr = log
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &child{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<20)}, nil
}

func (c *child) send(method string, params any, notify bool) (int, error) {
	m := map[string]any{"jsonrpc": "2.0", "method": method}
	if params != nil {
		m["params"] = params
	}
	id := 0
	if !notify {
		c.id++
		id = c.id
		m["id"] = id
	}
	b, _ := json.Marshal(m)
	_, err := c.in.Write(append(b, '\n'))
	return id, err
}

// wait reads lines until the answer to id; it returns the raw line.
func (c *child) wait(id int) ([]byte, error) {
	for {
		line, err := c.out.ReadBytes('\n')
		if err != nil {
			return nil, err
		}
		var m struct {
			ID *int `json:"id"`
		}
		if json.Unmarshal(line, &m) == nil && m.ID != nil && *m.ID == id {
			return line, nil
		}
	}
}

func (c *child) call(method string, params any) ([]byte, error) {
	id, err := c.send(method, params, false)
	if err != nil {
		return nil, err
	}
	return c.wait(id)
}

func initParams() map[string]any {
	return map[string]any{"protocolVersion": "2025-06-18", "capabilities": map[string]any{},
		"clientInfo": map[string]any{"name": "mcp-bench", "version": "1"}}
}

// hurriedChild is the built server, sent initialize and initialized
// without waiting for the answer, as a client in a hurry does: what is
// timed from its start is the whole exchange up to the next answer.
func (b *bench) hurriedChild() (*child, error) {
	c, err := startChild(b.bin, b.childArgs, b.env)
	if err != nil {
		return nil, err
	}
	c.send("initialize", initParams(), false)      //nolint:errcheck
	c.send("notifications/initialized", nil, true) //nolint:errcheck
	return c, nil
}

// handshake sends initialize and initialized, and waits for the answer.
func (c *child) handshake() error {
	if _, err := c.call("initialize", initParams()); err != nil {
		return err
	}
	_, err := c.send("notifications/initialized", nil, true)
	return err
}

// peakRSS is the child's VmHWM in bytes.
func (c *child) peakRSS() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			f := strings.Fields(l)
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

func (c *child) close() {
	c.in.Close()
	done := make(chan struct{})
	go func() { c.cmd.Wait(); close(done) }() //nolint:errcheck
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		c.cmd.Process.Kill() //nolint:errcheck
		<-done
	}
}
