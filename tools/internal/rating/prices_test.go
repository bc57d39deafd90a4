package rating

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
)

func usePrices(t *testing.T, content string) error {
	t.Helper()
	path := filepath.Join(t.TempDir(), "prices.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pricesMu.Lock(); prices = nil; pricesMu.Unlock() })
	return UsePrices(path)
}

// servicesOf is the services of a sandbox started without some of its own.
func servicesOf(t *testing.T, without ...string) *client.Services {
	t.Helper()
	sb, err := sandbox.Start("", sandbox.Options{Without: without})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	s, err := client.New(client.Options{Credentials: credentials(t, sb)}).Services(context.Background(), client.Compute)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func credentials(t *testing.T, sb *sandbox.Server) config.Credentials {
	t.Helper()
	creds, err := config.ResolveCredentials("", "", sb.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	return creds
}

// A cloud whose rating gives no price: the --prices table does, converted
// to ICU from the unit it is written in, and the estimate names the file.
func TestEstimateFromPriceFile(t *testing.T) {
	if err := usePrices(t, `{"unit": "CHF", "flavors": {"a1-ram2-disk20-perf1": 0.01}, "volume_types": {"CEPH_1_perf1": 0.0001}, "floating_ip": 0.003, "load_balancer": 0.02}`); err != nil {
		t.Fatal(err)
	}
	s := servicesOf(t, "rating")
	e := EstimateOf(context.Background(), s, Instance("a1-ram2-disk20-perf1"))
	if !strings.HasPrefix(e.Source, "the prices file ") || e.ICUHour != 0.5 || e.CHFHour != 0.01 || e.CHF30Days != 7.2 {
		t.Errorf("estimate %+v, want CHF 0.01 an hour (0.5 ICU) from the file", e)
	}
	if e := EstimateOf(context.Background(), s, Volume("CEPH_1_perf1", 100)); e.CHFHour != 0.01 {
		t.Errorf("100 GiB at CHF 0.0001: %+v", e)
	}
	if e := EstimateOf(context.Background(), s, Instance("not-in-the-file")); e.Source != "" || !strings.Contains(e.Note, "no rating service") {
		t.Errorf("a flavor the file lacks has no figure: %+v", e)
	}
	if e := EstimateOf(context.Background(), s, LoadBalancer(), FloatingIP()); !strings.HasPrefix(e.Source, "the prices file ") || e.CHFHour != 0.023 || e.ICUHour != 1.15 {
		t.Errorf("a load balancer and its floating IP: CHF 0.02 and 0.003 an hour from the file: %+v", e)
	}
	if e := EstimateOf(context.Background(), s, LoadBalancer(), Instance("not-in-the-file")); e.Source != "" || e.ICUHour != 0 ||
		!strings.Contains(e.Note, "no price known for the server of flavor not-in-the-file: the cloud has no rating service") {
		t.Errorf("a part without a price leaves no figure (it would understate), and names the part: %+v", e)
	}
}

func TestPriceFileRefusals(t *testing.T) {
	for content, want := range map[string]string{
		`{"flavours": {}}`: `unknown field "flavours"`,
		`{"unit": "USD"}`:  `unit "USD" is none of ICU, CHF and EUR`,
		`not json`:         `"flavors": {"NAME": PRICE_PER_HOUR}`,
	} {
		if err := usePrices(t, content); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", content, err, want)
		}
	}
	if err := UsePrices(filepath.Join(t.TempDir(), "none.json")); err == nil || !strings.Contains(err.Error(), "--prices") {
		t.Errorf("a missing file: %v", err)
	}
}

func TestInICU(t *testing.T) {
	if m := InICU(55.5); m.ICU != 55.5 || m.CHF != 1.11 || m.EUR != 1 {
		t.Errorf("55.5 ICU: %+v, want CHF 1.11 and EUR 1", m)
	}
}
