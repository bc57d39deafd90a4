// Package listing holds what every list tool shares: the limit/marker
// arguments and the rule that a list never silently truncates.
package listing

// Page is embedded in a list tool's arguments.
type Page struct {
	Limit  int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=1000" jsonschema_description:"Return at most this many; omit for all."`
	Marker string `json:"marker,omitempty" jsonschema_description:"Continue after this ID (a previous result's next_marker)."`
}

// Cut trims items to the page's limit. Callers ask the cloud for Limit+1
// items (Ask) so that Cut knows whether more exist; next is the marker to
// pass for the next page, empty when this page is the last.
func Cut[T any](p Page, items []T, id func(T) string) (page []T, next string) {
	if p.Limit > 0 && len(items) > p.Limit {
		items = items[:p.Limit]
		return items, id(items[len(items)-1])
	}
	return items, ""
}

// Ask is the page size to request from the cloud: one more than the limit,
// to learn whether more exist; 0 (the cloud's default, all pages) when no
// limit was given.
func (p Page) Ask() int {
	if p.Limit > 0 {
		return p.Limit + 1
	}
	return 0
}
