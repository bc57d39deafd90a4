package sandbox_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// samplesDir holds what the lab's real services answered
// (test/openstack/capture-samples.sh writes it).
var samplesDir = filepath.Join("..", "..", "testdata", "openstack")

// readSample decodes one JSON sample.
func readSample(t *testing.T, sample string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(samplesDir, sample))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", sample, err)
	}
	return m
}

// keyList is the sorted keys of m, space-separated.
func keyList(m map[string]any) string {
	k := make([]string, 0, len(m))
	for key := range m {
		k = append(k, key)
	}
	sort.Strings(k)
	return strings.Join(k, " ")
}

// sampleKeys compares the keys of got with those of the part of a sample
// that unwrap picks.
func sampleKeys(t *testing.T, sample string, got map[string]any, unwrap func(map[string]any) map[string]any) {
	t.Helper()
	if w, g := keyList(unwrap(readSample(t, sample))), keyList(got); w != g {
		t.Errorf("%s: keys differ\nreal:    %s\nsandbox: %s", sample, w, g)
	}
}
