package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testEntry(url string) cloudEntry {
	var e cloudEntry
	e.Auth.AuthURL, e.Auth.Username, e.RegionName, e.IdentityAPIVersion = url, "sandbox", "dc3-a", 3
	return e
}

// A stale entry (from a sandbox that was killed) is replaced, not doubled,
// and taking it out keeps the file that was there before.
func TestPutCloudEntryReplacesAStaleOne(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clouds.yaml")
	stale := "clouds:\n  sandbox:\n    auth:\n      auth_url: http://127.0.0.1:1/identity/v3\n  other:\n    region_name: x\n"
	if err := os.WriteFile(path, []byte(stale), 0o600); err != nil {
		t.Fatal(err)
	}
	remove, err := putCloudEntry(path, "sandbox", testEntry("http://127.0.0.1:2/identity/v3"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if strings.Count(string(b), "sandbox:") != 1 || strings.Contains(string(b), ":1/") || !strings.Contains(string(b), ":2/identity/v3") {
		t.Fatalf("not replaced:\n%s", b)
	}
	if err := remove(); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(path)
	if string(b) != "clouds:\n  other:\n    region_name: x\n" {
		t.Fatalf("after remove:\n%s", b)
	}
}

func TestPutCloudEntryNewFileRemovedAfter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clouds.yaml")
	remove, err := putCloudEntry(path, "sandbox", testEntry("http://127.0.0.1:2/identity/v3"))
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the file holds a password: %v %v", st, err)
	}
	if err := remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("the file it made is still there: %v", err)
	}
}

func TestPutCloudEntryRefusesANonCloudsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clouds.yaml")
	if err := os.WriteFile(path, []byte("- a list\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := putCloudEntry(path, "sandbox", testEntry("u")); err == nil || !strings.Contains(err.Error(), "not a clouds.yaml") {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "- a list\n" {
		t.Fatalf("the file was changed: %q", b)
	}
}
