package cloudkitty

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// CloudKitty's read API, as the lab's (testdata/openstack/cloudkitty-*):
// the version document, the v2 summary and dataframes of the project's own
// rated hours (usage.go), and the hashmap rules
// (hashmap.go).
func (s *api) routeAPI(mux *http.ServeMux) {
	mux.HandleFunc("GET /rating", s.ratingVersions)
	mux.HandleFunc("GET /rating/{$}", s.ratingVersions)
	mux.HandleFunc("GET /rating/v2/summary", s.Authed(s.ratingSummary))
	mux.HandleFunc("GET /rating/v2/dataframes", s.Authed(s.ratingDataframes))
}

func (s *api) ratingVersions(w http.ResponseWriter, r *http.Request) {
	v := func(id, status string) map[string]any {
		return map[string]any{"id": id, "status": status,
			"links": []map[string]string{{"href": core.BaseURL(r) + "/rating/" + id, "rel": "self"}}}
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"versions": []any{v("v1", "CURRENT"), v("v2", "EXPERIMENTAL")}})
}

// ratingQuery is what the summary and the dataframes are asked.
type ratingQuery struct {
	begin, end    time.Time
	offset, limit int
	filters       map[string]string
}

// ckTime formats t as CloudKitty does: 2026-12-01T00:00:00+00:00.
func ckTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-07:00") }

