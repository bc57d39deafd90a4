package storage

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/objectstorage/v1/objects"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// bulkBatch is how many names one bulk delete carries: Swift's default
// max_deletes_per_request is 10,000; a tenth keeps each request short.
const bulkBatch = 1000

// emptyContainer deletes every object of a container, a page of names at
// a time, in bulk; a cloud without the bulk middleware gets one DELETE per
// object. It returns how many objects were deleted.
func emptyContainer(ctx context.Context, sc *gophercloud.ServiceClient, container string) (int64, error) {
	var deleted int64
	for {
		var entries []containerEntry
		q := url.Values{"format": {"json"}, "limit": {"1000"}}
		if _, err := sc.Get(ctx, containerURL(sc, container)+"?"+q.Encode(), &entries,
			&gophercloud.RequestOpts{OkCodes: []int{200, 204}}); err != nil {
			return deleted, err
		}
		if len(entries) == 0 {
			return deleted, nil
		}
		names := make([]string, len(entries))
		for i, e := range entries {
			names[i] = e.Name
		}
		n, err := bulkDelete(ctx, sc, container, names)
		deleted += n
		if err != nil {
			return deleted, err
		}
	}
}

func bulkDelete(ctx context.Context, sc *gophercloud.ServiceClient, container string, names []string) (int64, error) {
	res, err := objects.BulkDelete(ctx, sc, container, names).Extract()
	if err != nil {
		if !gophercloud.ResponseCodeIs(err, http.StatusNoContent) {
			return 0, err
		}
		// 204: the account took the POST as metadata; no bulk middleware
		var n int64
		for _, name := range names {
			if err := objects.Delete(ctx, sc, container, name, nil).Err; err != nil && !gophercloud.ResponseCodeIs(err, http.StatusNotFound) {
				return n, err
			}
			n++
		}
		return n, nil
	}
	if len(res.Errors) > 0 {
		var failed []string
		for _, e := range res.Errors {
			failed = append(failed, strings.Join(e, ": "))
		}
		return int64(res.NumberDeleted), fault.Errorf(fault.CodeUnavailable, "%d objects could not be deleted: %s", len(res.Errors), strings.Join(failed, "; ")).
			WithHint("call delete_container again with delete_objects: true")
	}
	return int64(res.NumberDeleted), nil
}
