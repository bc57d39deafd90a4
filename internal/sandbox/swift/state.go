package swift

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"
)

// swiftState is the one account of the sandbox's project: its metadata
// (temp URL keys) and containers, each with its objects by name and the
// names kept sorted, so that a page of a listing of 100,000 objects is a
// binary search and a slice, as Swift's sqlite index is.
type swiftState struct {
	created    time.Time
	meta       map[string]string // X-Account-Meta-* by lower-case suffix
	containers map[string]*swiftContainer
	names      []string // container names, sorted (bytewise, as Swift's UTF-8 order)
}

type swiftContainer struct {
	name         string
	created      time.Time
	modified     time.Time
	read, write  string            // X-Container-Read / X-Container-Write ACLs
	meta         map[string]string // X-Container-Meta-* by lower-case suffix
	objects      map[string]*swiftObject
	names        []string // object names, sorted
	bytes, count int64
}

type swiftObject struct {
	name        string
	data        []byte
	etag        string // md5 of data; of the segments' etags for a manifest
	contentType string
	disposition string // Content-Disposition, when set
	modified    time.Time
	meta        map[string]string
	// segments make the object a static large object's manifest: its
	// content is theirs, read when it is read.
	segments []sloSegment
	size     int64
}

type sloSegment struct {
	Path string `json:"path"`
	Etag string `json:"etag"`
	Size int64  `json:"size_bytes"`
}

// Swift's limits, as the lab's /info says them (swift-info.json).
const (
	swiftMaxFileSize       = 5368709122
	swiftListingLimit      = 10000
	swiftMaxObjectName     = 1024
	swiftMaxContainerName  = 256
	swiftMaxBulkDeletes    = 10000
	swiftMaxManifestEntrie = 1000
)

func (st *swiftState) init(now time.Time) {
	if st.containers == nil {
		st.created = now
		st.meta = map[string]string{}
		st.containers = map[string]*swiftContainer{}
	}
}

// insertSorted adds name to the sorted names, once.
func insertSorted(names []string, name string) []string {
	i, found := slices.BinarySearch(names, name)
	if found {
		return names
	}
	return slices.Insert(names, i, name)
}

// removeSorted takes name out of the sorted names.
func removeSorted(names []string, name string) []string {
	if i, found := slices.BinarySearch(names, name); found {
		return slices.Delete(names, i, i+1)
	}
	return names
}

func (st *swiftState) container(name string) *swiftContainer { return st.containers[name] }

func (c *swiftContainer) put(o *swiftObject) {
	if old := c.objects[o.name]; old != nil {
		c.bytes -= old.size
		c.count--
	}
	c.objects[o.name] = o
	c.names = insertSorted(c.names, o.name)
	c.bytes += o.size
	c.count++
}

func (c *swiftContainer) remove(name string) bool {
	o := c.objects[name]
	if o == nil {
		return false
	}
	delete(c.objects, name)
	c.names = removeSorted(c.names, name)
	c.bytes -= o.size
	c.count--
	return true
}

func md5hex(b []byte) string {
	sum := md5.Sum(b)
	return hex.EncodeToString(sum[:])
}

// swiftTimestamp is X-Timestamp: seconds with five decimals.
func swiftTimestamp(t time.Time) string {
	return fmt.Sprintf("%.5f", float64(t.UnixNano())/1e9)
}

// swiftLastModified is the listing's last_modified: microseconds, no zone.
func swiftLastModified(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000") }

// httpLastModified is the Last-Modified header: Swift rounds the
// timestamp up to the second.
func httpLastModified(t time.Time) string {
	sec := math.Ceil(float64(t.UnixNano()) / 1e9)
	return time.Unix(int64(sec), 0).UTC().Format(http.TimeFormat)
}

// metaHeaders sets prefix+key for each of meta (Swift answers them
// title-cased by the HTTP layer).
func metaHeaders(h http.Header, prefix string, meta map[string]string) {
	for k, v := range meta {
		h.Set(prefix+k, v)
	}
}

// readMeta applies a request's X-<kind>-Meta-* (an empty value removes)
// and X-Remove-<kind>-Meta-* headers to meta.
func readMeta(r *http.Request, kind string, meta map[string]string) {
	set, remove := "X-"+kind+"-Meta-", "X-Remove-"+kind+"-Meta-"
	for k, vs := range r.Header {
		switch {
		case strings.HasPrefix(k, set):
			key := strings.ToLower(k[len(set):])
			if vs[0] == "" {
				delete(meta, key)
			} else {
				meta[key] = vs[0]
			}
		case strings.HasPrefix(k, remove):
			delete(meta, strings.ToLower(k[len(remove):]))
		}
	}
}
