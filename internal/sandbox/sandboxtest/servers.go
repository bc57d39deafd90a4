package sandboxtest

import (
	"encoding/json"
	"strings"
)

// Server is Nova's view of server id.
func (a *API) Server(id string) map[string]any {
	a.T.Helper()
	return a.JSON("GET", "/compute/v2.1/servers/"+id, nil, 200)["server"].(map[string]any)
}

// CreateServer asks Nova for a server of the smallest flavor, on image and
// network (names), with the extra fields of the request, and checks the
// answer's Location and admin password.
func (a *API) CreateServer(name, image, network string, extra map[string]any) string {
	a.T.Helper()
	body := map[string]any{"name": name, "flavorRef": a.FirstID("/compute/v2.1/flavors", "flavors", "a1-ram2-disk20-perf1"),
		"imageRef": a.FirstID("/image/v2/images", "images", image),
		"networks": []map[string]string{{"uuid": a.FirstID("/network/v2.0/networks", "networks", network)}}}
	for k, v := range extra {
		body[k] = v
	}
	status, b, resp := a.Do("POST", "/compute/v2.1/servers", map[string]any{"server": body})
	if status != 202 {
		a.T.Fatalf("create: %d %s", status, b)
	}
	var m map[string]map[string]any
	_ = json.Unmarshal(b, &m)
	id := m["server"]["id"].(string)
	if !strings.HasSuffix(resp.Header.Get("Location"), "/compute/v2.1/servers/"+id) || m["server"]["adminPass"] == "" {
		a.T.Fatalf("create answer: %s, Location %q", b, resp.Header.Get("Location"))
	}
	return id
}
