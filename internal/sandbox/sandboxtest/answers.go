package sandboxtest

import (
	"encoding/json"
	"strings"
	"testing"
)

// Compact is v as compact JSON.
func Compact(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// SameAsSample compares a whole answer with a sample's.
func SameAsSample(t *testing.T, sample string, got map[string]any) {
	t.Helper()
	if w, g := Compact(ReadSample(t, sample)), Compact(got); w != g {
		t.Errorf("%s:\nthe lab:     %s\nthe sandbox: %s", sample, w, g)
	}
}

// SameFields compares fields of the sandbox's {"<key>": {...}} answer with
// the lab's sample.
func (a *API) SameFields(sample string, got map[string]any, key string, fields ...string) {
	a.T.Helper()
	want := ReadSample(a.T, sample)[key].(map[string]any)
	for _, f := range fields {
		if w, g := Compact(want[f]), Compact(got[key].(map[string]any)[f]); w != g {
			a.T.Errorf("%s: %s\nthe lab:     %s\nthe sandbox: %s", sample, f, w, g)
		}
	}
}

// NamesListed is the names of the items of a list answer.
func NamesListed(m map[string]any, key string) string {
	var names []string
	for _, x := range m[key].([]any) {
		names = append(names, x.(map[string]any)["name"].(string))
	}
	return strings.Join(names, ", ")
}

// ListsAsLab compares the names the sandbox lists under key at path with
// those of the lab's sample.
func (a *API) ListsAsLab(sample, key, path string) {
	a.T.Helper()
	if want, got := NamesListed(ReadSample(a.T, sample), key), NamesListed(a.JSON("GET", path, nil, 200), key); got != want {
		a.T.Errorf("%s: the sandbox lists [%s], the lab [%s]", path, got, want)
	}
}
