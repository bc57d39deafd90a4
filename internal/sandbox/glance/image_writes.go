package glance

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// A project's own images in Glance: create (queued, with its formats, tags
// and properties), upload (active, its size and hashes from the bits),
// download, JSON-patch update and the import discovery document, as the
// lab's Glance answers them (glance-image-create.json, -upload.txt,
// -uploaded.json, -patch.txt, glance-info-import.json). The sandbox serves
// no import method (its document lists none, and /import is a 501).
func (s *api) routeImageWrites(mux *http.ServeMux) {
	mux.HandleFunc("POST /image/v2/images", s.Authed(s.createImage))
	mux.HandleFunc("PATCH /image/v2/images/{id}", s.Authed(s.patchImage))
	mux.HandleFunc("PUT /image/v2/images/{id}/file", s.Authed(s.uploadImage))
	mux.HandleFunc("GET /image/v2/images/{id}/file", s.Authed(s.downloadImage))
	mux.HandleFunc("GET /image/v2/info/import", s.Authed(s.importInfo))
}

// glanceImageMax is the largest upload the sandbox keeps in memory.
const glanceImageMax = 64 << 20

// glanceCoreAttrs are an image's attributes that are not properties: those
// a create may set, and those only Glance sets (read-only).
var (
	glanceSettable = []string{"name", "visibility", "disk_format", "container_format", "min_disk", "min_ram",
		"protected", "tags", "os_hidden", "id"}
	glanceReadOnly = []string{"status", "size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value", "owner",
		"created_at", "updated_at", "self", "file", "schema", "stores", "direct_url", "locations"}
	glanceDiskFormats      = []string{"ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop"}
	glanceContainerFormats = []string{"ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"}
)

func (s *api) createImage(w http.ResponseWriter, r *http.Request) {
	var body map[string]json.RawMessage
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&body); err != nil {
		glanceFault(w, r, http.StatusBadRequest, "Malformed JSON in request body.")
		return
	}
	i := &Image{ID: core.NewID(), Status: "queued", Visibility: "shared", Owner: s.ProjectID(), Created: s.Now(),
		Properties: map[string]string{}}
	if _, ok := body["id"]; ok {
		core.NotServed(w, r, "an image's id chosen by the client")
		return
	}
	if msg := applyImageFields(i, body, true); msg != "" {
		glanceFault(w, r, http.StatusBadRequest, "%s", msg)
		return
	}
	s.Mu.Lock()
	s.images = append(s.images, i)
	view := s.imageJSON(i)
	s.Mu.Unlock()
	w.Header().Set("Location", core.BaseURL(r)+"/image/v2/images/"+i.ID)
	core.WriteJSON(w, http.StatusCreated, view)
}

// applyImageFields sets what a create's body (or a patch's values) says,
// or returns Glance's refusal.
func applyImageFields(i *Image, body map[string]json.RawMessage, creating bool) string {
	for k, raw := range body {
		if slices.Contains(glanceReadOnly, k) {
			return fmt.Sprintf("Attribute '%s' is read-only.", k)
		}
		var str string
		isStr := json.Unmarshal(raw, &str) == nil
		switch k {
		case "name":
			i.Name = str
		case "visibility":
			if !slices.Contains([]string{"public", "private", "shared", "community"}, str) {
				return fmt.Sprintf("Invalid visibility value: %s", str)
			}
			i.Visibility = str
		case "disk_format", "container_format":
			allowed := glanceDiskFormats
			if k == "container_format" {
				allowed = glanceContainerFormats
			}
			if !slices.Contains(allowed, str) {
				return fmt.Sprintf("Invalid value '%s' for parameter '%s'", str, k)
			}
			if !creating && i.Status != "queued" {
				return fmt.Sprintf("Attribute %s can be only replaced for a queued image.", k)
			}
			if k == "disk_format" {
				i.DiskFormat = str
			} else {
				i.ContainerFormat = str
			}
		case "min_disk", "min_ram":
			var n int
			if json.Unmarshal(raw, &n) != nil || n < 0 {
				return fmt.Sprintf("Invalid value for %s: %s", k, raw)
			}
			if k == "min_disk" {
				i.MinDisk = n
			} else {
				i.MinRAM = n
			}
		case "protected":
			if json.Unmarshal(raw, &i.Protected) != nil {
				return fmt.Sprintf("Invalid value for protected: %s", raw)
			}
		case "tags":
			var tags []string
			if json.Unmarshal(raw, &tags) != nil {
				return fmt.Sprintf("Invalid value for tags: %s", raw)
			}
			i.Tags = core.UniqueTags(tags)
		case "os_hidden":
			var hidden bool
			if json.Unmarshal(raw, &hidden) != nil || hidden {
				return "the sandbox keeps no hidden images"
			}
		default:
			if !isStr {
				return fmt.Sprintf("Provided object does not match schema 'image': %s is not of type 'string'", raw)
			}
			i.Properties[k] = str
		}
	}
	return ""
}

