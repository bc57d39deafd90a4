// Package toolset is what a toolset declares of itself, once, and the
// registry everything that lists toolsets derives from: --toolsets (its
// validation and help), the server's tools and instructions, the order of
// docs/tools.md, the tools/list snapshots and the README's table.
package toolset

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
)

// Toolset is one package of tools under tools/.
type Toolset struct {
	Name         string // in --toolsets and in each of its tools' Def.Toolset
	Description  string // one line: --toolsets help, README, docs/tools.md
	Instructions string // the server's instructions about it, sent only when it is enabled
	Default      bool   // enabled when --toolsets is not given
	// Services are what its tools need: a call's services are made on first
	// use, and a cloud without one fails only the tools that need it.
	Services []client.Service
	// Tools returns the toolset's tools, free of any cloud (a call's cloud
	// comes with its context: client.Bind); the registry sets their
	// Def.Toolset.
	Tools func() []mcptool.Tool
}

// Registry is every toolset, in the order they are documented and listed.
type Registry []Toolset

// Names are the toolsets' names, in order.
func (r Registry) Names() []string {
	names := make([]string, len(r))
	for i, ts := range r {
		names[i] = ts.Name
	}
	return names
}

// Check reports the first name that is not a toolset, in --toolsets' words.
func (r Registry) Check(names []string) error {
	for _, n := range names {
		if !slices.Contains(r.Names(), n) {
			return fmt.Errorf("--toolsets: %q is not one of %s", n, strings.Join(r.Names(), ", "))
		}
	}
	return nil
}

// Enabled are the toolsets named, or those on by default when none is named.
func (r Registry) Enabled(names []string) Registry {
	var on Registry
	for _, ts := range r {
		if len(names) == 0 && ts.Default || slices.Contains(names, ts.Name) {
			on = append(on, ts)
		}
	}
	return on
}

// Tools are every toolset's tools, each knowing its toolset.
func (r Registry) Tools() []mcptool.Tool {
	var all []mcptool.Tool
	for _, ts := range r {
		tools := ts.Tools()
		for i := range tools {
			tools[i].Def.Toolset = ts.Name
		}
		all = append(all, tools...)
	}
	return all
}

// Services are what the tools of the toolset named need.
func (r Registry) Services(toolset string) []client.Service {
	for _, ts := range r {
		if ts.Name == toolset {
			return ts.Services
		}
	}
	return nil
}

// Instructions joins the toolsets' words, in order.
func (r Registry) Instructions() string {
	words := make([]string, 0, len(r))
	for _, ts := range r {
		words = append(words, ts.Instructions)
	}
	return strings.Join(words, " ")
}

// Off says, one short line each, what the toolsets left out of on do and
// the word that turns each on, so that an agent can tell its user.
func (r Registry) Off(on Registry) string {
	var lines []string
	for _, ts := range r {
		if !slices.ContainsFunc(on, func(x Toolset) bool { return x.Name == ts.Name }) {
			what := strings.TrimSuffix(strings.TrimSuffix(ts.Description, " Off by default."), ".")
			lines = append(lines, fmt.Sprintf("Off: %s, %s; --toolsets ...,%s turns it on.", ts.Name, what, ts.Name))
		}
	}
	return strings.Join(lines, " ")
}

// FlagHelp is --toolsets' line in the flags' help.
func (r Registry) FlagHelp() string {
	var b strings.Builder
	b.WriteString("comma-separated toolsets (default: those marked *):")
	for _, ts := range r {
		mark := ""
		if ts.Default {
			mark = "*"
		}
		fmt.Fprintf(&b, "\n  %s%s\t%s", ts.Name, mark, ts.Description)
	}
	return b.String()
}

// Add appends ts to r and returns what removes it again: a test registers a
// toolset with t.Cleanup(registry.Add(ts)).
func (r *Registry) Add(ts Toolset) (remove func()) {
	*r = append(*r, ts)
	return func() {
		*r = slices.DeleteFunc(*r, func(x Toolset) bool { return x.Name == ts.Name })
	}
}
