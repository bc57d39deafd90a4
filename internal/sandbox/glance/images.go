package glance

import (
	"crypto/md5"
	"crypto/sha512"
	"encoding/hex"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Glance v2 images: list (with the name, status, visibility and owner
// filters, limit/marker and Glance's default page of 25), show and delete
// (the project's own images only), as in glance-image*.json. Errors are
// Glance's (glanceFault).
func (s *api) routeImages(mux *http.ServeMux) {
	mux.HandleFunc("GET /image/v2/images", s.Authed(s.listImages))
	mux.HandleFunc("GET /image/v2/images/{id}", s.Authed(s.getImage))
	mux.HandleFunc("DELETE /image/v2/images/{id}", s.Authed(s.deleteImage))
}

// Upload is a server image on its way: queued until the upload
// begins (saving), active with its size when it ends.
type Upload struct {
	Saving, Active time.Time
	Size           int64
	// Properties are those the upload sets (libvirt's snapshot metadata).
	Properties map[string]string
}

// settle applies what the upload has reached by now.
func (i *Image) settle(now time.Time) {
	u := i.Upload
	switch {
	case u == nil:
	case !now.Before(u.Active):
		i.Status, i.Size, i.Updated, i.Upload = "active", u.Size, u.Active, nil
		for k, v := range u.Properties {
			i.Properties[k] = v
		}
	case !now.Before(u.Saving) && i.Status == "queued":
		i.Status, i.Updated = "saving", u.Saving
	}
}

// imageOwner is who owns i, as Glance shows it.
func (s *api) imageOwner(i *Image) string {
	if i.Owner == "" {
		return core.StableID("project", "infomaniak-images")
	}
	return i.Owner
}

const (
	glanceDefaultLimit = 25   // [DEFAULT] limit_param_default
	glanceMaxLimit     = 1000 // [DEFAULT] api_limit_max
)

// glanceFilterMatches applies a name or status filter as Glance's database
// does: "" is none, "in:a,b" any of the values, "eq:a" or "a" the value,
// compared by the collation (sqlEqual); a status Glance does not know
// matches nothing (glance-images-*-filter.json, -status-unknown.json).
func glanceFilterMatches(filter, value string) bool {
	if filter == "" {
		return true
	}
	if rest, ok := strings.CutPrefix(filter, "in:"); ok {
		return slices.ContainsFunc(strings.Split(rest, ","), func(v string) bool { return core.SQLEqual(value, v) })
	}
	return core.SQLEqual(value, strings.TrimPrefix(filter, "eq:"))
}

func (s *api) imageJSON(i *Image) map[string]any {
	sum, hash := md5.Sum([]byte(i.ID)), sha512.Sum512([]byte(i.ID))
	updated := i.Updated
	if updated.IsZero() {
		updated = i.Created
	}
	m := map[string]any{
		"id": i.ID, "name": i.Name, "status": i.Status, "visibility": i.Visibility,
		"disk_format": i.DiskFormat, "container_format": "bare", "size": i.Size, "virtual_size": i.Size,
		"checksum": hex.EncodeToString(sum[:]), "protected": false, "min_ram": i.MinRAM, "min_disk": i.MinDisk,
		"owner": s.imageOwner(i), "os_hidden": false, "os_hash_algo": "sha512", "os_hash_value": hex.EncodeToString(hash[:]),
		"created_at": core.Timestamp(i.Created), "updated_at": core.Timestamp(updated), "tags": []string{},
		"self": "/v2/images/" + i.ID, "file": "/v2/images/" + i.ID + "/file", "schema": "/v2/schemas/image",
		"stores": "ceph",
	}
	if i.Data != nil {
		sum, hash := md5.Sum(i.Data), sha512.Sum512(i.Data)
		m["checksum"], m["os_hash_value"] = hex.EncodeToString(sum[:]), hex.EncodeToString(hash[:])
	}
	if i.ContainerFormat != "" {
		m["container_format"] = i.ContainerFormat
	}
	m["tags"], m["protected"] = core.NonNil(i.Tags), i.Protected
	if i.Status == "queued" || i.Status == "saving" {
		// No data yet: Glance knows neither its size nor, unless given, its
		// formats (glance-image-snapshot-queued.json, glance-image-create.json).
		for _, k := range []string{"size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value"} {
			m[k] = nil
		}
		if i.DiskFormat == "" || i.Upload != nil {
			m["disk_format"] = nil
		}
		if i.ContainerFormat == "" || i.Upload != nil {
			m["container_format"] = nil
		}
		delete(m, "stores")
	}
	if i.OSDistro != "" {
		m["os_distro"] = i.OSDistro
	}
	for k, v := range i.Properties {
		m[k] = v
	}
	return m
}

func (s *api) listImages(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := glanceDefaultLimit
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil {
			glanceFault(w, r, http.StatusBadRequest, "limit param must be an integer")
			return
		}
		if n < 0 {
			glanceFault(w, r, http.StatusBadRequest, "limit param must be positive")
			return
		}
		limit = min(n, glanceMaxLimit)
	}
	owner := q.Get("owner")
	vis := q.Get("visibility")
	if vis != "" && !slices.Contains([]string{"public", "private", "shared", "community", "all"}, vis) {
		glanceFault(w, r, http.StatusBadRequest, "Invalid visibility value: %s", vis)
		return
	}
	filter, ok := s.imageFilter(w, r)
	if !ok {
		return
	}
	s.Mu.Lock()
	var all []*Image
	for _, i := range s.images {
		i.settle(s.Now())
		if owner != "" && s.imageOwner(i) != owner {
			continue
		}
		if !filter(i) {
			continue
		}
		if !glanceFilterMatches(q.Get("name"), i.Name) || !glanceFilterMatches(q.Get("status"), i.Status) {
			continue
		}
		if vis != "" && vis != "all" && i.Visibility != vis {
			continue
		}
		all = append(all, i)
	}
	s.Mu.Unlock()
	// Glance's default order: newest first, then by id descending.
	sort.SliceStable(all, func(a, b int) bool {
		if !all[a].Created.Equal(all[b].Created) {
			return all[a].Created.After(all[b].Created)
		}
		return all[a].ID > all[b].ID
	})
	if m := q.Get("marker"); m != "" {
		i := 0
		for i < len(all) && all[i].ID != m {
			i++
		}
		if i == len(all) {
			glanceFault(w, r, http.StatusBadRequest, "No image found with ID %s", m)
			return
		}
		all = all[i+1:]
	}
	if len(all) > limit {
		all = all[:limit]
	}
	out := make([]map[string]any, len(all))
	for i, img := range all {
		out[i] = s.imageJSON(img)
	}
	first := "/v2/images"
	if r.URL.RawQuery != "" {
		first += "?" + r.URL.RawQuery
	}
	body := map[string]any{"images": out, "first": first, "schema": "/v2/schemas/images"}
	// Glance links to a next page whenever the page is full.
	if limit > 0 && len(all) == limit {
		nq := r.URL.Query()
		nq.Set("marker", all[len(all)-1].ID)
		nq.Set("limit", strconv.Itoa(limit))
		body["next"] = "/v2/images?" + nq.Encode()
	}
	core.WriteJSON(w, http.StatusOK, body)
}

func (s *api) getImage(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	i := s.imageFound(w, r)
	s.Mu.Unlock()
	if i != nil {
		core.WriteJSON(w, http.StatusOK, s.imageJSON(i))
	}
}

// imageFound is the image of the path's id, or nil after Glance's 404.
func (s *api) imageFound(w http.ResponseWriter, r *http.Request) *Image {
	i := s.byID(r.PathValue("id"))
	if i == nil {
		glanceFault(w, r, http.StatusNotFound, "No image found with ID %s", r.PathValue("id"))
	}
	return i
}

// ownImage is the image of the path's id for a change, or nil after
// Glance's 404 or, when it is another project's, its 403 saying what one
// is not permitted to do.
func (s *api) ownImage(w http.ResponseWriter, r *http.Request, what string) *Image {
	i := s.imageFound(w, r)
	if i != nil && i.Owner != s.ProjectID() {
		glanceFault(w, r, http.StatusForbidden, "You are not permitted to %s.", what)
		return nil
	}
	return i
}

// deleteImage deletes one of the project's own images; Glance refuses the
// others' (glance-image-delete-not-owner-403.txt).
func (s *api) deleteImage(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	id := r.PathValue("id")
	i := s.byID(id)
	if i == nil {
		glanceFault(w, r, http.StatusNotFound, "Failed to find image %s to delete", id)
		return
	}
	if i.Owner != s.ProjectID() {
		glanceFault(w, r, http.StatusForbidden, "You do not own this image")
		return
	}
	if i.Protected {
		glanceFault(w, r, http.StatusForbidden, "Image %s is protected and cannot be deleted.", i.ID)
		return
	}
	s.images = slices.DeleteFunc(s.images, func(x *Image) bool { return x == i })
	w.WriteHeader(http.StatusNoContent)
}
