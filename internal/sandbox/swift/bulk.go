package swift

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Bulk delete: POST to the account with ?bulk-delete and one URL-encoded
// "/container/object" or "/container" a line, deleted in order (a
// container after its objects). Swift answers 200 whatever happened, the
// outcome in the body: counts, and [path, status] for each failure.

type bulkResult struct {
	deleted, notFound int
	errors            [][2]string
	status, body      string
}

func (s *api) bulkDelete(w http.ResponseWriter, r *http.Request, st *swiftState) {
	var paths []string
	sc := bufio.NewScanner(http.MaxBytesReader(w, r.Body, 64<<20))
	sc.Buffer(make([]byte, 0, 64<<10), 64<<10)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			paths = append(paths, line)
		}
	}
	var res bulkResult
	if len(paths) > swiftMaxBulkDeletes {
		res.status = "413 Request Entity Too Large"
		res.body = fmt.Sprintf("Maximum Bulk Deletes: %d per request", swiftMaxBulkDeletes)
		res.write(w, r)
		return
	}
	for _, p := range paths {
		name, err := url.PathUnescape(p)
		if err != nil {
			name = p
		}
		cname, oname, _ := strings.Cut(strings.TrimPrefix(name, "/"), "/")
		switch {
		case oname != "":
			c := st.container(cname)
			if c != nil && c.remove(oname) {
				res.deleted++
			} else {
				res.notFound++
			}
		default:
			switch st.removeContainer(cname) {
			case http.StatusNoContent:
				res.deleted++
			case http.StatusNotFound:
				res.notFound++
			case http.StatusConflict:
				res.errors = append(res.errors, [2]string{p, "409 Conflict"})
			}
		}
	}
	if len(res.errors) > 0 {
		res.status = "400 Bad Request"
	}
	res.write(w, r)
}

// write answers as Swift's bulk middleware: JSON when asked for, else
// "Key: value" lines.
func (res bulkResult) write(w http.ResponseWriter, r *http.Request) {
	if res.status == "" {
		res.status = "200 OK"
	}
	errs := res.errors
	if errs == nil {
		errs = [][2]string{}
	}
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_ = json.NewEncoder(w).Encode(map[string]any{"Response Status": res.status, "Response Body": res.body,
			"Number Deleted": res.deleted, "Number Not Found": res.notFound, "Errors": errs})
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "Number Deleted: %d\nNumber Not Found: %d\nResponse Body: %s\nResponse Status: %s\nErrors:\n",
		res.deleted, res.notFound, res.body, res.status)
	for _, e := range errs {
		fmt.Fprintf(w, "%s, %s\n", e[0], e[1])
	}
}
