package main

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
)

// A server listening on every interface prints a URL a teammate can use:
// this machine's name, never the wildcard address, which would connect
// them to their own machine.
func TestAnnouncedURLNamesThisMachine(t *testing.T) {
	noCredentials(t)
	old := hostname
	t.Cleanup(func() { hostname = old })
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the announcement is all this test needs: serve ends at once
	for _, c := range []struct {
		listen, name string
		err          error
		want         string
	}{
		{"0.0.0.0:0", "buildhost", nil, `claude mcp add --transport http infomaniak http://buildhost:\d+/mcp`},
		{"[::]:0", "buildhost", nil, `claude mcp add --transport http infomaniak http://buildhost:\d+/mcp`},
		{"0.0.0.0:0", "", errors.New("no name"), `infomaniak http://THIS-HOST:\d+/mcp(.|\n)*replace THIS-HOST`},
	} {
		hostname = func() (string, error) { return c.name, c.err }
		var out, errOut bytes.Buffer
		code := run(ctx, []string{"--sandbox", "--transport", "http", "--listen", c.listen}, strings.NewReader(""), &out, &errOut)
		got := errOut.String()
		if code != 0 || !regexp.MustCompile(c.want).MatchString(got) {
			t.Errorf("--listen %s (host name %q): exit %d, want %s:\n%s", c.listen, c.name, code, c.want, got)
		}
		for _, line := range strings.Split(got, "\n") {
			if !strings.HasPrefix(line, "time=") && (strings.Contains(line, "http://[::]") || strings.Contains(line, "http://0.0.0.0")) {
				t.Errorf("--listen %s: a wildcard address to connect to: %s", c.listen, line)
			}
		}
		if c.err == nil && !strings.Contains(got, "buildhost is this machine's host name") {
			t.Errorf("--listen %s: the URL's host is not explained:\n%s", c.listen, got)
		}
	}
}
