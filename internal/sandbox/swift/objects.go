package swift

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// Swift objects: PUT (the name's length, the container, an Etag that must
// match, the size limit; a static large object's manifest with
// ?multipart-manifest=put), HEAD and GET (a manifest's segments read in
// order), DELETE (?multipart-manifest=delete takes the segments too).
// Without a token, a temp URL (tempurl.go) or a public container
// allows a request.

func (s *api) putObject(w http.ResponseWriter, r *http.Request, st *swiftState, a swiftAccess) {
	cname, name := r.PathValue("container"), r.PathValue("object")
	if !a.owner && !s.tempURLAllows(r, st, cname, name) {
		s.denyAnonymous(w, r)
		return
	}
	if name == "" {
		s.putContainer(w, r, st, a)
		return
	}
	if len(name) > swiftMaxObjectName {
		swiftText(w, http.StatusBadRequest, "text/plain",
			fmt.Sprintf("Object name length of %d longer than %d", len(name), swiftMaxObjectName))
		return
	}
	if r.ContentLength > swiftMaxFileSize {
		swiftError(w, http.StatusRequestEntityTooLarge)
		return
	}
	c := st.container(cname)
	if c == nil {
		swiftError(w, http.StatusNotFound)
		return
	}
	// The body is read with the lock held: the sandbox serves one client's
	// tests, and a store of objects changed mid-read is no simpler.
	data, err := io.ReadAll(io.LimitReader(r.Body, swiftMaxFileSize+1))
	if err != nil {
		swiftError(w, http.StatusBadRequest) // a client that went away: nothing is stored
		return
	}
	if len(data) > swiftMaxFileSize {
		swiftError(w, http.StatusRequestEntityTooLarge)
		return
	}
	if src := r.Header.Get("X-Copy-From"); src != "" {
		s.copyInto(w, r, st, src, cname, name)
		return
	}
	o := &swiftObject{name: name, contentType: objectContentType(r, name), disposition: r.Header.Get("Content-Disposition"),
		modified: s.Now(), meta: map[string]string{}}
	readMeta(r, "Object", o.meta)
	if r.URL.Query().Get("multipart-manifest") == "put" {
		s.putManifest(w, st, c, o, data)
		return
	}
	o.data, o.size, o.etag = data, int64(len(data)), md5hex(data)
	if want := strings.Trim(r.Header.Get("Etag"), `"`); want != "" && !strings.EqualFold(want, o.etag) {
		w.Header().Set("Last-Modified", httpLastModified(o.modified))
		swiftError(w, http.StatusUnprocessableEntity)
		return
	}
	c.put(o)
	w.Header().Set("Etag", o.etag)
	w.Header().Set("Last-Modified", httpLastModified(o.modified))
	swiftText(w, http.StatusCreated, "text/html; charset=UTF-8", "")
}

// objectContentType is the request's Content-Type, or as Swift guesses it
// from the name's extension, or application/octet-stream.
func objectContentType(r *http.Request, name string) string {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		return ct
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

func (s *api) getObject(w http.ResponseWriter, r *http.Request, st *swiftState, a swiftAccess) {
	cname, name := r.PathValue("container"), r.PathValue("object")
	if name == "" {
		s.getContainer(w, r, st, a)
		return
	}
	c := st.container(cname)
	viaTempURL := false
	if !a.owner {
		switch {
		case isTempURL(r):
			if !s.tempURLAllows(r, st, cname, name) {
				s.denyAnonymous(w, r)
				return
			}
			viaTempURL = true
		case c != nil:
			if read, _ := publicRead(c); !read {
				s.swiftUnauthorized(w)
				return
			}
		default:
			s.swiftUnauthorized(w)
			return
		}
	}
	var o *swiftObject
	if c != nil {
		o = c.objects[name]
	}
	if o == nil {
		swiftError(w, http.StatusNotFound)
		return
	}
	body := o.data
	h := w.Header()
	h.Set("Content-Type", o.contentType)
	h.Set("Etag", o.etag)
	if o.segments != nil {
		h.Set("Etag", `"`+o.etag+`"`)
		h.Set("X-Static-Large-Object", "True")
		h.Set("X-Manifest-Etag", md5hex(o.data))
		if r.URL.Query().Get("multipart-manifest") == "get" {
			body = o.data
		} else {
			body = st.assemble(o)
		}
	}
	if o.disposition != "" {
		h.Set("Content-Disposition", o.disposition)
	}
	h.Set("Last-Modified", httpLastModified(o.modified))
	h.Set("X-Timestamp", swiftTimestamp(o.modified))
	metaHeaders(h, "X-Object-Meta-", o.meta)
	h.Set("Accept-Ranges", "bytes")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if viaTempURL {
		tempURLHeaders(h, r, name)
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func (s *api) deleteObject(w http.ResponseWriter, r *http.Request, st *swiftState, a swiftAccess) {
	cname, name := r.PathValue("container"), r.PathValue("object")
	if name == "" {
		s.deleteContainer(w, r, st, a)
		return
	}
	if !a.owner && !s.tempURLAllows(r, st, cname, name) {
		s.denyAnonymous(w, r)
		return
	}
	c := st.container(cname)
	if c == nil || c.objects[name] == nil {
		swiftError(w, http.StatusNotFound)
		return
	}
	if r.URL.Query().Get("multipart-manifest") == "delete" && c.objects[name].segments != nil {
		s.deleteManifest(w, r, st, c, name)
		return
	}
	c.remove(name)
	swiftText(w, http.StatusNoContent, "text/html; charset=UTF-8", "")
}
