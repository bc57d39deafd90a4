package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/tools"
)

// Result shapes agree, and the descriptions say them: an action returns
// {success, ...} and a create the new object.
func TestDescriptionsSayWhatIsReturned(t *testing.T) {
	for _, tl := range tools.Toolsets.Tools() {
		var out struct {
			Properties map[string]json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(tl.OutputSchema, &out); err != nil {
			t.Fatalf("%s: %v", tl.Def.Name, err)
		}
		name, desc := tl.Def.Name, tl.Def.Description
		_, success := out.Properties["success"]
		switch {
		case success && !strings.Contains(desc, "Returns {success, "):
			t.Errorf("%s returns {success, ...} and does not say so: %q", name, desc)
		case strings.HasPrefix(name, "create_") && (success || !strings.Contains(desc, "Returns the new ")):
			t.Errorf("%s should return the new object and say so: %q", name, desc)
		}
	}
}
