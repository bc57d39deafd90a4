package core_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// statusSample reads a sample captured with -w '\n%{http_code}\n': the
// JSON body and the status.
func statusSample(t *testing.T, name string) (map[string]any, string) {
	t.Helper()
	b := sandboxtest.SampleBytes(t, name)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	var m map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &m); err != nil && lines[0] != "" {
		t.Fatalf("%s: %v", name, err)
	}
	return m, lines[len(lines)-1]
}

// TestEC2CredentialsAsLab makes, lists, shows and deletes an EC2
// credential as the lab's Keystone answers, and refuses another user's.
func TestEC2CredentialsAsLab(t *testing.T) {
	a := sandboxtest.New(t)
	tok := a.JSON("POST", "/identity/v3/auth/tokens", map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods": []string{"token"}, "token": map[string]any{"id": a.Token}}}}, 201)
	uid := tok["token"].(map[string]any)["user"].(map[string]any)["id"].(string)
	base := "/identity/v3/users/" + uid + "/credentials/OS-EC2"

	wantCreate, code := statusSample(t, "keystone-ec2-create-201.txt")
	if code != "201" {
		t.Fatalf("sample status %s", code)
	}
	created := a.JSON("POST", base, map[string]any{"tenant_id": a.Sandbox.ProjectID()}, 201)
	if g, w := sandboxtest.KeyList(created["credential"].(map[string]any)), sandboxtest.KeyList(wantCreate["credential"].(map[string]any)); g != w {
		t.Errorf("created: keys %s, the lab's %s", g, w)
	}
	access := created["credential"].(map[string]any)["access"].(string)
	list := a.JSON("GET", base, nil, 200)
	sandboxtest.SampleKeys(t, "keystone-ec2-list.json", list, func(m map[string]any) map[string]any { return m })
	sandboxtest.SampleKeys(t, "keystone-ec2-list.json", sandboxtest.FirstOf("credentials")(list), sandboxtest.FirstOf("credentials"))
	if got := list["credentials"].([]any); len(got) != 1 || got[0].(map[string]any)["secret"] == "" {
		t.Errorf("list: %v", got)
	}
	a.JSON("GET", base+"/"+access, nil, 200)

	wantMissing, _ := statusSample(t, "keystone-ec2-404.txt")
	missing := a.JSON("GET", base+"/no-such-access", nil, 404)
	if g, w := missing["error"].(map[string]any)["message"], wantMissing["error"].(map[string]any)["message"]; g != w {
		t.Errorf("404: %q, the lab's %q", g, w)
	}
	if status, _, _ := a.Do("DELETE", base+"/"+access, nil); status != 204 {
		t.Errorf("delete: %d", status)
	}
	a.JSON("DELETE", base+"/"+access, nil, 404)
	a.JSON("GET", "/identity/v3/users/someone-else/credentials/OS-EC2", nil, 403)
}

// TestEC2DelegatedAsLab: a token an application credential got may not
// list or make EC2 credentials, in Keystone's words; deleting one it does
// not have is the 404 all the same (keystone-ec2-appcred-*).
func TestEC2DelegatedAsLab(t *testing.T) {
	a := sandboxtest.New(t)
	o := a.Sandbox.Options()
	tok := a.JSON("POST", "/identity/v3/auth/tokens", map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods": []string{"token"}, "token": map[string]any{"id": a.Token}}}}, 201)
	uid := tok["token"].(map[string]any)["user"].(map[string]any)["id"].(string)
	base := "/identity/v3/users/" + uid + "/credentials/OS-EC2"
	a.JSON("POST", base, map[string]any{"tenant_id": a.Sandbox.ProjectID()}, 201) // one to hide, made with the password's token
	status, _, resp := a.Do("POST", "/identity/v3/auth/tokens", map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods": []string{"application_credential"}, "application_credential": map[string]any{"id": o.AppCredentialID, "secret": o.AppCredentialSecret}}}})
	if status != 201 {
		t.Fatalf("application credential login: %d", status)
	}
	a.Token = resp.Header.Get("X-Subject-Token")
	for _, c := range []struct {
		method, path, sample string
		body                 any
	}{
		{"GET", base, "keystone-ec2-appcred-list-403.txt", nil},
		{"POST", base, "keystone-ec2-appcred-create-403.txt", map[string]any{"tenant_id": a.Sandbox.ProjectID()}},
		{"DELETE", base + "/no-such-access", "keystone-ec2-appcred-delete-404.txt", nil},
	} {
		want, code := statusSample(t, c.sample)
		got := a.JSON(c.method, c.path, c.body, map[string]int{"403": 403, "404": 404}[code])
		if g, w := got["error"].(map[string]any)["message"], want["error"].(map[string]any)["message"]; g != w {
			t.Errorf("%s %s: %q, the lab's %q", c.method, c.path, g, w)
		}
	}
}
