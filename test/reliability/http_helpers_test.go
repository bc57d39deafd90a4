package reliability

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
)

// bearerToken is the MCP server's token in these tests: distinctive, so that
// the secrets test can look for it in the log.
const bearerToken = "mcp-bearer-Zq7rT2vK9xW4pL8sN3dF6hJ1"

// cloud is a sandbox served on a loopback port, with a record of every
// Keystone token it issued (the X-Subject-Token of its replies).
type cloud struct {
	*sandbox.Server

	mu     sync.Mutex
	tokens map[string]bool
}

// startCloud serves a sandbox with opts; it stops when the test ends.
func startCloud(t testing.TB, opts sandbox.Options) *cloud {
	t.Helper()
	sb := sandbox.New(opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &cloud{tokens: map[string]bool{}}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sb.ServeHTTP(&tokenRecorder{ResponseWriter: w, c: c}, r)
	})}
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	t.Cleanup(func() { srv.Close() })
	url := "http://" + ln.Addr().String()
	c.Server = &sandbox.Server{Sandbox: sb, URL: url, AuthURL: url + "/identity/v3"}
	return c
}

// Tokens returns the Keystone tokens issued so far.
func (c *cloud) Tokens() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for k := range c.tokens {
		out = append(out, k)
	}
	return out
}

type tokenRecorder struct {
	http.ResponseWriter
	c *cloud
}

func (w *tokenRecorder) WriteHeader(code int) {
	if tok := w.Header().Get("X-Subject-Token"); tok != "" {
		w.c.mu.Lock()
		w.c.tokens[tok] = true
		w.c.mu.Unlock()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *tokenRecorder) Write(b []byte) (int, error) { return w.ResponseWriter.Write(b) }

func (w *tokenRecorder) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// appCredentials are the sandbox's application credentials.
func appCredentials(t testing.TB, sb *sandbox.Server) config.Credentials {
	t.Helper()
	o := sb.Options()
	creds, err := config.ResolveCredentials("", "", func(k string) string {
		return map[string]string{
			"OS_AUTH_URL": sb.AuthURL, "OS_AUTH_TYPE": "v3applicationcredential",
			"OS_APPLICATION_CREDENTIAL_ID": o.AppCredentialID, "OS_APPLICATION_CREDENTIAL_SECRET": o.AppCredentialSecret,
			"OS_REGION_NAME": o.Region,
		}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	return creds
}

// serveMCP runs the whole server with every tool over streamable HTTP
// against creds' cloud, and returns its URL and the transport of its cloud
// client (to close its idle connections); it stops when the test ends.
func serveMCP(t testing.TB, creds config.Credentials, maxSessions int, logger *slog.Logger) (string, *http.Transport) {
	t.Helper()
	cfg, err := config.Default(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.Transport = "http"
	cfg.Listen = "127.0.0.1:0"
	cfg.ShutdownTimeout = 2 * time.Second
	cfg.RequestTimeout = 10 * time.Second
	if maxSessions > cfg.MaxSessions {
		cfg.MaxSessions = maxSessions
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32
	cloud := client.New(client.Options{Credentials: creds, Logger: logger, RequestTimeout: cfg.RequestTimeout, Transport: tr,
		Poll: client.PollInterval{Min: 10 * time.Millisecond, Max: 50 * time.Millisecond}})
	s := server.New(cfg, "test", logger, server.WithCloud(cloud))
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ServeHTTP(ctx, ln, server.Token{Value: bearerToken, Source: "test"}) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("ServeHTTP: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("ServeHTTP did not return")
		}
	})
	return server.URL(cfg.Transport, ln.Addr()), tr
}

// httpClient is what the MCP sessions of a test share: its idle connections
// can be closed at the end, before goroutines are counted.
func httpClient(t testing.TB, conns int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = conns
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// connectMCP opens an initialized streamable-HTTP session to url.
func connectMCP(ctx context.Context, hc *http.Client, url string) (*mcpclient.Client, error) {
	c, _, err := calltest.Open(ctx, "http", url, bearerToken, mcp.LATEST_PROTOCOL_VERSION, "reliability", transport.WithHTTPBasicClient(hc))
	return c, err
}

// call runs a tool and returns its result's text and whether it failed.
func call(ctx context.Context, c *mcpclient.Client, name string, args map[string]any) (*mcp.CallToolResult, string, error) {
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := c.CallTool(ctx, req)
	if err != nil {
		return nil, "", err
	}
	text := ""
	for _, ct := range res.Content {
		if tc, ok := ct.(mcp.TextContent); ok {
			text += tc.Text
		}
	}
	return res, text, nil
}