// parseISO reads a time as CloudKitty's dt_from_iso does; one without a
// zone is UTC (the lab's zone).
func parseISO(v string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// ratingInvalid answers CloudKitty's 400 for a query parameter voluptuous refuses.
func ratingInvalid(w http.ResponseWriter, key, value, expected string) {
	core.WriteJSON(w, http.StatusBadRequest, map[string]any{"message": fmt.Sprintf(
		"Invalid data '{'%s': ['%s']}' : expected %s (path: '['%s']')", key, value, expected, key)})
}

// readRatingQuery reads begin and end (this month by default), offset,
// limit and filters (key:value); on a bad one it answers 400 and returns false.
func (s *api) readRatingQuery(w http.ResponseWriter, q url.Values) (ratingQuery, bool) {
	now := s.Now().UTC()
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	rq := ratingQuery{begin: month, end: month.AddDate(0, 1, 0), limit: 100, filters: map[string]string{}}
	for key, t := range map[string]*time.Time{"begin": &rq.begin, "end": &rq.end} {
		if v := q.Get(key); v != "" {
			parsed, ok := parseISO(v)
			if !ok {
				ratingInvalid(w, key, v, "dt_from_iso")
				return rq, false
			}
			*t = parsed
		}
	}
	for key, n := range map[string]*int{"offset": &rq.offset, "limit": &rq.limit} {
		if v := q.Get(key); v != "" {
			i, err := strconv.Atoi(v)
			if err != nil || i < 0 || (key == "limit" && i < 1) {
				ratingInvalid(w, key, v, "int")
				return rq, false
			}
			*n = i
		}
	}
	for _, f := range q["filters"] {
		k, v, ok := strings.Cut(f, ":")
		if !ok {
			ratingInvalid(w, "filters", f, "a key:value pair")
			return rq, false
		}
		rq.filters[k] = v
	}
	return rq, true
}

// field is a rated point's value of a groupby or metadata key.
func (s *api) pointField(p ratedPoint, key string) string {
	switch key {
	case "type":
		return p.Type
	case "id":
		return p.ID
	case "project_id":
		return s.ProjectID()
	case "user_id":
		return s.UserID()
	}
	return p.Meta[key]
}

// points are the project's rated hours the query selects. Callers hold s.Mu.
func (s *api) points(rq ratingQuery) []ratedPoint {
	s.rating.observe(s.metered(), s.Now())
	all := s.rating.rated(rq.begin, rq.end, s.Now())
	return slices.DeleteFunc(all, func(p ratedPoint) bool {
		for k, v := range rq.filters {
			if s.pointField(p, k) != v {
				return true
			}
		}
		return false
	})
}

// ratingSummary is GET /v2/summary: the rated quantity and price over the
// period, grouped by the groupby keys (in their order), rows sorted by
// them, as a table (columns and rows) or objects.
func (s *api) ratingSummary(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rq, ok := s.readRatingQuery(w, q)
	if !ok {
		return
	}
	format := q.Get("response_format")
	if format == "" {
		format = "table"
	}
	if format != "table" && format != "object" {
		core.WriteJSON(w, http.StatusBadRequest, map[string]any{"message": fmt.Sprintf(
			"Invalid response format [%s]. Valid format are [['table', 'object']].", format)})
		return
	}
	groupby := q["groupby"]
	s.Mu.Lock()
	points := s.points(rq)
	type row struct {
		keys      []string
		qty, rate float64
	}
	var rows []*row
	byKey := map[string]*row{}
	for _, p := range points {
		keys := make([]string, len(groupby))
		for i, g := range groupby {
			keys[i] = s.pointField(p, g)
		}
		k := strings.Join(keys, "\x00")
		if byKey[k] == nil {
			byKey[k] = &row{keys: keys}
			rows = append(rows, byKey[k])
		}
		byKey[k].qty += p.Qty
		byKey[k].rate += p.Price
	}
	s.Mu.Unlock()
	slices.SortFunc(rows, func(a, b *row) int { return slices.Compare(a.keys, b.keys) })
	total := len(rows)
	rows = rows[min(rq.offset, len(rows)):]
	rows = rows[:min(rq.limit, len(rows))]
	columns := append([]string{"begin", "end", "qty", "rate"}, groupby...)
	out := map[string]any{"total": total, "format": format}
	if format == "object" {
		objs := []map[string]any{}
		for _, rw := range rows {
			o := map[string]any{"begin": ckTime(rq.begin), "end": ckTime(rq.end), "qty": rw.qty, "rate": rw.rate}
			for i, g := range groupby {
				o[g] = rw.keys[i]
			}
			objs = append(objs, o)
		}
		out["results"] = objs
		core.WriteJSON(w, http.StatusOK, out)
		return
	}
	results := [][]any{}
	for _, rw := range rows {
		line := []any{ckTime(rq.begin), ckTime(rq.end), rw.qty, rw.rate}
		for _, k := range rw.keys {
			line = append(line, k)
		}
		results = append(results, line)
	}
	if total == 0 {
		columns = []string{}
	}
	out["columns"], out["results"] = columns, results
	core.WriteJSON(w, http.StatusOK, out)
}

// ratingDataframes is GET /v2/dataframes: the rated points, oldest first,
// paged by point (offset, limit), in one dataframe per hour; none is a 404.
func (s *api) ratingDataframes(w http.ResponseWriter, r *http.Request) {
	rq, ok := s.readRatingQuery(w, r.URL.Query())
	if !ok {
		return
	}
	s.Mu.Lock()
	points := s.points(rq)
	s.Mu.Unlock()
	if len(points) == 0 {
		core.WriteJSON(w, http.StatusNotFound, map[string]any{"message": "No resource found for provided filters."})
		return
	}
	total := len(points)
	points = points[min(rq.offset, len(points)):]
	points = points[:min(rq.limit, len(points))]
	frames := []map[string]any{}
	var usage map[string][]any
	var last time.Time
	for _, p := range points {
		if usage == nil || !p.Begin.Equal(last) {
			usage, last = map[string][]any{}, p.Begin
			frames = append(frames, map[string]any{
				"period": map[string]string{"begin": ckTime(p.Begin), "end": ckTime(p.Begin.Add(time.Hour))},
				"usage":  usage})
		}
		meta := map[string]string{}
		for k, v := range p.Meta {
			meta[k] = v
		}
		usage[p.Type] = append(usage[p.Type], map[string]any{
			"vol":      map[string]any{"unit": metricUnit[p.Type], "qty": p.Qty},
			"rating":   map[string]any{"price": p.Price},
			"groupby":  map[string]string{"id": p.ID, "project_id": s.ProjectID(), "user_id": s.UserID()},
			"metadata": meta,
		})
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"total": total, "dataframes": frames})
}
