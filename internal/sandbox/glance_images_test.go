package sandbox_test

import (
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
)

func TestImages(t *testing.T) {
	a := newAPI(t)
	all := a.json("GET", "/image/v2/images", nil, 200)
	if n := len(all["images"].([]any)); n < 5 || all["next"] != nil {
		t.Fatalf("all images: %d, next %v", n, all["next"])
	}
	one := a.json("GET", "/image/v2/images?name=Rocky+Linux+9", nil, 200)["images"].([]any)
	if len(one) != 1 || one[0].(map[string]any)["min_disk"] != float64(10) {
		t.Fatalf("name filter: %v", one)
	}
	if got := a.json("GET", "/image/v2/images?name=Rocky", nil, 200)["images"].([]any); len(got) != 0 {
		t.Fatalf("Glance's name filter is exact: %v", got)
	}
	p := a.json("GET", "/image/v2/images?limit=2", nil, 200)
	if len(p["images"].([]any)) != 2 || !strings.HasPrefix(p["next"].(string), "/v2/images?") {
		t.Fatalf("page: %v", p)
	}
	id := one[0].(map[string]any)["id"].(string)
	if got := a.json("GET", "/image/v2/images/"+id, nil, 200); got["name"] != "Rocky Linux 9" || got["status"] != "active" {
		t.Fatalf("show: %v", got)
	}
	status, b, resp := a.do("GET", "/image/v2/images/6ae12102-eba3-4d89-986f-714ac1eb7b4f", nil)
	if status != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(b), "No image found with ID") {
		t.Fatalf("404: %d %s", status, b)
	}
	if status, _, _ := a.do("GET", "/image/v2/images?status=bogus", nil); status != 400 {
		t.Fatalf("bad status: %d", status)
	}
}

// An agent that takes the first image gets one that boots; the one made to
// fail comes last and says what it is for.
func TestImagesEverydayFirstFailingLast(t *testing.T) {
	a := newAPI(t)
	var names []string
	for _, i := range a.json("GET", "/image/v2/images", nil, 200)["images"].([]any) {
		names = append(names, i.(map[string]any)["name"].(string))
	}
	if len(names) < 2 || names[0] != "Debian 12 bookworm" || names[len(names)-1] != sandbox.ErrorImageName {
		t.Fatalf("order: %q", names)
	}
	if !strings.Contains(sandbox.ErrorImageName, "ERROR") || !strings.Contains(sandbox.ErrorImageName, "test") {
		t.Errorf("the failing image's name does not say what it is for: %q", sandbox.ErrorImageName)
	}
}
