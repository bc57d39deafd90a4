package swift_test

import (
	"bufio"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// swiftSample reads a sample captured with curl -i (testdata/openstack/swift-*.txt):
// its status, headers and body.
func swiftSample(t *testing.T, name string) (int, http.Header, string) {
	t.Helper()
	b := sandboxtest.SampleBytes(t, name)
	// curl already undid the chunking: read the rest as it is
	head, body, _ := strings.Cut(string(b), "\n\n")
	length := regexp.MustCompile(`(?mi)^Content-Length:\s*(\d+)\n?`).FindStringSubmatch(head)
	head = regexp.MustCompile(`(?mi)^(Transfer-Encoding|Content-Length):.*\n?`).ReplaceAllString(head, "")
	resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(strings.TrimRight(head, "\n")+"\nContent-Length: 0\n\n")), nil)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	resp.Header.Del("Content-Length")
	if length != nil {
		resp.Header.Set("Content-Length", length[1])
	}
	return resp.StatusCode, resp.Header, body
}

// swiftHeadersNotCompared are the lab's headers that say nothing of the API:
// its request IDs, its date, and what its keystoneauth records of a domain.
var swiftHeadersNotCompared = []string{"Date", "X-Trans-Id", "X-Openstack-Request-Id", "Vary",
	"X-Account-Project-Domain-Id", "Content-Length"}

// swiftCall is one request of the walk below and the sample its answer is compared with.
type swiftCall struct {
	method, path string
	header       map[string]string
	body         string
	anonymous    bool
	sample       string
	sameBody     bool // the body equals the sample's, byte for byte
}

