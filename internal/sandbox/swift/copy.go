package swift

import (
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// Copying an object (COPY with Destination, or PUT with X-Copy-From) and
// changing its metadata (POST), as Swift's copy middleware and object
// server do: a POST replaces the object's metadata as a whole, and sets
// or clears its Content-Type and Content-Disposition.
func (s *api) routeCopy(mux *http.ServeMux) {
	p := swiftPrefix + "/{account}/{container}/{object...}"
	mux.HandleFunc("COPY "+p, s.swift(s.copyObject))
	mux.HandleFunc("POST "+p, s.swift(s.postObject))
}

// splitObjectPath is "/container/object" (URL-encoded, the leading slash
// optional) as its container and object.
func splitObjectPath(p string) (string, string) {
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	c, o, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	return c, o
}

// copyInto copies the object at "/container/object" src to container c
// as name, with its metadata and the request's on top; 404 when either
// container or the source is missing.
func (s *api) copyInto(w http.ResponseWriter, r *http.Request, st *swiftState, src, dstContainer, name string) {
	sc, so := splitObjectPath(src)
	from := st.object(sc + "/" + so)
	c := st.container(dstContainer)
	if from == nil || c == nil {
		swiftError(w, http.StatusNotFound)
		return
	}
	o := &swiftObject{name: name, data: from.data, size: from.size, etag: from.etag, contentType: from.contentType,
		disposition: from.disposition, modified: s.Now(), meta: map[string]string{}, segments: from.segments}
	for k, v := range from.meta {
		o.meta[k] = v
	}
	readMeta(r, "Object", o.meta)
	if ct := r.Header.Get("Content-Type"); ct != "" && r.Method == "COPY" {
		o.contentType = ct
	}
	c.put(o)
	h := w.Header()
	h.Set("Etag", o.etag)
	h.Set("Last-Modified", httpLastModified(o.modified))
	h.Set("X-Copied-From-Account", "AUTH_"+s.ProjectID())
	h.Set("X-Copied-From", url.PathEscape(sc)+"/"+url.PathEscape(so))
	h.Set("X-Copied-From-Last-Modified", httpLastModified(from.modified))
	swiftText(w, http.StatusCreated, "text/html; charset=UTF-8", "")
}

func (s *api) copyObject(w http.ResponseWriter, r *http.Request, st *swiftState, a swiftAccess) {
	if !a.owner {
		s.swiftUnauthorized(w)
		return
	}
	dc, do := splitObjectPath(r.Header.Get("Destination"))
	if dc == "" || do == "" {
		swiftText(w, http.StatusPreconditionFailed, "text/html; charset=UTF-8", "Destination header must be of the form <container name>/<object name>")
		return
	}
	s.copyInto(w, r, st, "/"+r.PathValue("container")+"/"+r.PathValue("object"), dc, do)
}

func (s *api) postObject(w http.ResponseWriter, r *http.Request, st *swiftState, a swiftAccess) {
	if r.PathValue("object") == "" {
		s.postContainer(w, r, st, a)
		return
	}
	if !a.owner {
		s.swiftUnauthorized(w)
		return
	}
	c := st.container(r.PathValue("container"))
	var o *swiftObject
	if c != nil {
		o = c.objects[r.PathValue("object")]
	}
	if o == nil {
		swiftError(w, http.StatusNotFound)
		return
	}
	meta := map[string]string{}
	readMeta(r, "Object", meta)
	o.meta = meta
	if ct := r.Header.Get("Content-Type"); ct != "" {
		o.contentType = ct
	}
	if r.Header.Get("X-Detect-Content-Type") == "true" {
		o.contentType = "application/octet-stream"
		if t := mime.TypeByExtension(path.Ext(o.name)); t != "" {
			o.contentType = t
		}
	}
	if d, ok := r.Header["Content-Disposition"]; ok {
		o.disposition = d[0]
	}
	o.modified = s.Now()
	swiftText(w, http.StatusAccepted, "text/html; charset=UTF-8", "<html><h1>Accepted</h1><p>The request is accepted for processing.</p></html>")
}
