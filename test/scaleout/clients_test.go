package scaleout

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
)

// mcpClient is one MCP client through the load balancer, with the
// progress notifications it received, by progress token.
type mcpClient struct {
	*mcpclient.Client
	version string

	mu       sync.Mutex
	progress map[string]int
}

// sharedHTTP is one connection pool for all the clients of a test, as
// many agents behind one egress would be; its keep-alive connections go
// to HAProxy, which balances each request, not each connection.
func sharedHTTP(t testing.TB) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// connect initializes a client speaking version through url.
func connect(ctx context.Context, hc *http.Client, url, version string) (*mcpClient, error) {
	c, res, err := calltest.Open(ctx, "http", url, token, version, "scaleout", transport.WithHTTPBasicClient(hc))
	if err != nil {
		return nil, err
	}
	if res.ProtocolVersion != version {
		c.Close()
		return nil, fmt.Errorf("negotiated %s, want %s", res.ProtocolVersion, version)
	}
	mc := &mcpClient{Client: c, version: version, progress: map[string]int{}}
	c.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method != "notifications/progress" {
			return
		}
		if tok, ok := n.Params.AdditionalFields["progressToken"].(string); ok {
			mc.mu.Lock()
			mc.progress[tok]++
			mc.mu.Unlock()
		}
	})
	return mc, nil
}

// progressOf is how many progress notifications arrived for tok.
func (c *mcpClient) progressOf(tok string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.progress[tok]
}

// call runs a tool; a non-empty progressToken asks for progress.
func (c *mcpClient) call(ctx context.Context, name string, args map[string]any, progressToken string) (*mcp.CallToolResult, error) {
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	if progressToken != "" {
		req.Params.Meta = &mcp.Meta{ProgressToken: progressToken}
	}
	return c.CallTool(ctx, req)
}

// callErr is the call's failure, a protocol error or an isError result.
func callErr(res *mcp.CallToolResult, err error) error {
	if err != nil {
		return err
	}
	if res.IsError {
		return fmt.Errorf("isError: %v", res.Content)
	}
	return nil
}

// versions alternate between the stateless protocol and the last one with
// sessions, the one whose second request used to fail on another replica.
var versions = []string{mcp.ProtocolVersion20260728, mcp.ProtocolVersion20251125}

// createArgs is a server to create, named after the client and call.
func createArgs(client, call int) map[string]any {
	return map[string]any{"name": fmt.Sprintf("lb-%d-%d", client, call), "flavor": "a1-ram2-disk20-perf1",
		"image": "Fedora CoreOS 40", "network": "private"}
}

// waitProgress waits until tok has a progress notification or ctx ends.
func (c *mcpClient) waitProgress(ctx context.Context, tok string) bool {
	for ctx.Err() == nil {
		if c.progressOf(tok) > 0 {
			return true
		}
		select {
		case <-ctx.Done():
		case <-time.After(10 * time.Millisecond): // deadline poll on the notification count
		}
	}
	return false
}
