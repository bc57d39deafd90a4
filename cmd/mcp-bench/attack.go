package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// slowBodyAttack runs the binary with --sandbox --transport http and opens
// n connections from 127.0.0.2, each announcing a 100,000-byte body it never
// sends, half of them with the token. For dur it
// samples the server's descriptors and RSS, and times a new client's
// initialize + tools/list from 127.0.0.1; then it closes everything.
func slowBodyAttack(bin string, n int, dur time.Duration) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	var raw [24]byte
	_, _ = rand.Read(raw[:])
	token := hex.EncodeToString(raw[:])
	cmd := exec.Command(bin, "--sandbox", "--transport", "http", "--listen", addr, "--log-level", "error")
	cmd.Env = append(os.Environ(), "MCP_INFOMANIAK_AUTH_TOKEN="+token)
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	pid := cmd.Process.Pid
	url := "http://" + addr + "/mcp"
	var lat time.Duration
	for deadline := time.Now().Add(20 * time.Second); ; {
		if lat, err = newClientLatency(url, token); err == nil {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the server did not come up: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	fds0, rss0 := procFDs(pid), procRSS(pid)

	var opened, held atomic.Int64
	var conns []net.Conn
	var mu sync.Mutex
	start := time.Now()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for i := range n {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := slowBody(addr, i%2 == 0, token)
			if err != nil {
				return
			}
			opened.Add(1)
			held.Add(1)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go func() { // counts the connection as released when the server closes it
				_, _ = bufio.NewReader(c).ReadString(0)
				held.Add(-1)
			}()
		}()
	}
	wg.Wait()
	dialed := time.Since(start)

	var lats []time.Duration
	peakFDs, peakRSS, peakHeld := fds0, rss0, int64(0)
	for end := time.Now().Add(dur); time.Now().Before(end); {
		peakFDs, peakRSS, peakHeld = max(peakFDs, procFDs(pid)), max(peakRSS, procRSS(pid)), max(peakHeld, held.Load())
		l, err := newClientLatency(url, token)
		if err != nil {
			l = 10 * time.Second // failed: counted as the timeout
		}
		lats = append(lats, l)
		time.Sleep(200 * time.Millisecond)
	}
	stillHeld := held.Load()
	for _, c := range conns {
		c.Close()
	}
	sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
	fmt.Printf("| Measure | Value |\n|---|---|\n")
	fmt.Printf("| attacking connections opened (from 127.0.0.2, half with the token) | %d of %d, in %v |\n", opened.Load(), n, dialed.Round(time.Millisecond))
	fmt.Printf("| attacking connections still open at the end of %v | %d (peak %d) |\n", dur, stillHeld, peakHeld)
	fmt.Printf("| server descriptors: before, peak | %d, %d |\n", fds0, peakFDs)
	fmt.Printf("| server RSS: before, peak | %.1f MB, %.1f MB |\n", float64(rss0)/1e6, float64(peakRSS)/1e6)
	fmt.Printf("| new client initialize + tools/list: before; during (median, max of %d) | %v; %v, %v |\n",
		len(lats), lat.Round(time.Microsecond), lats[len(lats)/2].Round(time.Microsecond), lats[len(lats)-1].Round(time.Microsecond))
	return nil
}

// slowBody sends the headers of a POST /mcp announcing a body, and one byte of it.
func slowBody(addr string, withToken bool, token string) (net.Conn, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	auth := ""
	if withToken {
		auth = "Authorization: Bearer " + token + "\r\n"
	}
	_, err = fmt.Fprintf(c, "POST /mcp HTTP/1.1\r\nHost: %s\r\n%sContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{", addr, auth)
	if err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// newClientLatency is the time a new streamable HTTP client takes to
// initialize and list the tools.
func newClientLatency(url, token string) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	t0 := time.Now()
	c, err := mcpclient.NewStreamableHttpClient(url, transport.WithHTTPHeaders(map[string]string{"Authorization": "Bearer " + token}))
	if err != nil {
		return 0, err
	}
	defer c.Close()
	if err := c.Start(ctx); err != nil {
		return 0, err
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_LEGACY_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "mcp-bench", Version: "1"}
	if _, err := c.Initialize(ctx, init); err != nil {
		return 0, err
	}
	if _, err := c.ListTools(ctx, mcp.ListToolsRequest{}); err != nil {
		return 0, err
	}
	return time.Since(t0), nil
}

func procFDs(pid int) int {
	ents, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	return len(ents)
}

func procRSS(pid int) int64 {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			kb, _ := strconv.ParseInt(strings.Fields(l)[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}
