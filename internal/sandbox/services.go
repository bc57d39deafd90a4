package sandbox

import (
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cinder"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cloudkitty"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/designate"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/nova"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/octavia"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/swift"
)

// services are the sandbox's services, in the catalog's order. A new
// service is a package under internal/sandbox that declares its
// core.Service, and one line here.
var services = []core.Service{
	nova.Service,
	glance.Service,
	cinder.Service,
	neutron.Service,
	cloudkitty.Service,
	designate.Service,
	swift.Service,
	swift.S3Service,
	octavia.Service,
}

// ServiceNames are the services a sandbox can be started without.
func ServiceNames() []string { return core.Names(services) }

// CheckWithout refuses a name in Options.Without that is no service.
func CheckWithout(names []string) error { return core.CheckWithout(services, names) }
