package server

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
)

var baseline = flag.Bool("baseline", false, "measure notification delivery over mcp-go's transports as they come, without our fixes")

// TestDeliveryBaseline measures what mcp-go v1.2.1's transports deliver when
// used as they come (notifications through the session's channel): the
// "before" figures. It only runs with -baseline, as it is expected to lose
// notifications.
func TestDeliveryBaseline(t *testing.T) {
	if !*baseline {
		t.Skip("run with -baseline")
	}
	const calls, steps = 200, 10
	newMCP := func() *mcpserver.MCPServer {
		s := mcpserver.NewMCPServer("baseline", "test", mcpserver.WithToolCapabilities(false))
		mcptool.Register(s, []mcptool.Tool{probeTool()}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
		return s
	}
	for _, conc := range []int{1, 4} {
		t.Run("stdio", func(t *testing.T) {
			srvIn, cliOut := io.Pipe()
			cliIn, srvOut := io.Pipe()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stdio := mcpserver.NewStdioServer(newMCP())
			go stdio.Listen(ctx, srvIn, srvOut)
			c := mcpclient.NewClient(transport.NewIO(cliIn, cliOut, io.NopCloser(nil)))
			startClient(t, c, mcp.LATEST_PROTOCOL_VERSION)
			t.Logf("stdio, %d in flight: %v", conc, measureDelivery(t, c, calls, steps, conc))
			c.Close()
			cliOut.Close()
		})
		for _, pv := range []string{mcp.LATEST_LEGACY_PROTOCOL_VERSION, mcp.LATEST_PROTOCOL_VERSION} {
			t.Run("http", func(t *testing.T) {
				hs := httptest.NewServer(mcpserver.NewStreamableHTTPServer(newMCP()))
				defer hs.Close()
				c, err := mcpclient.NewStreamableHttpClient(hs.URL + "/mcp")
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				startClient(t, c, pv)
				t.Logf("streamable HTTP (%s), %d in flight: %v", pv, conc, measureDelivery(t, c, calls, steps, conc))
			})
		}
		t.Run("http-eventstore", func(t *testing.T) {
			// mcp-go's own remedy: with an event store, the last notifications
			// are recorded rather than dropped (legacy protocol only).
			hs := httptest.NewServer(mcpserver.NewStreamableHTTPServer(newMCP(), mcpserver.WithEventStore(mcpserver.NewInMemoryEventStore())))
			defer hs.Close()
			c, err := mcpclient.NewStreamableHttpClient(hs.URL + "/mcp")
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			startClient(t, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
			t.Logf("streamable HTTP (%s) with mcp-go's in-memory event store, %d in flight: %v", mcp.LATEST_LEGACY_PROTOCOL_VERSION, conc, measureDelivery(t, c, calls, steps, conc))
		})
		t.Run("http-listening", func(t *testing.T) {
			hs := httptest.NewServer(mcpserver.NewStreamableHTTPServer(newMCP()))
			defer hs.Close()
			c, err := mcpclient.NewStreamableHttpClient(hs.URL+"/mcp", transport.WithContinuousListening())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			startClient(t, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
			t.Logf("streamable HTTP (%s) with a GET stream open, %d in flight: %v", mcp.LATEST_LEGACY_PROTOCOL_VERSION, conc, measureDelivery(t, c, calls, steps, conc))
		})
		t.Run("sse", func(t *testing.T) {
			hs := httptest.NewServer(mcpserver.NewSSEServer(newMCP()))
			defer hs.Close()
			c, err := mcpclient.NewSSEMCPClient(hs.URL + "/sse")
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			startClient(t, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
			t.Logf("SSE, %d in flight: %v", conc, measureDelivery(t, c, calls, steps, conc))
		})
	}
}

func startClient(t testing.TB, c *mcpclient.Client, protocolVersion string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.Start(context.Background()); err != nil { // SSE: the stream lives as long as this context
		t.Fatal(err)
	}
	if _, err := calltest.Initialize(ctx, c, protocolVersion, "test"); err != nil {
		t.Fatal(err)
	}
}
