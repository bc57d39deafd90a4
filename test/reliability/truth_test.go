package reliability

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
)

// TestErrorsUnderFaultsSayTheTruth: against a cloud that fails and loses
// replies (authentication spared), a new server's first list_volumes,
// which discovers the volume API's version, either answers or fails with
// a message that names the request that failed and how: never a missing
// endpoint, never
// gophercloud's "microversions not supported", never a timeout that did
// not happen.
func TestErrorsUnderFaultsSayTheTruth(t *testing.T) {
	sb, err := sandbox.Start("127.0.0.1:0", sandbox.Options{
		Faults: sandbox.Faults{ErrorRate: 0.5, LostReplyRate: 0.3, Seed: 15, SparePaths: []string{"/identity"}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	cfg := config.Config{Transport: "stdio", LogLevel: "info", LogFormat: "text", RequestTimeout: 5 * time.Second}
	const runs = 16
	var failed atomic.Int64
	t.Run("runs", func(t *testing.T) {
		for i := range runs {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				h := servertest.Connect(t, servertest.Credentials(sb), servertest.WithConfig(cfg), servertest.WithInstantRetries())
				start := time.Now()
				r := h.Call(t, "list_volumes", nil)
				took := time.Since(start)
				if !r.IsError {
					return
				}
				failed.Add(1)
				t.Logf("%v: %s", took.Round(time.Millisecond), r.Text)
				for _, lie := range []string{"catalog has no", "microversions not supported", "not supported by endpoint"} {
					if strings.Contains(r.Text, lie) {
						t.Errorf("says %q: %s", lie, r.Text)
					}
				}
				if !strings.Contains(r.Text, "GET /") && !strings.Contains(r.Text, `Get "`) {
					t.Errorf("does not name the request that failed: %s", r.Text)
				}
				if strings.Contains(r.Text, "did not answer within") && took < cfg.RequestTimeout {
					t.Errorf("says it waited %v after %v: %s", cfg.RequestTimeout, took.Round(time.Millisecond), r.Text)
				}
			})
		}
	})
	t.Logf("%d of %d first calls failed", failed.Load(), runs)
	if failed.Load() == 0 {
		t.Fatal("no call failed: the faults did not test anything")
	}
}
