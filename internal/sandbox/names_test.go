package sandbox_test

import (
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// TestNamesWithWhiteSpaceAsLab: Nova refuses a server's or a keypair's name
// with white space around it (and a keypair's with characters it does not
// take); Cinder stores names and descriptions without it.
func TestNamesWithWhiteSpaceAsLab(t *testing.T) {
	a := sandboxtest.New(t)
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "nova-server-create-name-whitespace-400.txt", Method: "POST", Path: "/compute/v2.1/servers", Body: map[string]any{"server": map[string]any{
		"name": " sample-vm3 ", "flavorRef": a.FirstID("/compute/v2.1/flavors", "flavors", "a1-ram2-disk20-perf1"),
		"imageRef": a.FirstID("/image/v2/images", "images", "Debian 12 bookworm"), "networks": "auto"}}})
	for sample, name := range map[string]string{"nova-keypair-name-whitespace-400.txt": "sample-key2 ", "nova-keypair-name-unsafe-400.txt": "sample/key"} {
		a.RefusesAsLab(sandboxtest.FaultCase{Sample: sample, Method: "POST", Path: "/compute/v2.1/os-keypairs", Body: map[string]any{"keypair": map[string]any{"name": name, "public_key": sandboxtest.SamplePublicKey}}})
	}

	lab := sandboxtest.Under("volume")(sandboxtest.ReadSample(t, "cinder-volume-create-name-whitespace-202.json"))
	vol := a.CinderJSON("POST", "/volumes", map[string]any{"volume": map[string]any{"size": 1, "name": " sample-ws-vol ", "description": " d "}}, 202)["volume"].(map[string]any)
	if vol["name"] != lab["name"] || vol["description"] != lab["description"] {
		t.Errorf("volume: the sandbox stores %q %q, the lab %q %q", vol["name"], vol["description"], lab["name"], lab["description"])
	}
	a.Clock.Advance(time.Minute)
	// Snapshots and backups as volumes (tried on the lab).
	snap := a.CinderJSON("POST", "/snapshots", map[string]any{"snapshot": map[string]any{"volume_id": vol["id"], "name": " s ", "description": " d "}}, 202)["snapshot"].(map[string]any)
	if snap["name"] != "s" || snap["description"] != "d" {
		t.Errorf("snapshot: %q %q", snap["name"], snap["description"])
	}
	a.Clock.Advance(time.Minute)
	bak := a.CinderJSON("POST", "/backups", map[string]any{"backup": map[string]any{"volume_id": vol["id"], "name": " b ", "description": " d "}}, 202)["backup"].(map[string]any)
	if bak = a.CinderJSON("GET", "/backups/"+bak["id"].(string), nil, 200)["backup"].(map[string]any); bak["name"] != "b" || bak["description"] != "d" {
		t.Errorf("backup: %q %q", bak["name"], bak["description"])
	}
}