func (a *api) swift(c swiftCall) (int, http.Header, string) {
	a.T.Helper()
	req, _ := http.NewRequest(c.method, a.URL+"/object/v1/AUTH_"+a.Sandbox.ProjectID()+c.path, strings.NewReader(c.body))
	if c.body == "" {
		req.Body = nil
	}
	if !c.anonymous {
		req.Header.Set("X-Auth-Token", a.Token)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.T.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// asLab sends c and checks its answer against c.sample: the status, every
// header the lab sent (but its IDs and date), and the body when it must
// be the same.
func (a *api) asLab(c swiftCall) (http.Header, string) {
	a.T.Helper()
	status, h, body := a.swift(c)
	if c.sample == "" {
		return h, body
	}
	wantStatus, wantH, wantBody := swiftSample(a.T, c.sample)
	if status != wantStatus {
		a.T.Fatalf("%s %s: %d, the lab %d (%s): %s", c.method, c.path, status, wantStatus, c.sample, body)
	}
	for k := range wantH {
		if !slices.Contains(swiftHeadersNotCompared, k) && !strings.HasPrefix(k, "X-Account-Storage-Policy-") && h.Get(k) == "" {
			a.T.Errorf("%s: the lab sends %s: %q; the sandbox does not", c.sample, k, wantH.Get(k))
		}
		if k == "Content-Type" && h.Get(k) != wantH.Get(k) {
			a.T.Errorf("%s: Content-Type %q, the lab's %q", c.sample, h.Get(k), wantH.Get(k))
		}
	}
	if c.sameBody && body != wantBody {
		a.T.Errorf("%s: body\n%q\nthe lab's\n%q", c.sample, body, wantBody)
	}
	return h, body
}

func listedNames(t *testing.T, body string) []string {
	t.Helper()
	var items []map[string]any
	if err := json.Unmarshal([]byte(body), &items); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	var out []string
	for _, it := range items {
		if s, ok := it["subdir"].(string); ok {
			out = append(out, "subdir:"+s)
		} else {
			out = append(out, it["name"].(string))
		}
	}
	return out
}

// TestSwiftAsLab walks what capture-samples.sh does on the lab's Swift,
// comparing every answer with the lab's.
func TestSwiftAsLab(t *testing.T) {
	a := newAPI(t)
	long := func(c string, n int) string { return strings.Repeat(c, n) }
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	for _, c := range []swiftCall{
		{method: "PUT", path: "/sample-container", sample: "swift-container-put-201.txt", sameBody: true},
		{method: "PUT", path: "/sample-container", sample: "swift-container-put-again-202.txt", sameBody: true},
		{method: "PUT", path: "/" + long("c", 257), sample: "swift-container-name-too-long-400.txt", sameBody: true},
		{method: "PUT", path: "/sample-container/hello.txt", header: map[string]string{"Content-Type": "text/plain"}, body: "hello, swift",
			sample: "swift-object-put-201.txt", sameBody: true},
		{method: "PUT", path: "/sample-container/docs/a.txt", header: form, body: "a"},
		{method: "PUT", path: "/sample-container/docs/b.txt", header: form, body: "b"},
		{method: "PUT", path: "/sample-container/" + long("o", 1025), header: form, body: "x", sample: "swift-object-name-too-long-400.txt", sameBody: true},
		{method: "PUT", path: "/sample-container/etag-mismatch.txt", header: map[string]string{"Etag": strings.Repeat("0", 32)}, body: "hello",
			sample: "swift-object-put-etag-mismatch-422.txt", sameBody: true},
		{method: "GET", path: "/sample-container/hello.txt", sample: "swift-object-get.txt", sameBody: true},
		{method: "HEAD", path: "/sample-container/hello.txt", sample: "swift-object-head.txt"},
		{method: "GET", path: "/sample-container/no-such-object", sample: "swift-object-404.txt", sameBody: true},
		{method: "GET", path: "/no-such-container?format=json", sample: "swift-container-404.txt", sameBody: true},
		{method: "DELETE", path: "/sample-container", sample: "swift-container-delete-not-empty-409.txt", sameBody: true},
		{method: "POST", path: "/sample-container", header: map[string]string{"X-Container-Read": ".r:*,.rlistings"}, sample: "swift-container-post-read-acl-204.txt"},
		{method: "HEAD", path: "/sample-container", sample: "swift-container-head-public.txt"},
		{method: "GET", path: "/sample-container/hello.txt", anonymous: true, sample: "swift-object-get-anonymous-public.txt", sameBody: true},
		{method: "POST", path: "/sample-container", header: map[string]string{"X-Remove-Container-Read": "x"}},
		{method: "GET", path: "/sample-container/hello.txt", anonymous: true, sample: "swift-object-get-anonymous-private-401.txt", sameBody: true},
	} {
		a.asLab(c)
	}
	for _, l := range []struct{ query, sample string }{
		{"?format=json", "swift-container-get.txt"},
		{"?format=json&limit=2", "swift-container-get-limit.txt"},
		{"?format=json&delimiter=/", "swift-container-get-delimiter.txt"},
		{"?format=json&prefix=docs/&marker=docs/a.txt", "swift-container-get-prefix-marker.txt"},
	} {
		_, body := a.asLab(swiftCall{method: "GET", path: "/sample-container" + l.query, sample: l.sample})
		_, _, want := swiftSample(t, l.sample)
		if g, w := listedNames(t, body), listedNames(t, want); !slices.Equal(g, w) {
			t.Errorf("%s: %v, the lab's %v", l.sample, g, w)
		}
	}
}

// TestSwiftLargeObjectAsLab puts a static large object's manifest of two
// segments: its etag is the lab's (the MD5 of the segments' etags), its
// content the segments', and a segment's wrong etag is refused in the
// lab's words.
func TestSwiftLargeObjectAsLab(t *testing.T) {
	a := newAPI(t)
	a.swift(swiftCall{method: "PUT", path: "/sample-container"})
	a.swift(swiftCall{method: "PUT", path: "/sample-container-segments"})
	a.swift(swiftCall{method: "PUT", path: "/sample-container-segments/big/1", body: "part-one,"})
	a.swift(swiftCall{method: "PUT", path: "/sample-container-segments/big/2", body: "part-two"})
	manifest := fmt.Sprintf(`[{"path":"sample-container-segments/big/1","etag":"%x","size_bytes":9},{"path":"sample-container-segments/big/2","etag":"%x","size_bytes":8}]`,
		md5sum("part-one,"), md5sum("part-two"))
	h, _ := a.asLab(swiftCall{method: "PUT", path: "/sample-container/big.bin?multipart-manifest=put", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: manifest, sample: "swift-slo-put-201.txt", sameBody: true})
	if _, wantH, _ := swiftSample(t, "swift-slo-put-201.txt"); h.Get("Etag") != wantH.Get("Etag") {
		t.Errorf("manifest etag %s, the lab's %s", h.Get("Etag"), wantH.Get("Etag"))
	}
	a.asLab(swiftCall{method: "GET", path: "/sample-container/big.bin", sample: "swift-slo-get.txt", sameBody: true})
	a.asLab(swiftCall{method: "PUT", path: "/sample-container/bad.bin?multipart-manifest=put",
		body:   `[{"path":"sample-container-segments/big/1","etag":"ffffffffffffffffffffffffffffffff","size_bytes":9}]`,
		sample: "swift-slo-put-bad-etag-400.txt", sameBody: true})
	_, _, body := a.swift(swiftCall{method: "GET", path: "/sample-container?format=json"})
	if !strings.Contains(body, `"bytes":17`) {
		t.Errorf("the listing does not count the manifest's 17 bytes: %s", body)
	}
}

// TestSwiftTempURLAsLab signs links with the account's key as the lab's
// tempurl checks them: a good one reads the object as an attachment, a
// wrong signature or a past expiry is the lab's 401.
func TestSwiftTempURLAsLab(t *testing.T) {
	a := newAPI(t)
	a.swift(swiftCall{method: "PUT", path: "/sample-container"})
	a.swift(swiftCall{method: "PUT", path: "/sample-container/hello.txt", header: map[string]string{"Content-Type": "text/plain"}, body: "hello, swift"})
	a.asLab(swiftCall{method: "HEAD", path: "", sample: "swift-account-head.txt"})
	a.asLab(swiftCall{method: "POST", path: "", header: map[string]string{"X-Account-Meta-Temp-URL-Key": "sample-key"}, sample: "swift-account-post-temp-url-key-204.txt"})
	a.asLab(swiftCall{method: "HEAD", path: "", sample: "swift-account-head-temp-url-key.txt"})
	signed := func(key string, expires time.Time) string {
		exp := fmt.Sprint(expires.Unix())
		m := hmac.New(sha256.New, []byte(key))
		fmt.Fprintf(m, "GET\n%s\n/v1/AUTH_%s/sample-container/hello.txt", exp, a.Sandbox.ProjectID())
		return "/sample-container/hello.txt?temp_url_sig=" + hex.EncodeToString(m.Sum(nil)) + "&temp_url_expires=" + exp
	}
	now := a.Clock.Now()
	h, _ := a.asLab(swiftCall{method: "GET", path: signed("sample-key", now.Add(10*time.Minute)), anonymous: true, sample: "swift-tempurl-get.txt", sameBody: true})
	if got := h.Get("Content-Disposition"); got != `attachment; filename="hello.txt"; filename*=UTF-8''hello.txt` {
		t.Errorf("Content-Disposition %q", got)
	}
	a.asLab(swiftCall{method: "GET", path: signed("other-key", now.Add(10*time.Minute)), anonymous: true, sample: "swift-tempurl-bad-signature-401.txt", sameBody: true})
	link := signed("sample-key", now.Add(time.Minute))
	a.Clock.Advance(2 * time.Minute)
	a.asLab(swiftCall{method: "GET", path: link, anonymous: true, sample: "swift-tempurl-expired-401.txt", sameBody: true})
}

// TestSwiftBulkDeleteAsLab deletes objects, one missing, then the
// containers in one request; a container deleted before its objects is
// an error of the body, not of the status.
func TestSwiftBulkDeleteAsLab(t *testing.T) {
	a := newAPI(t)
	a.swift(swiftCall{method: "PUT", path: "/sample-container"})
	for _, o := range []string{"hello.txt", "docs/a.txt", "docs/b.txt", "big.bin"} {
		a.swift(swiftCall{method: "PUT", path: "/sample-container/" + o, body: "x"})
	}
	jsonAccept := map[string]string{"Accept": "application/json", "Content-Type": "text/plain"}
	_, body := a.asLab(swiftCall{method: "POST", path: "?bulk-delete=true", header: jsonAccept,
		body:   "/sample-container/hello.txt\n/sample-container/docs/a.txt\n/sample-container/docs/b.txt\n/sample-container/big.bin\n/sample-container/no-such-object\n",
		sample: "swift-bulk-delete.txt"})
	_, _, want := swiftSample(t, "swift-bulk-delete.txt")
	var got, lab map[string]any
	_ = json.Unmarshal([]byte(body), &got)
	_ = json.Unmarshal([]byte(want), &lab)
	if fmt.Sprint(got) != fmt.Sprint(lab) {
		t.Errorf("bulk delete: %s\nthe lab's: %s", body, want)
	}
	a.swift(swiftCall{method: "PUT", path: "/kept"})
	a.swift(swiftCall{method: "PUT", path: "/kept/x", body: "x"})
	_, _, body = a.swift(swiftCall{method: "POST", path: "?bulk-delete=true", header: jsonAccept, body: "/kept\n/sample-container\n"})
	if !strings.Contains(body, `"Errors":[["/kept","409 Conflict"]]`) || !strings.Contains(body, `"Number Deleted":1`) || !strings.Contains(body, `"400 Bad Request"`) {
		t.Errorf("a non-empty container in a bulk delete: %s", body)
	}
	a.asLab(swiftCall{method: "DELETE", path: "/sample-container", sample: "swift-container-delete-404.txt", sameBody: true})
}

func md5sum(s string) [16]byte { return md5.Sum([]byte(s)) }

// TestSwiftCopyAndPostAsLab copies an object with COPY, then replaces its
// metadata, type and disposition with a POST, as on the lab.
func TestSwiftCopyAndPostAsLab(t *testing.T) {
	a := newAPI(t)
	a.swift(swiftCall{method: "PUT", path: "/sample-container"})
	a.swift(swiftCall{method: "PUT", path: "/sample-container/hello.txt", header: map[string]string{"Content-Type": "text/plain", "X-Object-Meta-Old": "x"}, body: "hello, swift"})
	a.asLab(swiftCall{method: "COPY", path: "/sample-container/hello.txt", header: map[string]string{"Destination": "/sample-container/copy.txt"},
		sample: "swift-object-copy-201.txt", sameBody: true})
	a.asLab(swiftCall{method: "POST", path: "/sample-container/copy.txt",
		header: map[string]string{"X-Object-Meta-Color": "blue", "Content-Disposition": "inline", "Content-Type": "text/markdown"},
		sample: "swift-object-post-202.txt", sameBody: true})
	h, _ := a.asLab(swiftCall{method: "HEAD", path: "/sample-container/copy.txt", sample: "swift-object-head-after-post.txt"})
	if h.Get("X-Object-Meta-Old") != "" || h.Get("Content-Disposition") != "inline" || h.Get("Content-Type") != "text/markdown" {
		t.Errorf("after the POST: %v", h)
	}
	if _, _, body := a.swift(swiftCall{method: "GET", path: "/sample-container/copy.txt"}); body != "hello, swift" {
		t.Errorf("the copy holds %q", body)
	}
}
