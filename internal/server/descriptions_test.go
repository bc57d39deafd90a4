package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// Result shapes agree with what the server's instructions say once for
// every tool: an action returns {success, ...}, a create the new object
// (descriptions leave it to the output schema: the default tools are held
// to a byte budget).
func TestResultsAsInstructionsSay(t *testing.T) {
	const said = "A create returns the new resource, a change {success, id, status, ...}"
	if !strings.Contains(instructions(testConfig("stdio")), said) {
		t.Errorf("the instructions do not say %q", said)
	}
	for _, tl := range tools.Toolsets.Tools() {
		var out struct {
			Properties map[string]json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(tl.OutputSchema, &out); err != nil {
			t.Fatalf("%s: %v", tl.Def.Name, err)
		}
		_, success := out.Properties["success"]
		if strings.HasPrefix(tl.Def.Name, "create_") && success {
			t.Errorf("%s returns {success, ...}: a create returns the new object", tl.Def.Name)
		}
	}
}

// The instructions name each toolset left out, in one line with the word
// that turns it on, so that an agent can tell its user; an enabled one is
// not named so.
func TestInstructionsNameWhatIsOff(t *testing.T) {
	def := instructions(testConfig("stdio"))
	for _, ts := range tools.Toolsets {
		line := "Off: " + ts.Name + ", "
		switch on := strings.Contains(def, line); {
		case ts.Default && on:
			t.Errorf("%s is on by default, yet the instructions say it is off", ts.Name)
		case !ts.Default && (!on || !strings.Contains(def, "--toolsets ...,"+ts.Name+" turns it on.")):
			t.Errorf("the instructions do not name %s, off by default:\n%s", ts.Name, def)
		}
	}
	cfg := testConfig("stdio")
	cfg.Toolsets = tools.Toolsets.Names()
	if all := instructions(cfg); strings.Contains(all, "Off: ") {
		t.Errorf("every toolset is on, yet: %s", all)
	}
}
