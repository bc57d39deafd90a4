package scenarios

import (
	"os"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
)

// Authentication works with a password and with an application credential.
func TestAuthentication(t *testing.T) {
	cs := []cloud{sandboxCloud(t)}
	if os.Getenv(servertest.LabEnv) != "" {
		cs = append(cs, labCloud(t, "lab"), labCloud(t, "lab-appcred"))
	}
	for _, c := range cs {
		t.Run(c.name, func(t *testing.T) {
			fl := call(t, c, "list_flavors", nil)["flavors"].([]any)
			found := false
			for _, f := range fl {
				found = found || f.(map[string]any)["name"] == c.flavor
			}
			if !found {
				t.Fatalf("flavor %s not listed: %v", c.flavor, fl)
			}
		})
	}
}
