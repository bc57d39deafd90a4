package reliability

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/calltest"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
)

// Real-looking secrets, distinctive enough that a hit is no accident.
const (
	secretPassword  = "Pw7!kQ2#xR9vL4mZ-pr0d-cl0ud"
	secretAppCred   = "AC-sEcReT-3fJ8pQ1wX6zN2bV7tY4u"
	secretUserData  = "USERDATA-MARKER-d41f9a7c2e"
	secretDBPass    = "db-pass-Hk3Lm9Qw"
	keystoneTokenRE = `gAAAAA[0-9A-Za-z_-]{8,}`
)

// TestNoSecretInLogs runs a full scenario over streamable HTTP with the
// server logging at debug, once with a password and once with an
// application credential, with tokens that expire mid-scenario and a burst
// of reads under faults (retries are logged), then scans every log line for
// the password, the application-credential secret, every Keystone token
// the cloud issued, the MCP bearer token, the user_data and the generated
// private key.
func TestNoSecretInLogs(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"password", "application credential"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			opts := sandbox.Options{Username: "ops@example.ch", Password: secretPassword, Project: "PCP-XYZ42",
				AppCredentialID: "5c8a0d6b1f2e4a7f9b3c6d8e0a1b2c3d", AppCredentialSecret: secretAppCred,
				BuildDelay: 100 * time.Millisecond, ActionDelay: 30 * time.Millisecond}
			sb := startCloud(t, opts)
			creds := servertest.Credentials(sb.Server)
			if mode != "password" {
				creds = appCredentials(t, sb.Server)
			}
			logs := &calltest.Buffer{}
			logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			url, _ := serveMCP(t, creds, 0, logger)
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			c, err := connectMCP(ctx, httpClient(t, 4), url)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()

			// The tokens end twice mid-scenario: the re-authentications
			// are logged too.
			privateKey, userData := secretScenario(ctx, t, c, sb.RevokeTokens)
			faultyReads(t, creds, logger)

			lines := bytes.Split(logs.Bytes(), []byte("\n"))
			if len(lines) < 20 {
				t.Fatalf("only %d log lines: is the debug log on?\n%s", len(lines), logs.Bytes())
			}
			secrets := map[string]string{
				"password":                      secretPassword,
				"application credential secret": secretAppCred,
				"MCP bearer token":              bearerToken,
				"user_data":                     secretUserData,
				"user_data (base64)":            base64.StdEncoding.EncodeToString([]byte(userData)),
				"a secret inside user_data":     secretDBPass,
			}
			tokens := sb.Tokens()
			if len(tokens) < 3 {
				t.Errorf("the cloud issued %d tokens (its count: %d): expected a re-authentication after each revocation", len(tokens), sb.Stats().Tokens)
			}
			for i, tok := range tokens {
				secrets["Keystone token "+string(rune('a'+i%26))] = tok
			}
			for i, l := range keyBodyLines(t, privateKey) {
				secrets["private key line "+string(rune('a'+i%26))] = l
			}
			hits := scanLog(lines, secrets)
			for _, h := range hits {
				t.Error(h)
			}
			t.Logf("%s: %d log lines scanned for %d secrets (%d Keystone tokens issued): %d hits",
				mode, len(lines), len(secrets)+1, len(tokens), len(hits))
		})
	}
}

// scanLog returns, for each log line holding one of secrets (by name) or
// something shaped like a Keystone token, what it holds and the line.
func scanLog(lines [][]byte, secrets map[string]string) []string {
	tokenFormat := regexp.MustCompile(keystoneTokenRE)
	var hits []string
	for n, line := range lines {
		// JSON escapes some characters: look at the raw line and at its
		// decoded values.
		texts := []string{string(line), decodedValues(line)}
		for what, s := range secrets {
			for _, text := range texts {
				if strings.Contains(text, s) {
					hits = append(hits, fmt.Sprintf("log line %d has the %s: %s", n+1, what, line))
					break
				}
			}
		}
		if tokenFormat.Match(line) {
			hits = append(hits, fmt.Sprintf("log line %d has something shaped like a Keystone token: %s", n+1, line))
		}
	}
	return hits
}

// The scan finds what it looks for, however the JSON handler escaped it.
func TestSecretScanFindsSecrets(t *testing.T) {
	logs := &calltest.Buffer{}
	l := slog.New(slog.NewJSONHandler(logs, nil))
	l.Info("clean", "user", "ops@example.ch")
	l.Info("leak", "body", `{"auth":{"password":"`+secretPassword+`"}}`)
	l.Info("leak", "ud", "line\n"+secretUserData+"<&>")
	l.Info("leak", "hdr", "X-Auth-Token: gAAAAABmZ3x9_q-1")
	hits := scanLog(bytes.Split(logs.Bytes(), []byte("\n")), map[string]string{
		"password": secretPassword, "user_data": secretUserData + "<&>"})
	if len(hits) != 3 {
		t.Fatalf("want 3 hits, got %d: %q", len(hits), hits)
	}
}

