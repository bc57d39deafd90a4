package fault

import (
	"cmp"
	"slices"
	"strings"
)

// maxSuggestions is how many close names a not_found lists.
const maxSuggestions = 3

// Suggest returns up to three of names close to ref, the closest first:
// names that contain ref or are contained in it, ignoring case ("Debian" for
// "Debian 12 bookworm"), then names within a few typing mistakes of it. A
// name equal to ref is not a suggestion; it would have been found.
func Suggest(ref string, names []string) []string {
	r := strings.ToLower(strings.TrimSpace(ref))
	if r == "" {
		return nil
	}
	type scored struct {
		name      string
		substring bool
		distance  int
	}
	var close []scored
	seen := map[string]bool{}
	for _, n := range names {
		l := strings.ToLower(n)
		if n == ref || n == "" || seen[n] {
			continue
		}
		seen[n] = true
		// A name inside ref counts from three characters: "a" is in everything.
		sub := strings.Contains(l, r) || (len(l) >= 3 && strings.Contains(r, l))
		s := scored{name: n, substring: sub, distance: editDistance(l, r)}
		if s.substring || s.distance <= typos(r) {
			close = append(close, s)
		}
	}
	slices.SortFunc(close, func(a, b scored) int {
		if a.substring != b.substring {
			if a.substring {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.distance, b.distance), cmp.Compare(a.name, b.name))
	})
	out := make([]string, 0, maxSuggestions)
	for _, s := range close[:min(len(close), maxSuggestions)] {
		out = append(out, s.name)
	}
	return out
}

// typos is how many single-character edits still make a name close to ref:
// one in four characters, at least one, at most three.
func typos(ref string) int {
	return min(max(len([]rune(ref))/4, 1), 3)
}

// editDistance is the edit distance between a and b, in characters: the
// Levenshtein distance, with two neighbours swapped ("defualt") one edit,
// as a typist makes it (optimal string alignment).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// rows i-2, i-1 and i of the table
	older, prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], older[j-2]+1)
			}
		}
		older, prev, cur = prev, cur, older
	}
	return prev[len(rb)]
}

// SuggestionHint is the hint of a not_found for ref: the close names, if
// any, then where to see them all.
func SuggestionHint(close []string, listAll string) string {
	if len(close) == 0 {
		return listAll
	}
	quoted := make([]string, len(close))
	for i, n := range close {
		quoted[i] = `"` + n + `"`
	}
	return "close names: " + strings.Join(quoted, ", ") + "; " + listAll
}
