package neutron_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// A change with a stale If-Match revision is refused as the lab refuses
// it; a current one goes through; an If-Match the route would not check is
// a 501, not a change made without it.
func TestNeutronRevisionPreconditionsAsLab(t *testing.T) {
	a := newAPI(t)
	sg := a.NewGroup("truth-sg")
	path := "/network/v2.0/security-groups/" + sg
	upd := a.JSON("PUT", path, map[string]any{"security_group": map[string]any{"description": "one"}}, 200)["security_group"].(map[string]any)
	sandboxtest.SampleKeys(t, "neutron-security-group-update.json", upd, func(m map[string]any) map[string]any { return m["security_group"].(map[string]any) })
	if upd["revision_number"] != float64(2) || upd["description"] != "one" {
		t.Errorf("update: revision %v, description %v", upd["revision_number"], upd["description"])
	}
	send := func(ifMatch string, body any) (int, []byte) {
		a.T.Helper()
		req, _ := http.NewRequest("PUT", a.URL+path, jsonBody(body))
		req.Header.Set("X-Auth-Token", a.Token)
		req.Header.Set("If-Match", ifMatch)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		return resp.StatusCode, readAll(resp)
	}
	wantStatus, wantBody := sandboxtest.SampleFault(t, "neutron-security-group-update-stale-412.txt")
	if status, b := send("revision_number=1", map[string]any{"security_group": map[string]any{"description": "two"}}); status != wantStatus || sandboxtest.NormalizeFault(string(b)) != sandboxtest.NormalizeFault(wantBody) {
		t.Errorf("stale: %d %s, the lab: %d %s", status, b, wantStatus, wantBody)
	}
	if status, b := send("revision_number=2", map[string]any{"security_group": map[string]any{"description": "three"}}); status != 200 {
		t.Errorf("current: %d %s", status, b)
	}
	req, _ := http.NewRequest("DELETE", a.URL+"/network/v2.0/security-group-rules/"+sg, nil)
	req.Header.Set("X-Auth-Token", a.Token)
	req.Header.Set("If-Match", "revision_number=1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotImplemented {
		t.Errorf("If-Match on a rule's delete: %d, want 501", resp.StatusCode)
	}
	// A field the sandbox would not apply is a 501, not a change half made.
	status, b, _ := a.Do("PUT", path, map[string]any{"security_group": map[string]any{"description": "four", "tags": []string{"x"}}})
	if status != http.StatusNotImplemented {
		t.Errorf("an unserved field: %d %s", status, b)
	}
	if d := a.JSON("GET", path, nil, 200)["security_group"].(map[string]any)["description"]; d != "three" {
		t.Errorf("after the refused change: %v", d)
	}
}

// Neutron's discovery documents list what the sandbox serves, in the
// lab's words.
func TestNeutronDiscoveryAsLab(t *testing.T) {
	a := newAPI(t)
	res := a.JSON("GET", "/network/v2.0/", nil, 200)["resources"].([]any)
	sandboxtest.SampleKeys(t, "neutron-v2.0.json", res[0].(map[string]any), func(m map[string]any) map[string]any { return m["resources"].([]any)[0].(map[string]any) })
	lab := map[string]bool{}
	for _, e := range sandboxtest.ReadSample(t, "neutron-extensions.json")["extensions"].([]any) {
		lab[e.(map[string]any)["alias"].(string)] = true
	}
	for _, e := range a.JSON("GET", "/network/v2.0/extensions", nil, 200)["extensions"].([]any) {
		if alias := e.(map[string]any)["alias"].(string); !lab[alias] {
			t.Errorf("the sandbox lists %s, which the lab has not", alias)
		}
	}
	sandboxtest.SameAsSample(t, "neutron-extension.json", a.JSON("GET", "/network/v2.0/extensions/router", nil, 200))
}

func jsonBody(v any) io.Reader {
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}

func readAll(resp *http.Response) []byte {
	b, _ := io.ReadAll(resp.Body)
	return b
}
