package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
)

// TestAuthURLUserinfoNeverShown: an auth URL with userinfo
// (https://user:pass@host/identity/v3) works, and neither the user nor the
// password appears in a log line, an error, a hint or the call's output,
// whatever the failure: none, a closed port, no Keystone there, a refused
// application credential, a URL that does not parse.
func TestAuthURLUserinfoNeverShown(t *testing.T) {
	sb, err := sandbox.Start("127.0.0.1:0", sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	o := sb.Options()
	notKeystone := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(notKeystone.Close)
	// Port 0 refuses every dial and no listener can have it: a port closed
	// for the test could be taken by a parallel test's sandbox.
	const closedAddr = "127.0.0.1:0"

	const user, pass = "alice-userinfo", "s3cr3t-in-the-url"
	withUserinfo := func(base string) string { return strings.Replace(base, "http://", "http://"+user+":"+pass+"@", 1) }
	password := map[string]string{"OS_USERNAME": o.Username, "OS_PASSWORD": o.Password, "OS_PROJECT_NAME": o.Project,
		"OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default", "OS_REGION_NAME": o.Region}
	appCred := map[string]string{"OS_APPLICATION_CREDENTIAL_ID": o.AppCredentialID, "OS_APPLICATION_CREDENTIAL_SECRET": "wrong-secret",
		"OS_REGION_NAME": o.Region}
	for _, tc := range []struct {
		name, authURL string
		env           map[string]string
		args          []string
		wantExit      int
	}{
		{"works", withUserinfo(sb.AuthURL), password, []string{"call", "list_flavors"}, 0},
		{"serve logs at start", withUserinfo(sb.AuthURL), password, []string{"serve"}, 0},
		{"closed port", withUserinfo("http://" + closedAddr + "/identity/v3"), password, []string{"call", "list_flavors"}, 1},
		{"no Keystone", withUserinfo(notKeystone.URL + "/identity/v3"), password, []string{"call", "list_flavors"}, 1},
		{"refused application credential", withUserinfo(sb.AuthURL), appCred, []string{"call", "list_flavors"}, 1},
		{"does not parse", withUserinfo("http://127.0.0.1:port/identity/v3"), password, []string{"call", "list_flavors"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			noCredentials(t)
			env := map[string]string{"OS_AUTH_URL": tc.authURL}
			for k, v := range tc.env {
				env[k] = v
			}
			getenv = func(k string) string { return env[k] }
			code, out, errOut := runCmd(t, "", append(tc.args[:1:1], append([]string{"--log-level", "debug"}, tc.args[1:]...)...)...)
			t.Logf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
			if code != tc.wantExit {
				t.Errorf("exit %d, want %d", code, tc.wantExit)
			}
			for _, secret := range []string{user, pass} {
				if strings.Contains(out, secret) || strings.Contains(errOut, secret) {
					t.Errorf("%q appears in the output", secret)
				}
			}
			if tc.wantExit != 0 && !strings.Contains(out+errOut, "127.0.0.1") {
				t.Errorf("the error does not say which auth URL failed")
			}
		})
	}
}
