package client

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// Candidate is a resource a reference may mean.
type Candidate struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Compiled on first use: package-level work is paid by every start.
var uuidRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$`)
})

// isUUID reports whether s has the shape of an OpenStack UUID (with or without dashes).
func isUUID(s string) bool { return uuidRE().MatchString(s) }

// Lookup fetches a resource by ID; it returns a not_found *fault.Error (or any error
// classified as not_found) when there is none.
type Lookup func(ctx context.Context, id string) (Candidate, error)

// Search lists resources that may be named name. It may return more than the
// exact matches (Nova's name filter is a regular expression): Resolve keeps
// only exact ones. With an empty name it lists them all: the names a
// not_found suggests are taken from there.
type Search func(ctx context.Context, name string) ([]Candidate, error)

// Resolve turns ref, an ID or a unique name of a resource of kind (as a person
// says it: "server", "image"), into that resource. A UUID-shaped ref is looked
// up by ID first; otherwise, or when no resource has that ID, by exact name.
// No match is not_found, with up to three close names in its hint (Suggest);
// several are ambiguous, with the candidates listed. Nothing is ever guessed.
func Resolve(ctx context.Context, kind, ref string, get Lookup, search Search) (Candidate, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Candidate{}, fault.Errorf(fault.CodeInvalidArgument, "%s: an ID or a name is required", kind)
	}
	if get != nil && isUUID(ref) {
		c, err := get(ctx, ref)
		if err == nil {
			return c, nil
		}
		if fault.Classify(err).Code != fault.CodeNotFound {
			return Candidate{}, err
		}
	}
	found, err := search(ctx, ref)
	if err != nil {
		return Candidate{}, err
	}
	c, err := Match(kind, ref, found)
	if e, ok := err.(*fault.Error); ok && e.Code == fault.CodeNotFound && !isUUID(ref) {
		// The search filtered by name: the close names need them all. Not
		// finding them leaves the not_found as it is.
		if all, lerr := search(ctx, ""); lerr == nil {
			return Candidate{}, NotFound(kind, ref, all)
		}
	}
	return c, err
}

// Match picks ref among candidates: an exact ID match wins, then a unique
// exact name match.
func Match(kind, ref string, candidates []Candidate) (Candidate, error) {
	var named []Candidate
	for _, c := range candidates {
		if c.ID == ref {
			return c, nil
		}
		if c.Name == ref {
			named = append(named, c)
		}
	}
	switch len(named) {
	case 1:
		return named[0], nil
	case 0:
		return Candidate{}, NotFound(kind, ref, candidates)
	default:
		sort.Slice(named, func(i, j int) bool { return named[i].ID < named[j].ID })
		ids := make([]string, len(named))
		for i, c := range named {
			ids[i] = c.ID
		}
		e := fault.Errorf(fault.CodeAmbiguous, "%d %ss are named %q: %s", len(named), kind, ref, strings.Join(ids, ", ")).
			WithHint("use the ID of the one you mean")
		e.Details = map[string]any{"candidates": named}
		return Candidate{}, e
	}
}

// NotFound says no resource of kind is ref, with the names among candidates
// (all there are) that are close to it (Suggest), in the hint and as
// details.close_names.
func NotFound(kind, ref string, candidates []Candidate) *fault.Error {
	names := make([]string, len(candidates))
	for i, c := range candidates {
		names[i] = c.Name
	}
	close := fault.Suggest(ref, names)
	e := fault.Errorf(fault.CodeNotFound, "no %s with ID or name %q", kind, ref).
		WithHint(fault.SuggestionHint(close, fmt.Sprintf("list_%ss shows them all", listNoun(kind))))
	if len(close) > 0 {
		e.Details = map[string]any{"close_names": close}
	}
	return e
}

// listNoun is the noun of the list tool for kind ("server" → "instance",
// "security group" → "security_group").
func listNoun(kind string) string {
	if kind == "server" {
		return "instance"
	}
	return strings.ReplaceAll(strings.ToLower(kind), " ", "_")
}
