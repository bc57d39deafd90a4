package sandbox

import (
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cinder"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/designate"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/octavia"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/swift"
)

// services are the sandbox's services, in the catalog's order. A new
// service is its files (its routes registered from their init functions,
// as every resource's are) and one line here.
var services = []core.Service{
	novaService,
	glance.Service,
	cinder.Service,
	neutron.Service,
	cloudkittyService,
	designate.Service,
	swift.Service,
	swift.S3Service,
	octavia.Service,
}

// ServiceNames are the services a sandbox can be started without.
func ServiceNames() []string { return core.Names(services) }

// CheckWithout refuses a name in Options.Without that is no service.
func CheckWithout(names []string) error { return core.CheckWithout(services, names) }
