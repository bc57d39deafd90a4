package storage

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// Swift's limits on names (its /info: max_container_name_length,
// max_object_name_length), in bytes.
const (
	maxContainerName = 256
	maxObjectName    = 1024
)

// checkContainer refuses a container name Swift refuses, or one a path
// cannot carry, before anything is sent.
func checkContainer(name string) error {
	switch {
	case name == "":
		return fault.Errorf(fault.CodeInvalidArgument, "a container name is needed")
	case len(name) > maxContainerName:
		return fault.Errorf(fault.CodeInvalidArgument, "container name is %d bytes long; Swift takes at most %d", len(name), maxContainerName).
			WithHint("use a shorter name")
	case strings.Contains(name, "/"):
		return fault.Errorf(fault.CodeInvalidArgument, "container name %q has a '/': a container name cannot", name).
			WithHint("name the container without '/'; folders are prefixes of object names (name: folder/file.txt)")
	case hasControl(name):
		return fault.Errorf(fault.CodeInvalidArgument, "container name %q has control characters", name).
			WithHint("use printable characters only")
	}
	return nil
}

// checkObject refuses an object name that Swift refuses (over 1,024
// bytes, empty) or that would lead elsewhere than it reads once it is a
// path or a URL: a ".." segment, a leading "/", control characters.
func checkObject(name string) error {
	switch {
	case name == "":
		return fault.Errorf(fault.CodeInvalidArgument, "an object name is needed")
	case len(name) > maxObjectName:
		return fault.Errorf(fault.CodeInvalidArgument, "object name is %d bytes long; Swift takes at most %d", len(name), maxObjectName).
			WithHint("use a shorter name")
	case strings.HasPrefix(name, "/"):
		return fault.Errorf(fault.CodeInvalidArgument, "object name %q starts with '/'", name).
			WithHint(fmt.Sprintf("drop the leading '/': %s", strings.TrimLeft(name, "/")))
	case hasControl(name):
		return fault.Errorf(fault.CodeInvalidArgument, "object name %q has control characters", name).
			WithHint("use printable characters only")
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == ".." {
			return fault.Errorf(fault.CodeInvalidArgument, "object name %q has a '..' segment", name).
				WithHint("name the object by its path without '..' (folder/file.txt)")
		}
	}
	return nil
}

func hasControl(s string) bool { return strings.IndexFunc(s, unicode.IsControl) >= 0 }
