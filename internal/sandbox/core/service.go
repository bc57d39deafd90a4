package core

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Service is one OpenStack service a sandbox runs: its name (what
// Options.Without says), its catalog entries and the path its requests
// live under, and what sets it apart from the others.
type Service struct {
	Name    string
	Entries []CatalogEntry
	Prefix  string // e.g. "/volume": every request under it belongs to the service
	// Routes registers the service's routes on mux, for the cloud c; the
	// state they serve is the service's own (core.State).
	Routes func(c *Cloud, mux *http.ServeMux)
	// Fault answers an error in the service's own form; nil is core.Fault,
	// Nova's and Cinder's form.
	Fault func(w http.ResponseWriter, r *http.Request, status int, msg string)
	// Around wraps every request of the cloud, whatever its service (what
	// CloudKitty's collector sees of the others); nil for none.
	Around func(c *Cloud, next http.Handler) http.Handler
	// Refuse names what of a routed request (pattern is its route) the
	// service does not serve, "" when it serves all of it.
	Refuse func(r *http.Request, pattern string) string
}

// CatalogEntry is one catalog entry of a service; Path is relative to the
// sandbox's base URL, with {project_id} replaced by the project's ID.
type CatalogEntry struct{ Type, Name, Path string }

func (sv Service) is(name string) bool {
	return sv.Name == name || slices.ContainsFunc(sv.Entries, func(e CatalogEntry) bool { return e.Type == name })
}

// Serves reports whether path is the service's.
func (sv Service) Serves(path string) bool {
	return path == sv.Prefix || strings.HasPrefix(path, sv.Prefix+"/")
}

// Names are the names of services.
func Names(services []Service) []string {
	names := make([]string, len(services))
	for i, sv := range services {
		names[i] = sv.Name
	}
	return names
}

// CheckWithout refuses a name in Options.Without that is none of
// services.
func CheckWithout(services []Service, without []string) error {
	for _, n := range without {
		if !slices.ContainsFunc(services, func(sv Service) bool { return sv.is(n) }) {
			return fmt.Errorf("the sandbox has no service %q: its services are %s", n, strings.Join(Names(services), ", "))
		}
	}
	return nil
}
