package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Service is one OpenStack service the sandbox runs: its name (what
// Options.Without says), its catalog entries and the path its requests live
// under. The catalog is built from services, less what a sandbox was started
// without.
type Service struct {
	Name    string
	Entries []CatalogEntry
	Prefix  string // e.g. "/volume": every request under it belongs to the service
}

// CatalogEntry is one catalog entry of a service; path is relative to the
// sandbox's base URL, with {project_id} replaced by the project's ID.
type CatalogEntry struct{ Type, Name, Path string }

// services are the sandbox's services, in the catalog's order. A new
// service is its files (its routes registered from their init functions,
// as every resource's are) and one line here.
var services = []Service{
	novaService,
	glanceService,
	cinderService,
	neutronService,
	cloudkittyService,
	designateService,
	swiftService,
	s3Service,
	octaviaService,
}

// knows reports whether name is a registered service (by its name or one
// of its catalog types).
func knows(name string) bool {
	return slices.ContainsFunc(services, func(sv Service) bool { return sv.is(name) })
}

func (sv Service) is(name string) bool {
	return sv.Name == name || slices.ContainsFunc(sv.Entries, func(e CatalogEntry) bool { return e.Type == name })
}

// ServiceNames are the services a sandbox can be started without.
func ServiceNames() []string {
	names := make([]string, len(services))
	for i, sv := range services {
		names[i] = sv.Name
	}
	return names
}

// CheckWithout refuses a name in Options.Without that is no service.
func CheckWithout(names []string) error {
	for _, n := range names {
		if !knows(n) {
			return fmt.Errorf("the sandbox has no service %q: its services are %s", n, strings.Join(ServiceNames(), ", "))
		}
	}
	return nil
}

// running are the services of this sandbox.
func (s *Sandbox) running() []Service {
	return slices.DeleteFunc(slices.Clone(services), func(sv Service) bool {
		return slices.ContainsFunc(s.opts.Without, sv.is)
	})
}

// withoutServices answers a request to a service the sandbox was started
// without as a cloud that has none does: nothing is there (404).
func (s *Sandbox) withoutServices(next http.Handler) http.Handler {
	var gone []string
	for _, sv := range services {
		if slices.ContainsFunc(s.opts.Without, sv.is) {
			gone = append(gone, sv.Prefix)
		}
	}
	if len(gone) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, p := range gone {
			if r.URL.Path == p || strings.HasPrefix(r.URL.Path, p+"/") {
				http.NotFound(w, r)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
