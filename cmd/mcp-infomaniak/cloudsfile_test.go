package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nobody answers at any URL: every sandbox entry found is stale.
func nobody(string) bool { return false }

func testEntry(url string) cloudEntry {
	var e cloudEntry
	e.Auth.AuthURL, e.Auth.Username, e.RegionName, e.IdentityAPIVersion = url, "sandbox", "dc3-a", 3
	return e
}

// A stale entry (from a sandbox that was killed) is replaced, not doubled,
// and taking it out keeps the file that was there before.
func TestPutCloudEntryReplacesAStaleOne(t *testing.T) {
	path := writeClouds(t, "clouds:\n  sandbox:\n    auth:\n      auth_url: http://127.0.0.1:1/identity/v3\n  other:\n    region_name: x\n")
	remove, err := putCloudEntry(path, "sandbox", testEntry("http://127.0.0.1:2/identity/v3"), nobody)
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
	remove, err := putCloudEntry(path, "sandbox", testEntry("http://127.0.0.1:2/identity/v3"), nobody)
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
	path := writeClouds(t, "- a list\n")
	if _, err := putCloudEntry(path, "sandbox", testEntry("u"), nobody); err == nil || !strings.Contains(err.Error(), "not a clouds.yaml") {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "- a list\n" {
		t.Fatalf("the file was changed: %q", b)
	}
}

// writeClouds writes a clouds.yaml at a new path and returns the path.
func writeClouds(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clouds.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A second sandbox on the same file is refused while the first answers: it
// would send the first one's users to an empty cloud, and take the entry
// out from under it when it stops.
func TestPutCloudEntryRefusesALiveSandbox(t *testing.T) {
	first := httptest.NewServer(http.NotFoundHandler())
	defer first.Close()
	live := "clouds:\n  sandbox:\n    auth:\n      auth_url: " + first.URL + "/identity/v3\n"
	path := writeClouds(t, live)
	_, err := putCloudEntry(path, "sandbox", testEntry("http://127.0.0.1:2/identity/v3"), answersHTTP)
	if err == nil || !strings.Contains(err.Error(), "a sandbox that is running (auth_url "+first.URL+"/identity/v3)") {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != live {
		t.Fatalf("the live entry was changed:\n%s", b)
	}
}

// An entry named sandbox for a cloud elsewhere is the user's: never replaced.
func TestPutCloudEntryKeepsTheUsersCloud(t *testing.T) {
	theirs := "clouds:\n  sandbox:\n    auth:\n      auth_url: https://keystone.example.com/v3\n"
	path := writeClouds(t, theirs)
	if _, err := putCloudEntry(path, "sandbox", testEntry("http://127.0.0.1:2/identity/v3"), nobody); err == nil ||
		!strings.Contains(err.Error(), "for another cloud (auth_url https://keystone.example.com/v3)") {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != theirs {
		t.Fatalf("the user's entry was changed:\n%s", b)
	}
}

// Stopping takes out only its own entry: one another sandbox wrote since
// stays.
func TestCloudEntryRemovedOnlyIfItsOwn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clouds.yaml")
	remove, err := putCloudEntry(path, "sandbox", testEntry("http://127.0.0.1:2/identity/v3"), nobody)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := putCloudEntry(path, "sandbox", testEntry("http://127.0.0.1:3/identity/v3"), nobody); err != nil {
		t.Fatal(err)
	}
	if err := remove(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), ":3/identity/v3") {
		t.Fatalf("the newer sandbox's entry is gone:\n%s", b)
	}
}

// A file in a folder that does not exist yet (~/.config/openstack on a new
// machine) is made with its folder, readable by its owner only.
func TestPutCloudEntryMakesTheFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".config", "openstack")
	remove, err := putCloudEntry(filepath.Join(dir, "clouds.yaml"), "sandbox", testEntry("http://127.0.0.1:2/identity/v3"), nobody)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("the folder: %v %v", st, err)
	}
	if err := remove(); err != nil {
		t.Fatal(err)
	}
}
