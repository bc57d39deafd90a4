package sandbox

import (
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// glanceService is Glance in the catalog (services.go).
var glanceService = service{name: "image", prefix: "/image",
	entries: []catalogEntry{{"image", "glance", "/image"}}}

// Glance v2 images: list (with the name, status and visibility filters,
// limit/marker and Glance's default page of 25) and show, as in
// glance-image*.json. Errors are Glance's (glanceFault).
func init() {
	extraRoutes = append(extraRoutes, func(s *Sandbox, mux *http.ServeMux) {
		mux.HandleFunc("GET /image/v2/images", s.authed(s.listImages))
		mux.HandleFunc("GET /image/v2/images/{id}", s.authed(s.getImage))
	})
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
		return slices.ContainsFunc(strings.Split(rest, ","), func(v string) bool { return sqlEqual(value, v) })
	}
	return sqlEqual(value, strings.TrimPrefix(filter, "eq:"))
}

func (s *Sandbox) imageJSON(i *image) map[string]any {
	sum := md5.Sum([]byte(i.ID))
	m := map[string]any{
		"id": i.ID, "name": i.Name, "status": i.Status, "visibility": i.Visibility,
		"disk_format": i.DiskFormat, "container_format": "bare", "size": i.Size, "virtual_size": i.Size,
		"checksum": hex.EncodeToString(sum[:]), "protected": false, "min_ram": i.MinRAM, "min_disk": i.MinDisk,
		"owner": stableID("project", "infomaniak-images"), "os_hidden": false, "os_hash_algo": "sha512",
		"created_at": timestamp(i.Created), "updated_at": timestamp(i.Created), "tags": []string{},
		"self": "/v2/images/" + i.ID, "file": "/v2/images/" + i.ID + "/file", "schema": "/v2/schemas/image",
		"stores": "ceph",
	}
	if i.OSDistro != "" {
		m["os_distro"] = i.OSDistro
	}
	return m
}

func (s *Sandbox) listImages(w http.ResponseWriter, r *http.Request) {
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
	vis := q.Get("visibility")
	if vis != "" && !slices.Contains([]string{"public", "private", "shared", "community", "all"}, vis) {
		glanceFault(w, r, http.StatusBadRequest, "Invalid visibility value: %s", vis)
		return
	}
	s.mu.Lock()
	var all []*image
	for _, i := range s.db.images {
		if !glanceFilterMatches(q.Get("name"), i.Name) || !glanceFilterMatches(q.Get("status"), i.Status) {
			continue
		}
		if vis != "" && vis != "all" && i.Visibility != vis {
			continue
		}
		all = append(all, i)
	}
	s.mu.Unlock()
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
	writeJSON(w, http.StatusOK, body)
}

func (s *Sandbox) getImage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	i := s.db.imageByID(r.PathValue("id"))
	s.mu.Unlock()
	if i == nil {
		glanceFault(w, r, http.StatusNotFound, "No image found with ID %s", r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, s.imageJSON(i))
}
