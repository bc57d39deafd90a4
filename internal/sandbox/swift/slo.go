package swift

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
)

// Static large objects: a manifest lists segments (other objects) whose
// content, in order, is the object's. PUT ?multipart-manifest=put checks
// each segment as Swift's slo middleware does (it exists, its etag and
// size match when given) and answers 400 with one line per bad segment.

func (s *api) putManifest(w http.ResponseWriter, st *swiftState, c *swiftContainer, o *swiftObject, manifest []byte) {
	var segs []sloSegment
	if err := json.Unmarshal(manifest, &segs); err != nil || len(segs) == 0 {
		swiftText(w, http.StatusBadRequest, "text/plain", "Manifest must be valid JSON.\n")
		return
	}
	if len(segs) > swiftMaxManifestEntrie {
		swiftText(w, http.StatusBadRequest, "text/plain", "Too many segments in manifest\n")
		return
	}
	var problems []string
	var etags strings.Builder
	var size int64
	for i, sg := range segs {
		sg.Path = strings.TrimPrefix(sg.Path, "/")
		segs[i].Path = sg.Path
		seg := st.object(sg.Path)
		switch {
		case seg == nil:
			problems = append(problems, sg.Path+", 404 Not Found")
		case sg.Etag != "" && !strings.EqualFold(sg.Etag, seg.etag):
			problems = append(problems, sg.Path+", Etag Mismatch")
		case sg.Size != 0 && sg.Size != seg.size:
			problems = append(problems, sg.Path+", Size Mismatch")
		default:
			etags.WriteString(seg.etag)
			size += seg.size
			segs[i].Etag, segs[i].Size = seg.etag, seg.size
		}
	}
	if len(problems) > 0 {
		swiftText(w, http.StatusBadRequest, "text/plain", "Errors:\n"+strings.Join(problems, "\n")+"\n")
		return
	}
	o.segments, o.size = segs, size
	o.etag = md5hex([]byte(etags.String()))
	o.data, _ = json.Marshal(segs)
	c.put(o)
	w.Header().Set("Etag", `"`+o.etag+`"`)
	w.Header().Set("Last-Modified", httpLastModified(o.modified))
	swiftText(w, http.StatusCreated, "text/html; charset=UTF-8", "")
}

// object finds "container/object".
func (st *swiftState) object(p string) *swiftObject {
	cname, name, _ := strings.Cut(p, "/")
	if c := st.container(cname); c != nil {
		return c.objects[name]
	}
	return nil
}

// assemble is a manifest's content: its segments' as they are now.
func (st *swiftState) assemble(o *swiftObject) []byte {
	var b bytes.Buffer
	for _, sg := range o.segments {
		if seg := st.object(sg.Path); seg != nil {
			b.Write(seg.data)
		}
	}
	return b.Bytes()
}

// deleteManifest deletes a manifest and its segments, answering as a bulk
// delete does.
func (s *api) deleteManifest(w http.ResponseWriter, r *http.Request, st *swiftState, c *swiftContainer, name string) {
	var res bulkResult
	for _, sg := range c.objects[name].segments {
		cname, oname, _ := strings.Cut(sg.Path, "/")
		if sc := st.container(cname); sc != nil && sc.remove(oname) {
			res.deleted++
		} else {
			res.notFound++
		}
	}
	c.remove(name)
	res.deleted++
	res.write(w, r)
}
