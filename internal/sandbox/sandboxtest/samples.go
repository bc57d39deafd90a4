package sandboxtest

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// samplesDir is testdata/openstack at the module's root, what the lab's real
// services answered (test/openstack/capture-samples.sh writes it). A test
// runs in its package's directory, anywhere below the root: the root is the
// first directory up that holds go.mod.
var samplesDir = sync.OnceValues(func() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata", "openstack"), nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("no go.mod above the test's directory: run the test inside the module")
		}
		dir = up
	}
})

// SampleBytes is the content of one sample.
func SampleBytes(t *testing.T, sample string) []byte {
	t.Helper()
	dir, err := samplesDir()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, sample))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ReadSample decodes one JSON sample.
func ReadSample(t *testing.T, sample string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(SampleBytes(t, sample), &m); err != nil {
		t.Fatalf("%s: %v", sample, err)
	}
	return m
}

// KeyList is the sorted keys of m, space-separated.
func KeyList(m map[string]any) string {
	k := make([]string, 0, len(m))
	for key := range m {
		k = append(k, key)
	}
	sort.Strings(k)
	return strings.Join(k, " ")
}

// SampleKeys compares the keys of got with those of the part of a sample
// that unwrap picks.
func SampleKeys(t *testing.T, sample string, got map[string]any, unwrap func(map[string]any) map[string]any) {
	t.Helper()
	if w, g := KeyList(unwrap(ReadSample(t, sample))), KeyList(got); w != g {
		t.Errorf("%s: keys differ\nreal:    %s\nsandbox: %s", sample, w, g)
	}
}

// Whole picks a whole answer for SampleKeys.
func Whole(m map[string]any) map[string]any { return m }

// Under picks the object under key.
func Under(key string) func(map[string]any) map[string]any {
	return func(m map[string]any) map[string]any { return m[key].(map[string]any) }
}

// FirstOf picks the first item of the list under key.
func FirstOf(key string) func(map[string]any) map[string]any {
	return func(m map[string]any) map[string]any { return m[key].([]any)[0].(map[string]any) }
}

// SamplePublicKey is an SSH public key of the kind capture-samples.sh
// imports on the lab.
const SamplePublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHpcYDlpvEARu2JcxEdFobudypZl/Z7MEn+pkackgFIP e2e@example"