// patchImage applies a JSON patch (Glance's media type
// application/openstack-images-v2.1-json-patch) to a project's image.
func (s *api) patchImage(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/openstack-images-v2.1-json-patch" &&
		mt != "application/openstack-images-v2.0-json-patch" {
		glanceFault(w, r, http.StatusUnsupportedMediaType, "Unsupported Content-Type")
		return
	}
	var ops []struct {
		Op    string          `json:"op"`
		Path  string          `json:"path"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&ops); err != nil {
		glanceFault(w, r, http.StatusBadRequest, "Malformed JSON in request body.")
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	i := s.ownImage(w, r, "modify this image")
	if i == nil {
		return
	}
	work := *i
	work.Properties = map[string]string{}
	for k, v := range i.Properties {
		work.Properties[k] = v
	}
	work.Tags = slices.Clone(i.Tags)
	for _, op := range ops {
		name := strings.TrimPrefix(op.Path, "/")
		if strings.Contains(name, "/") {
			core.NotServed(w, r, "the JSON patch path %s", op.Path)
			return
		}
		switch op.Op {
		case "add", "replace":
			if op.Op == "replace" && !slices.Contains(glanceSettable, name) {
				if _, ok := work.Properties[name]; !ok {
					glanceFault(w, r, http.StatusConflict, "Property %s does not exist.", name)
					return
				}
			}
			if msg := applyImageFields(&work, map[string]json.RawMessage{name: op.Value}, false); msg != "" {
				status := http.StatusBadRequest
				if strings.Contains(msg, "read-only") {
					status = http.StatusForbidden
				}
				glanceFault(w, r, status, "%s", msg)
				return
			}
		case "remove":
			if slices.Contains(glanceSettable, name) || slices.Contains(glanceReadOnly, name) {
				glanceFault(w, r, http.StatusForbidden, "Attribute '%s' is read-only.", name)
				return
			}
			if _, ok := work.Properties[name]; !ok {
				glanceFault(w, r, http.StatusConflict, "Property %s does not exist.", name)
				return
			}
			delete(work.Properties, name)
		default:
			core.NotServed(w, r, "the JSON patch operation %s", op.Op)
			return
		}
	}
	work.Updated = s.Now()
	*i = work
	core.WriteJSON(w, http.StatusOK, s.imageJSON(i))
}

// uploadImage takes an image's bits (application/octet-stream) once, while
// it is queued: it becomes active with their size and hashes.
func (s *api) uploadImage(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/octet-stream" {
		glanceFault(w, r, http.StatusUnsupportedMediaType, "The request media type %s is not supported by this server.\n", mt)
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, glanceImageMax))
	if err != nil {
		core.NotServed(w, r, "images larger than %d MiB", glanceImageMax>>20)
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	i := s.ownImage(w, r, "upload data to this image")
	if i == nil {
		return
	}
	if i.Status != "queued" {
		glanceFault(w, r, http.StatusConflict, "Image status transition from %s to saving is not allowed", i.Status)
		return
	}
	if i.DiskFormat == "" || i.ContainerFormat == "" {
		glanceFault(w, r, http.StatusBadRequest, "Properties disk_format, container_format must be set prior to saving data.")
		return
	}
	i.Data, i.Size, i.Status, i.Updated = data, int64(len(data)), "active", s.Now()
	w.WriteHeader(http.StatusNoContent)
}

// downloadImage answers an uploaded image's bits with their MD5, as Glance
// does (glance-image-download-headers.txt); an image without bits is a 204.
func (s *api) downloadImage(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	i := s.imageFound(w, r)
	if i == nil {
		return
	}
	switch {
	case i.Data != nil:
		sum := s.imageJSON(i)["checksum"].(string)
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Md5", sum)
		w.Header().Set("Content-Length", fmt.Sprint(len(i.Data)))
		_, _ = w.Write(i.Data)
	case i.Status == "queued":
		w.WriteHeader(http.StatusNoContent)
	default:
		core.NotServed(w, r, "the bits of an image the sandbox did not receive")
	}
}

// importInfo is the import discovery document: the sandbox serves no
// import method.
func (s *api) importInfo(w http.ResponseWriter, r *http.Request) {
	core.WriteJSON(w, http.StatusOK, map[string]any{"import-methods": map[string]any{
		"description": "Import methods available.", "type": "array", "value": []string{}}})
}
