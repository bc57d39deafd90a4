package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// getPage reads one page of a collection at url and decodes it once,
// straight from the response body, into the items under key (Nova's
// "servers", Glance's "images", ...), skipping everything else. more
// reports that the cloud links a next page (Nova's, Cinder's and Neutron's
// "<key>_links" with rel next, Glance's "next"): it does when a page was cut
// at the cloud's own maximum, whatever the limit asked.
//
// gophercloud's pagers decode a page into maps, encode it again and decode
// that into their structs, with every field the API has: three passes and
// the memory of each, for a list of 10,000 servers. The request itself still
// goes through gophercloud (token, re-authentication, microversion, retries,
// errors).
func getPage[T any](ctx context.Context, sc *gophercloud.ServiceClient, url, key string) (items []T, more bool, err error) {
	resp, err := sc.Get(ctx, url, nil, &gophercloud.RequestOpts{KeepResponseBody: true})
	if err != nil {
		return nil, false, err
	}
	defer resp.Body.Close()
	items, more, err = decodePage[T](resp.Body, key)
	if err != nil {
		return nil, false, fault.Errorf(fault.CodeUnavailable, "reading the %s page at %s: %v", key, resp.Request.URL.Path, err)
	}
	return items, more, nil
}

func decodePage[T any](r io.Reader, key string) ([]T, bool, error) {
	dec := json.NewDecoder(r)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false, fmt.Errorf("not a JSON object (%v)", err)
	}
	items, more, found := []T{}, false, false
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false, err
		}
		switch k, _ := t.(string); k {
		case key:
			found = true
			err = dec.Decode(&items)
		case key + "_links":
			var links []struct {
				Rel string `json:"rel"`
			}
			err = dec.Decode(&links)
			for _, l := range links {
				more = more || l.Rel == "next"
			}
		case "links": // Designate's and Keystone's {"self", "next"}
			var links struct {
				Next string `json:"next"`
			}
			var raw json.RawMessage
			if err = dec.Decode(&raw); err == nil && json.Unmarshal(raw, &links) == nil {
				more = more || links.Next != ""
			}
		case "next": // Glance
			var next string
			err = dec.Decode(&next)
			more = next != ""
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return nil, false, err
		}
	}
	if !found {
		return nil, false, fmt.Errorf("no %q in the answer", key)
	}
	return items, more, nil
}

// Collect reads the collection at base (its URL with the caller's filters;
// limit and marker are set here) from after marker until it holds want
// items or the cloud has no more. Each request asks only for what is still
// missing, so a page the cloud cut at its maximum (1,000 on Nova) is
// completed with a small one, not a second full page. A caller wanting a
// page of n and to know whether more exist asks for n+1.
func Collect[T any](ctx context.Context, sc *gophercloud.ServiceClient, base, key, marker string, want int, id func(*T) string) ([]T, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, fault.Errorf(fault.CodeInternal, "list URL %q: %v", base, err)
	}
	var items []T
	for len(items) < want {
		q := u.Query()
		q.Set("limit", strconv.Itoa(want-len(items)))
		if marker != "" {
			q.Set("marker", marker)
		}
		u.RawQuery = q.Encode()
		page, more, err := getPage[T](ctx, sc, u.String(), key)
		if err != nil {
			return nil, err
		}
		if items == nil {
			items = page
		} else {
			items = append(items, page...)
		}
		if !more || len(page) == 0 {
			break
		}
		marker = id(&page[len(page)-1])
	}
	if items == nil {
		items = []T{}
	}
	return items, nil
}
