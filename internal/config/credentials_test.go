package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) Env { return func(k string) string { return m[k] } }

func TestInfomaniakVariables(t *testing.T) {
	c, err := ResolveCredentials("", "", env(map[string]string{
		"INFOMANIAK_APP_CREDENTIAL_ID": "id1", "INFOMANIAK_APP_CREDENTIAL_SECRET": "s3cret"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Auth.IdentityEndpoint != DefaultAuthURL || c.Region != "dc3-a" || c.Auth.ApplicationCredentialID != "id1" {
		t.Errorf("got %+v", c)
	}
	if !c.Auth.AllowReauth {
		t.Error("re-authentication must be on")
	}
	if strings.Contains(c.Describe(), "s3cret") {
		t.Error("Describe leaks the secret")
	}
	c, err = ResolveCredentials("", "", env(map[string]string{
		"INFOMANIAK_APP_CREDENTIAL_ID": "id1", "INFOMANIAK_APP_CREDENTIAL_SECRET": "s", "INFOMANIAK_REGION": "dc4-a",
		"INFOMANIAK_AUTH_URL": "https://example.test/v3"}))
	if err != nil || c.Region != "dc4-a" || c.Auth.IdentityEndpoint != "https://example.test/v3" {
		t.Errorf("got %+v, %v", c, err)
	}
	// dc4-a is another cloud (pub2): the default auth URL follows the region.
	for _, c := range []struct{ flag, envRegion string }{{"", "dc4-a"}, {"dc4-a", ""}} {
		got, err := ResolveCredentials("", c.flag, env(map[string]string{"INFOMANIAK_APP_CREDENTIAL_ID": "i",
			"INFOMANIAK_APP_CREDENTIAL_SECRET": "s", "INFOMANIAK_REGION": c.envRegion}))
		if err != nil || got.Auth.IdentityEndpoint != DC4AuthURL || got.Region != "dc4-a" {
			t.Errorf("region %+v: %s %s %v", c, got.Auth.IdentityEndpoint, got.Region, err)
		}
	}
	if _, err := ResolveCredentials("", "", env(map[string]string{"INFOMANIAK_APP_CREDENTIAL_ID": "id1"})); err == nil {
		t.Error("a missing secret must be refused")
	}
}

// Infomaniak's openrc sets the domain and region variables that gophercloud's
// AuthOptionsFromEnv ignores.
func TestOpenrcVariables(t *testing.T) {
	c, err := ResolveCredentials("", "", env(map[string]string{
		"OS_AUTH_URL": "https://api.pub1.infomaniak.cloud/identity/v3", "OS_USERNAME": "PCU-ABC", "OS_PASSWORD": "pw",
		"OS_PROJECT_NAME": "PCP-XYZ", "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default",
		"OS_REGION_NAME": "dc4-a"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Region != "dc4-a" || c.Auth.DomainName != "Default" || c.Auth.Scope == nil ||
		c.Auth.Scope.ProjectName != "PCP-XYZ" || c.Auth.Scope.DomainName != "Default" {
		t.Errorf("got %+v scope %+v", c.Auth, c.Auth.Scope)
	}
	// The flag beats the source's region.
	c, _ = ResolveCredentials("", "dc3-a", env(map[string]string{
		"OS_AUTH_URL": "u", "OS_USERNAME": "a", "OS_PASSWORD": "p", "OS_REGION_NAME": "dc4-a"}))
	if c.Region != "dc3-a" {
		t.Errorf("region flag ignored: %s", c.Region)
	}
}

func TestOpenrcApplicationCredentialDropsScope(t *testing.T) {
	c, err := ResolveCredentials("", "", env(map[string]string{
		"OS_AUTH_URL": "u", "OS_APPLICATION_CREDENTIAL_ID": "ac", "OS_APPLICATION_CREDENTIAL_SECRET": "s",
		"OS_PROJECT_NAME": "p", "OS_USER_DOMAIN_NAME": "Default"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Auth.TenantName != "" || c.Auth.DomainName != "" || c.Auth.Scope != nil {
		t.Errorf("an application credential carries its scope; got %+v", c.Auth)
	}
}

func TestNoCredentials(t *testing.T) {
	_, err := ResolveCredentials("", "", env(nil))
	if !errors.Is(err, errNoCredentials) {
		t.Fatalf("got %v", err)
	}
	for _, want := range []string{"--cloud", "OS_*", "INFOMANIAK_APP_CREDENTIAL_ID", "--sandbox"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q", want)
		}
	}
}

func TestCloudsYAMLWinsOverEnvironment(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "clouds.yaml")
	yaml := `clouds:
  infomaniak:
    auth:
      auth_url: https://api.pub1.infomaniak.cloud/identity/v3
      application_credential_id: acid
      application_credential_secret: acsecret
    auth_type: v3applicationcredential
    region_name: dc4-a
`
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := ResolveCredentials("", "", env(map[string]string{"OS_CLOUD": "infomaniak", "OS_CLIENT_CONFIG_FILE": path,
		"INFOMANIAK_APP_CREDENTIAL_ID": "other", "INFOMANIAK_APP_CREDENTIAL_SECRET": "other"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Auth.ApplicationCredentialID != "acid" || c.Region != "dc4-a" || !strings.Contains(c.Source, "infomaniak") {
		t.Errorf("got %+v", c)
	}
	if _, err := ResolveCredentials("missing", "", env(map[string]string{"OS_CLIENT_CONFIG_FILE": path})); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("unknown entry: %v", err)
	}
}

// TestCloudsYAMLReadsOnlyTheGivenEnvironment: clouds.Parse would read
// OS_CLIENT_CONFIG_FILE, OS_REGION_NAME and OS_INTERFACE from the process; the
// Env it is given is the only environment (the process's says otherwise here).
func TestCloudsYAMLReadsOnlyTheGivenEnvironment(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clouds.yaml")
	yaml := "clouds:\n  lab:\n    auth:\n      auth_url: https://keystone.example/v3\n      application_credential_id: acid\n" +
		"      application_credential_secret: s\n    auth_type: v3applicationcredential\n    region_name: dc4-a\n"
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("OS_CLIENT_CONFIG_FILE", filepath.Join(t.TempDir(), "absent.yaml"))
	t.Setenv("OS_REGION_NAME", "process-region")
	t.Setenv("OS_INTERFACE", "admin")
	c, err := ResolveCredentials("lab", "", env(map[string]string{"OS_CLIENT_CONFIG_FILE": path}))
	if err != nil || c.Region != "dc4-a" || c.Availability != "public" {
		t.Fatalf("got region %q, interface %q, %v", c.Region, c.Availability, err)
	}
	c, err = ResolveCredentials("lab", "", env(map[string]string{"OS_CLIENT_CONFIG_FILE": path, "OS_REGION_NAME": "dc3-a", "OS_INTERFACE": "internal"}))
	if err != nil || c.Region != "dc3-a" || c.Availability != "internal" {
		t.Fatalf("with OS_REGION_NAME and OS_INTERFACE: got region %q, interface %q, %v", c.Region, c.Availability, err)
	}
}

func TestDefaultAndValidate(t *testing.T) {
	c, err := Default(env(map[string]string{"MCP_INFOMANIAK_READ_ONLY": "true", "MCP_INFOMANIAK_TOOLSETS": "compute, volume"}))
	if err != nil || !c.ReadOnly || len(c.Toolsets) != 2 || c.Toolsets[1] != "volume" {
		t.Fatalf("got %+v %v", c, err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := Default(env(map[string]string{"MCP_INFOMANIAK_READ_ONLY": "maybe"})); err == nil {
		t.Error("a bad bool must be refused")
	}
	c.Transport = "carrier-pigeon"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "stdio, sse, http") {
		t.Errorf("got %v", err)
	}
}

// No clouds.yaml at all is said so, with where it was looked for; a file
// without the entry names the file and its entries (gophercloud says only
// 'cloud "x" not found in clouds.yaml').
func TestCloudsYAMLMissingFileOrEntry(t *testing.T) {
	if _, err := os.Stat("/etc/openstack/clouds.yaml"); err == nil {
		t.Skip("this machine has /etc/openstack/clouds.yaml")
	}
	home := t.TempDir()
	_, err := ResolveCredentials("infomaniak", "", env(map[string]string{"HOME": home}))
	want := fmt.Sprintf(`clouds.yaml entry "infomaniak": no clouds.yaml was found (looked in %s, %s, /etc/openstack/clouds.yaml)`,
		filepath.Join(mustGetwd(t), "clouds.yaml"), filepath.Join(home, ".config", "openstack", "clouds.yaml"))
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "INFOMANIAK_*") {
		t.Errorf("no clouds.yaml: %v\nwant %s", err, want)
	}
	// The sandbox's entry is written by the sandbox: that is what to run.
	if _, err := ResolveCredentials("sandbox", "", env(map[string]string{"HOME": home})); err == nil ||
		!strings.HasSuffix(err.Error(), "a sandbox writes its entry as it starts: mcp-infomaniak sandbox --clouds-file clouds.yaml, in another terminal") {
		t.Errorf("no clouds.yaml for the sandbox: %v", err)
	}
	path := filepath.Join(home, ".config", "openstack", "clouds.yaml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("clouds:\n  sandbox:\n    auth: {auth_url: http://127.0.0.1:1/v3}\n  lab: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = ResolveCredentials("infomaniak", "", env(map[string]string{"HOME": home}))
	if want := `clouds.yaml entry "infomaniak": ` + path + ` has no entry "infomaniak"; its entries: lab, sandbox`; err == nil || err.Error() != want {
		t.Errorf("no entry: %v\nwant %s", err, want)
	}
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}
