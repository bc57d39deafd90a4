package calltest

import (
	"context"
	"testing"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"
)

// Initialize opens the MCP session of c in protocol version, the client
// calling itself name.
func Initialize(ctx context.Context, c *mcpclient.Client, version, name string) (*mcp.InitializeResult, error) {
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = version
	init.Params.ClientInfo = mcp.Implementation{Name: name, Version: "1"}
	return c.Initialize(ctx, init)
}

// NewHTTP makes a client of url over transport kind ("sse", else
// streamable HTTP) that sends token as its bearer (none when empty); opts
// go to the streamable HTTP transport. It is not started.
func NewHTTP(kind, url, token string, opts ...transport.StreamableHTTPCOption) (*mcpclient.Client, error) {
	headers := map[string]string{}
	if token != "" {
		headers["Authorization"] = "Bearer " + token
	}
	if kind == "sse" {
		return mcpclient.NewSSEMCPClient(url, transport.WithHeaders(headers))
	}
	return mcpclient.NewStreamableHttpClient(url, append(opts, transport.WithHTTPHeaders(headers))...)
}

// Open is NewHTTP, started, with its session initialized (Initialize): a
// client ready to call, closed again when any step fails. ctx bounds the
// initialization; an SSE stream lives on its context, so it is started
// without ctx's cancellation.
func Open(ctx context.Context, kind, url, token, version, name string, opts ...transport.StreamableHTTPCOption) (*mcpclient.Client, *mcp.InitializeResult, error) {
	c, err := NewHTTP(kind, url, token, opts...)
	if err != nil {
		return nil, nil, err
	}
	if err := c.Start(context.WithoutCancel(ctx)); err != nil {
		c.Close()
		return nil, nil, err
	}
	res, err := Initialize(ctx, c, version, name)
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	return c, res, nil
}

// InProcess is a client of s in this process, its notifications handed to
// onNote, started and initialized in the latest protocol; it is closed when
// the test ends.
func InProcess(t testing.TB, s *mcpserver.MCPServer, name string, onNote func(mcp.JSONRPCNotification)) *mcpclient.Client {
	t.Helper()
	c, err := mcpclient.NewInProcessClient(s)
	if err != nil {
		t.Fatal(err)
	}
	c.OnNotification(onNote)
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := Initialize(ctx, c, mcp.LATEST_PROTOCOL_VERSION, name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
