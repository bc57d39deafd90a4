package client

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/nova"
)

type leanServer struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// TestCollectCompletesACappedPage: Nova cuts a page at 1,000 whatever the
// limit; asking for 1,001 then costs one more request for the one missing
// server, not a second page of 1,000.
func TestCollectCompletesACappedPage(t *testing.T) {
	t.Parallel()
	sb := sandbox.New(sandbox.Options{})
	nova.Seed(sb.Cloud, 2500)
	srv := httptest.NewServer(sb)
	defer srv.Close()
	ctx := context.Background()
	svc := servicesAt(t, srv.URL, nil)
	id := func(s *leanServer) string { return s.ID }
	before := sb.Stats().ByRoute["GET /compute/v2.1/servers/detail"]
	got, err := Collect(ctx, svc.Compute, svc.Compute.ServiceURL("servers", "detail"), "servers", "", 1001, id)
	if err != nil {
		t.Fatal(err)
	}
	if n := sb.Stats().ByRoute["GET /compute/v2.1/servers/detail"] - before; len(got) != 1001 || n != 2 {
		t.Fatalf("%d servers in %d requests; want 1001 in 2", len(got), n)
	}
	seen := map[string]bool{}
	for _, s := range got {
		if s.ID == "" || s.Name == "" || seen[s.ID] {
			t.Fatalf("a server missing or twice: %+v", s)
		}
		seen[s.ID] = true
	}
	// From a marker to the end: what is left, and no more requests than pages.
	rest, err := Collect(ctx, svc.Compute, svc.Compute.ServiceURL("servers", "detail"), "servers", got[999].ID, 5000, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(rest) != 1500 || rest[0].ID != got[1000].ID {
		t.Fatalf("after the 1000th: %d servers, first %s; want 1500 from %s", len(rest), rest[0].ID, got[1000].ID)
	}
}

// TestCollectFollowsGlance: Glance says "next" instead of links.
func TestCollectFollowsGlance(t *testing.T) {
	t.Parallel()
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	ctx := context.Background()
	svc := servicesAt(t, srv.URL, nil)
	id := func(s *leanServer) string { return s.ID }
	all, err := Collect(ctx, svc.Image, svc.Image.ServiceURL("images"), "images", "", 100, id)
	if err != nil || len(all) < 3 {
		t.Fatalf("%d images, %v", len(all), err)
	}
	two, err := Collect(ctx, svc.Image, svc.Image.ServiceURL("images"), "images", "", 2, id)
	if err != nil || len(two) != 2 || two[1].ID != all[1].ID {
		t.Fatalf("the first two images: %+v, %v", two, err)
	}
	if _, _, err := getPage[leanServer](ctx, svc.Image, svc.Image.ServiceURL("images"), "servers"); err == nil {
		t.Fatal("an answer without the wanted key must fail")
	}
}

func TestDecodePageReadsTheNextLink(t *testing.T) {
	for body, want := range map[string]bool{
		`{"images":[{"id":"a"}],"next":"/v2/images?marker=a","schema":"/v2/schemas/images"}`: true,
		`{"images":[{"id":"a"}],"first":"/v2/images","schema":"/v2/schemas/images"}`:         false,
		`{"servers":[{"id":"a"}],"servers_links":[{"rel":"next","href":"x"}]}`:               true,
		`{"servers_links":[{"rel":"previous","href":"x"}],"servers":[{"id":"a"}]}`:           false,
		// Designate's, as in designate-recordsets-limit1.json
		`{"zones":[{"id":"a"}],"links":{"self":"x","next":"x?marker=a"},"metadata":{"total_count":3}}`: true,
		`{"zones":[{"id":"a"}],"links":{"self":"x"},"metadata":{"total_count":1}}`:                     false,
	} {
		key := "images"
		switch {
		case strings.Contains(body, "servers"):
			key = "servers"
		case strings.Contains(body, "zones"):
			key = "zones"
		}
		items, more, err := decodePage[leanServer](strings.NewReader(body), key)
		if err != nil || len(items) != 1 || items[0].ID != "a" || more != want {
			t.Errorf("%s: %+v more=%v %v; want more=%v", body, items, more, err, want)
		}
	}
}
