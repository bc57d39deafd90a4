package server

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
)

// Token is the bearer token the HTTP transports require, where it came
// from, and whether it was generated for this run.
type Token struct {
	Value     string // "" with --no-auth
	Source    string // "MCP_INFOMANIAK_AUTH_TOKEN", "file /path", "generated" or "none (--no-auth)"
	Generated bool
	Warning   string // something the operator should fix, never the token
}

// minTokenLen refuses tokens a person would guess or brute-force.
const minTokenLen = 16

// ResolveToken finds the token cfg configures: MCP_INFOMANIAK_AUTH_TOKEN,
// else the file --auth-token-file names, else one generated now (to print
// once). With --no-auth it is empty; Validate already refused --no-auth off
// loopback.
func ResolveToken(cfg config.Config) (Token, error) {
	switch {
	case cfg.NoAuth:
		return Token{Source: "none (--no-auth)"}, nil
	case cfg.AuthToken != "":
		t := strings.TrimSpace(cfg.AuthToken)
		if err := checkToken(t); err != nil {
			return Token{}, fmt.Errorf("MCP_INFOMANIAK_AUTH_TOKEN: %w", err)
		}
		return Token{Value: t, Source: "MCP_INFOMANIAK_AUTH_TOKEN"}, nil
	case cfg.AuthTokenFile != "":
		b, err := os.ReadFile(cfg.AuthTokenFile)
		if err != nil {
			return Token{}, fmt.Errorf("--auth-token-file: %w", err)
		}
		t := strings.TrimSpace(string(b))
		if err := checkToken(t); err != nil {
			return Token{}, fmt.Errorf("--auth-token-file %s: %w", cfg.AuthTokenFile, err)
		}
		tok := Token{Value: t, Source: "file " + cfg.AuthTokenFile}
		if fi, err := os.Stat(cfg.AuthTokenFile); err == nil && fi.Mode().Perm()&0o077 != 0 {
			tok.Warning = fmt.Sprintf("%s is readable by other users (mode %v): chmod 600 it", cfg.AuthTokenFile, fi.Mode().Perm())
		}
		return tok, nil
	default:
		return Token{Value: generateToken(), Source: "generated", Generated: true}, nil
	}
}

func checkToken(t string) error {
	if len(t) < minTokenLen {
		return fmt.Errorf("the token is %d characters; use at least %d (e.g. openssl rand -base64 32)", len(t), minTokenLen)
	}
	if strings.ContainsAny(t, " \t\r\n") {
		return fmt.Errorf("the token must be one line without spaces")
	}
	return nil
}

// generateToken returns 256 random bits, URL-safe.
func generateToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand panics rather than return short)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ClientSnippet is what an operator pastes into a client to reach the
// server at url with token: Claude Code's command line and the JSON most
// clients read.
func ClientSnippet(transport, url, token string) string {
	kind := "http"
	if transport == "sse" {
		kind = "sse"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "  claude mcp add --transport %s infomaniak %s", kind, url)
	if token != "" {
		fmt.Fprintf(&b, " --header \"Authorization: Bearer %s\"", token)
	}
	fmt.Fprintf(&b, "\n  {\"mcpServers\": {\"infomaniak\": {\"type\": %q, \"url\": %q", kind, url)
	if token != "" {
		fmt.Fprintf(&b, ", \"headers\": {\"Authorization\": \"Bearer %s\"}", token)
	}
	b.WriteString("}}}\n")
	return b.String()
}