// secretScenario creates and deletes a keypair, a server with user_data and
// a volume attached to it; it returns the private key and the user_data.
func secretScenario(ctx context.Context, t *testing.T, c *mcpclient.Client, revokeTokens func()) (string, string) {
	t.Helper()
	must := func(tool string, args map[string]any) map[string]any {
		t.Helper()
		res, text, err := call(ctx, c, tool, args)
		if err != nil {
			t.Fatalf("%s: %v", tool, err)
		}
		if res.IsError {
			t.Fatalf("%s: %s", tool, text)
		}
		raw, _ := json.Marshal(res.StructuredContent)
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %s", tool, raw)
		}
		return m
	}
	for _, tool := range []string{"list_flavors", "list_images", "list_networks", "list_availability_zones", "list_keypairs"} {
		must(tool, nil)
	}
	revokeTokens()
	key := must("create_keypair", map[string]any{"name": "deploy"})
	privateKey, _ := key["private_key"].(string)
	if !strings.Contains(privateKey, "PRIVATE KEY") {
		t.Fatalf("create_keypair returned no private key: %v", key)
	}
	userData := "#cloud-config\nwrite_files:\n  - path: /etc/app.env\n    content: |\n      MARKER=" + secretUserData +
		"\n      DB_PASSWORD=" + secretDBPass + "\n"
	srv := must("create_instance", map[string]any{"name": "web-1", "flavor": "a1-ram2-disk20-perf1",
		"image": "Debian 12 bookworm", "network": "ext-net1", "key_name": "deploy", "user_data": userData})
	id, _ := srv["id"].(string)
	revokeTokens()
	must("get_instance", map[string]any{"instance_id": id})
	must("list_instances", nil)
	vol := must("create_volume", map[string]any{"name": "data", "size": 1})
	volID, _ := vol["id"].(string)
	must("attach_volume", map[string]any{"volume_id": volID, "instance_id": "web-1"})
	must("get_volume", map[string]any{"volume_id": "data"})
	must("detach_volume", map[string]any{"volume_id": volID, "instance_id": "web-1"})
	// A failure and a refusal are logged too.
	if res, _, err := call(ctx, c, "get_instance", map[string]any{"instance_id": "no-such-server"}); err != nil || !res.IsError {
		t.Fatalf("get_instance of nothing: %v %+v", err, res)
	}
	if res, _, err := call(ctx, c, "create_volume", map[string]any{"size": 0}); err != nil || !res.IsError {
		t.Fatalf("create_volume of size 0: %v %+v", err, res)
	}
	must("delete_volume", map[string]any{"volume_id": volID})
	must("delete_instance", map[string]any{"instance_id": id})
	must("delete_keypair", map[string]any{"name": "deploy"})
	return privateKey, userData
}

// faultyReads logs retries: reads against the same credentials' cloud with
// 30% of the answers failing, through a second server on the same logger.
func faultyReads(t *testing.T, creds config.Credentials, logger *slog.Logger) {
	t.Helper()
	sb := startCloud(t, sandbox.Options{Username: "ops@example.ch", Password: secretPassword, Project: "PCP-XYZ42",
		AppCredentialID: "5c8a0d6b1f2e4a7f9b3c6d8e0a1b2c3d", AppCredentialSecret: secretAppCred,
		Faults: sandbox.Faults{ErrorRate: 0.2, RateLimitRate: 0.02, DropRate: 0.08, Seed: 42}})
	creds.Auth.IdentityEndpoint = sb.AuthURL
	url, _ := serveMCP(t, creds, 0, logger)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c, err := connectMCP(ctx, httpClient(t, 2), url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for range 10 {
		if res, text, err := call(ctx, c, "list_images", nil); err != nil || res.IsError { // reaches the cloud each time
			t.Fatalf("list_images under faults: %v %s", err, text)
		}
	}
}

// keyBodyLines are the base64 lines of a PEM or OpenSSH private key.
func keyBodyLines(t *testing.T, key string) []string {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(strings.NewReader(key))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "-----") {
			continue
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		t.Fatalf("no body in the private key %q", key)
	}
	return out
}

// decodedValues is every string value of a JSON log line, joined.
func decodedValues(line []byte) string {
	var m map[string]any
	if json.Unmarshal(line, &m) != nil {
		return ""
	}
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString(v)
			b.WriteByte('\n')
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(m)
	return b.String()
}
