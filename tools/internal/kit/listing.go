package kit

// What every list tool shares: the limit/marker arguments, bounded pages,
// and the rule that a list never silently truncates. A list answers at most
// DefaultLimit items unless limit says otherwise (at most MaxLimit), with
// next_marker and truncated: true when more exist: an agent's "list
// everything" on a 10,000-server project is a page, not 4 MB of JSON in its
// context.

import (
	"context"
	"regexp"
	"strings"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Page is embedded in a list tool's arguments. limit is accepted but not
// published, as timeout_seconds: a knob of every list, said once in the
// server's instructions with the bound (limit() applies it). marker is published: going on is what an agent needs.
type Page struct {
	Limit  int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=1000" jsonschema_extras:"x-unlisted=true"`
	Marker string `json:"marker,omitempty"`
}

// More is embedded in a list tool's result: set when more items follow.
type More struct {
	NextMarker string `json:"next_marker,omitempty"`
	Truncated  bool   `json:"truncated,omitempty"`
}

func (p Page) limit() int {
	if p.Limit <= 0 {
		return DefaultLimit
	}
	return min(p.Limit, MaxLimit)
}

// Read is one page of the collection at url (its filters in the query) from
// after p.Marker: the items under key, each page of the cloud's decoded once
// into T, and only as many kept as the page holds (one more is asked for, to
// know whether more exist).
func Read[T any](ctx context.Context, sc *gophercloud.ServiceClient, url, key string, p Page, id func(*T) string) ([]T, More, error) {
	items, err := client.Collect(ctx, sc, url, key, p.Marker, p.limit()+1, id)
	if err != nil {
		return nil, More{}, err
	}
	page, more := Cut(p, items, id)
	return page, more, nil
}

// Cut trims items (the page, and one more when more exist) to the page.
func Cut[T any](p Page, items []T, id func(*T) string) ([]T, More) {
	n := p.limit()
	if len(items) > n {
		items = items[:n]
		return items, More{NextMarker: id(&items[n-1]), Truncated: true}
	}
	return items, More{}
}

// Slice is the page of all (a list held whole, such as the cached flavors)
// that follows p.Marker; a marker that is no item's is refused.
func Slice[T any](p Page, all []T, id func(*T) string) ([]T, More, error) {
	start := 0
	if p.Marker != "" {
		start = -1
		for i := range all {
			if id(&all[i]) == p.Marker {
				start = i + 1
				break
			}
		}
		if start < 0 {
			return nil, More{}, fault.Errorf(fault.CodeInvalidArgument, "marker [%s] not found: it is no item of this list", p.Marker).
				WithHint("pass the next_marker of the previous page, or no marker for the first")
		}
	}
	rest := all[start:]
	n := min(len(rest), p.limit()+1)
	page, more := Cut(p, rest[:n:n], id)
	return append([]T{}, page...), more, nil
}

// NovaName is Nova's name filter (a regular expression) for exactly name;
// "" (every server: what a not_found's close names are taken from) stays "".
func NovaName(name string) string {
	if name == "" {
		return ""
	}
	return "^" + regexp.QuoteMeta(name) + "$"
}

// ReadNamed is Read for a list filtered by part of the name, in any case:
// the services match a name only exactly (Glance, Cinder, Neutron), so the
// filter is ours, applied to the cloud's pages from after p.Marker until
// the page is full or the collection ends. Without part it is Read.
func ReadNamed[T any](ctx context.Context, sc *gophercloud.ServiceClient, url, key string, p Page, part string,
	name, id func(*T) string) ([]T, More, error) {
	if part == "" {
		return Read(ctx, sc, url, key, p, id)
	}
	want, marker := p.limit()+1, p.Marker
	var kept []T
	for len(kept) < want {
		batch, err := client.Collect(ctx, sc, url, key, marker, MaxLimit, id)
		if err != nil {
			return nil, More{}, err
		}
		for i := range batch {
			if NameHas(name(&batch[i]), part) {
				kept = append(kept, batch[i])
			}
		}
		if len(batch) < MaxLimit {
			break
		}
		marker = id(&batch[len(batch)-1])
	}
	page, more := Cut(p, kept, id)
	if page == nil {
		page = []T{}
	}
	return page, more, nil
}

// NameHas reports whether name has part in it, case aside: what every
// list's name filter means.
func NameHas(name, part string) bool {
	return strings.Contains(strings.ToLower(name), strings.ToLower(part))
}
