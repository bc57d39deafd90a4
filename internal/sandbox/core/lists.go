package core

import "slices"

// NonNil is s, or an empty list for nil: a list the services show as []
// even when it is empty.
func NonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// UniqueTags keeps a tag's first place only, as Nova's set of tags does.
func UniqueTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
