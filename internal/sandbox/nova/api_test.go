package nova_test

import (
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// api is sandboxtest's API, with the helpers of Nova's tests as its
// methods.
type api struct{ *sandboxtest.API }

func newAPI(t *testing.T) *api { return &api{sandboxtest.New(t)} }
