package swift

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Swift containers: create (201, or 202 when it exists), HEAD and GET (the
// listing), POST (ACLs and metadata), DELETE (409 while it holds objects).

func (s *api) putContainer(w http.ResponseWriter, r *http.Request, st *swiftState, a swiftAccess) {
	if !a.owner {
		s.swiftUnauthorized(w)
		return
	}
	name := r.PathValue("container")
	if len(name) > swiftMaxContainerName {
		swiftText(w, http.StatusBadRequest, "text/html; charset=UTF-8",
			fmt.Sprintf("Container name length of %d longer than %d", len(name), swiftMaxContainerName))
		return
	}
	c := st.container(name)
	status, body := http.StatusAccepted, "<html><h1>Accepted</h1><p>The request is accepted for processing.</p></html>"
	if c == nil {
		now := s.Now()
		c = &swiftContainer{name: name, created: now, modified: now, meta: map[string]string{}, objects: map[string]*swiftObject{}}
		st.containers[name] = c
		st.names = insertSorted(st.names, name)
		status, body = http.StatusCreated, ""
	}
	containerACLs(r, c)
	readMeta(r, "Container", c.meta)
	swiftText(w, status, "text/html; charset=UTF-8", body)
}

// containerACLs applies X-Container-Read/Write and their X-Remove- forms.
func containerACLs(r *http.Request, c *swiftContainer) {
	if v, ok := r.Header["X-Container-Read"]; ok {
		c.read = v[0]
	}
	if v, ok := r.Header["X-Container-Write"]; ok {
		c.write = v[0]
	}
	if _, ok := r.Header["X-Remove-Container-Read"]; ok {
		c.read = ""
	}
	if _, ok := r.Header["X-Remove-Container-Write"]; ok {
		c.write = ""
	}
}

// publicRead says whether a container's read ACL lets anyone read its
// objects (.r:*) and list it (.rlistings).
func publicRead(c *swiftContainer) (objects, listings bool) {
	for _, e := range strings.Split(c.read, ",") {
		switch strings.TrimSpace(e) {
		case ".r:*":
			objects = true
		case ".rlistings":
			listings = true
		}
	}
	return objects, objects && listings
}

func containerHeaders(h http.Header, c *swiftContainer) {
	h.Set("X-Container-Object-Count", strconv.FormatInt(c.count, 10))
	h.Set("X-Container-Bytes-Used", strconv.FormatInt(c.bytes, 10))
	h.Set("X-Timestamp", swiftTimestamp(c.created))
	if c.read != "" {
		h.Set("X-Container-Read", c.read)
	}
	if c.write != "" {
		h.Set("X-Container-Write", c.write)
	}
	metaHeaders(h, "X-Container-Meta-", c.meta)
	h.Set("Last-Modified", httpLastModified(c.modified))
	h.Set("Accept-Ranges", "bytes")
	h.Set("X-Storage-Policy", "Policy-0")
}

// getContainer is HEAD and GET of a container: its counts, ACLs and
// metadata, and on GET a page of its objects.
func (s *api) getContainer(w http.ResponseWriter, r *http.Request, st *swiftState, a swiftAccess) {
	c := st.container(r.PathValue("container"))
	if !a.owner {
		if c == nil {
			s.swiftUnauthorized(w)
			return
		}
		if _, list := publicRead(c); !list {
			s.swiftUnauthorized(w)
			return
		}
	}
	if c == nil {
		swiftError(w, http.StatusNotFound)
		return
	}
	containerHeaders(w.Header(), c)
	answerListing(w, r, c.names, func(name string) map[string]any {
		o := c.objects[name]
		return map[string]any{"bytes": o.size, "hash": o.etag, "name": o.name,
			"content_type": o.contentType, "last_modified": swiftLastModified(o.modified)}
	})
}

func (s *api) postContainer(w http.ResponseWriter, r *http.Request, st *swiftState, a swiftAccess) {
	if !a.owner {
		s.swiftUnauthorized(w)
		return
	}
	c := st.container(r.PathValue("container"))
	if c == nil {
		swiftError(w, http.StatusNotFound)
		return
	}
	containerACLs(r, c)
	readMeta(r, "Container", c.meta)
	c.modified = s.Now()
	swiftText(w, http.StatusNoContent, "text/html; charset=UTF-8", "")
}

func (s *api) deleteContainer(w http.ResponseWriter, r *http.Request, st *swiftState, a swiftAccess) {
	if !a.owner {
		s.swiftUnauthorized(w)
		return
	}
	switch status := st.removeContainer(r.PathValue("container")); status {
	case http.StatusNoContent:
		swiftText(w, status, "text/html; charset=UTF-8", "")
	default:
		swiftError(w, status)
	}
}

// removeContainer deletes an empty container: 204, or 404 or 409 as Swift
// answers.
func (st *swiftState) removeContainer(name string) int {
	c := st.container(name)
	if c == nil {
		return http.StatusNotFound
	}
	if c.count > 0 {
		return http.StatusConflict
	}
	delete(st.containers, name)
	st.names = removeSorted(st.names, name)
	return http.StatusNoContent
}
