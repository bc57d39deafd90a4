package sandbox_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// statusSample reads a sample captured with -w '\n%{http_code}\n': the
// JSON body and the status.
func statusSample(t *testing.T, name string) (map[string]any, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(samplesDir, name))
	if err != nil {
		t.Fatal(err)
	}
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
	a := newAPI(t)
	tok := a.json("POST", "/identity/v3/auth/tokens", map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods": []string{"token"}, "token": map[string]any{"id": a.token}}}}, 201)
	uid := tok["token"].(map[string]any)["user"].(map[string]any)["id"].(string)
	base := "/identity/v3/users/" + uid + "/credentials/OS-EC2"

	wantCreate, code := statusSample(t, "keystone-ec2-create-201.txt")
	if code != "201" {
		t.Fatalf("sample status %s", code)
	}
	created := a.json("POST", base, map[string]any{"tenant_id": a.sb.ProjectID()}, 201)
	if g, w := keyList(created["credential"].(map[string]any)), keyList(wantCreate["credential"].(map[string]any)); g != w {
		t.Errorf("created: keys %s, the lab's %s", g, w)
	}
	access := created["credential"].(map[string]any)["access"].(string)
	list := a.json("GET", base, nil, 200)
	sampleKeys(t, "keystone-ec2-list.json", list, func(m map[string]any) map[string]any { return m })
	sampleKeys(t, "keystone-ec2-list.json", firstOf("credentials")(list), firstOf("credentials"))
	if got := list["credentials"].([]any); len(got) != 1 || got[0].(map[string]any)["secret"] == "" {
		t.Errorf("list: %v", got)
	}
	a.json("GET", base+"/"+access, nil, 200)

	wantMissing, _ := statusSample(t, "keystone-ec2-404.txt")
	missing := a.json("GET", base+"/no-such-access", nil, 404)
	if g, w := missing["error"].(map[string]any)["message"], wantMissing["error"].(map[string]any)["message"]; g != w {
		t.Errorf("404: %q, the lab's %q", g, w)
	}
	if status, _, _ := a.do("DELETE", base+"/"+access, nil); status != 204 {
		t.Errorf("delete: %d", status)
	}
	a.json("DELETE", base+"/"+access, nil, 404)
	a.json("GET", "/identity/v3/users/someone-else/credentials/OS-EC2", nil, 403)
}
