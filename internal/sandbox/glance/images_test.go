package glance_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

func TestImages(t *testing.T) {
	a := sandboxtest.New(t)
	all := a.JSON("GET", "/image/v2/images", nil, 200)
	if n := len(all["images"].([]any)); n < 5 || all["next"] != nil {
		t.Fatalf("all images: %d, next %v", n, all["next"])
	}
	one := a.JSON("GET", "/image/v2/images?name=Rocky+Linux+9", nil, 200)["images"].([]any)
	if len(one) != 1 || one[0].(map[string]any)["min_disk"] != float64(10) {
		t.Fatalf("name filter: %v", one)
	}
	if got := a.JSON("GET", "/image/v2/images?name=Rocky", nil, 200)["images"].([]any); len(got) != 0 {
		t.Fatalf("Glance's name filter is exact: %v", got)
	}
	p := a.JSON("GET", "/image/v2/images?limit=2", nil, 200)
	if len(p["images"].([]any)) != 2 || !strings.HasPrefix(p["next"].(string), "/v2/images?") {
		t.Fatalf("page: %v", p)
	}
	id := one[0].(map[string]any)["id"].(string)
	if got := a.JSON("GET", "/image/v2/images/"+id, nil, 200); got["name"] != "Rocky Linux 9" || got["status"] != "active" {
		t.Fatalf("show: %v", got)
	}
}

// TestGlanceAsLab: Glance's faults are JSON when the request asks for it
// (gophercloud does) and HTML otherwise; an unknown marker is a 400 that
// names the image; a status Glance does not know matches nothing; in: and
// eq: are filter operators.
func TestGlanceAsLab(t *testing.T) {
	a := sandboxtest.New(t)
	const nothing = "7c1b5a1e-0000-4000-8000-000000000000"
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "glance-image-404.txt", Method: "GET", Path: "/image/v2/images/" + nothing})
	a.RefusesAsLab(sandboxtest.FaultCase{Sample: "glance-images-bad-marker-400.txt", Method: "GET", Path: "/image/v2/images?marker=" + nothing})
	for accept, wantType := range map[string]string{"": "text/html", "*/*": "text/html", "application/json, text/html": "text/html",
		"application/json;q=0.5, text/html": "text/html", "application/*": "application/json", "application/json": "application/json"} {
		req, _ := http.NewRequest("GET", a.URL+"/image/v2/images/"+nothing, nil)
		req.Header.Set("X-Auth-Token", a.Token)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), wantType) || !strings.Contains(string(b), "No image found with ID "+nothing+"<br />") {
			t.Errorf("Accept %q: %d %s %s, want %s as webob chooses", accept, resp.StatusCode, resp.Header.Get("Content-Type"), b, wantType)
		}
	}
	unknown := a.JSON("GET", "/image/v2/images?status=bogus", nil, 200)
	if lab := sandboxtest.ReadSample(t, "glance-images-status-unknown.json"); sandboxtest.KeyList(unknown) != sandboxtest.KeyList(lab) || len(unknown["images"].([]any)) != 0 {
		t.Errorf("status=bogus: the sandbox answers %v, the lab %v", unknown, lab)
	}
	for sample, query := range map[string]string{"glance-images-in-filter.json": "name=in:%s,no-such-image&status=in:active,queued", "glance-images-eq-filter.json": "name=eq:%s"} {
		if lab := sandboxtest.NamesListed(sandboxtest.ReadSample(t, sample), "images"); lab != "tiny-raw" {
			t.Fatalf("%s lists [%s]", sample, lab)
		}
		// The lab's Glance has other images: the same filter on one of the sandbox's.
		path := "/image/v2/images?" + fmt.Sprintf(query, url.QueryEscape("Rocky Linux 9"))
		if got := sandboxtest.NamesListed(a.JSON("GET", path, nil, 200), "images"); got != "Rocky Linux 9" {
			t.Errorf("%s: [%s]", path, got)
		}
	}
}

// An agent that takes the first image gets one that boots; the one made to
// fail comes last and says what it is for.
func TestImagesEverydayFirstFailingLast(t *testing.T) {
	a := sandboxtest.New(t)
	var names []string
	for _, i := range a.JSON("GET", "/image/v2/images", nil, 200)["images"].([]any) {
		names = append(names, i.(map[string]any)["name"].(string))
	}
	if len(names) < 2 || names[0] != "Debian 12 bookworm" || names[len(names)-1] != glance.ErrorImageName {
		t.Fatalf("order: %q", names)
	}
	if !strings.Contains(glance.ErrorImageName, "ERROR") || !strings.Contains(glance.ErrorImageName, "test") {
		t.Errorf("the failing image's name does not say what it is for: %q", glance.ErrorImageName)
	}
}
