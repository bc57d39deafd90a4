package swift_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// s3Get sends a SigV4-shaped GET for path with the given signature.
func (a *api) s3Get(path, access, date, signature string) (int, string) {
	a.T.Helper()
	req, _ := http.NewRequest("GET", a.URL+path, nil)
	req.Header.Set("X-Amz-Date", date)
	req.Header.Set("X-Amz-Content-Sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+access+"/"+date[:8]+"/"+a.Sandbox.Options().Region+
		"/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="+signature)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.T.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func xmlField(body, name string) string {
	m := regexp.MustCompile(`(?s)<` + name + `>(.*?)</` + name + `>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// xmlNames are the element names of an XML document, in order, once each.
func xmlNames(t *testing.T, body string) []string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(body))
	seen := map[string]bool{}
	var out []string
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok && !seen[se.Name.Local] {
			seen[se.Name.Local] = true
			out = append(out, se.Name.Local)
		}
	}
	return out
}

// TestS3AsLab lists a container through the sandbox's S3 API as the lab's
// s3api does: a wrong signature is refused with the canonical request the
// lab builds for the same request (s3-list-bucket-bad-secret-403.txt), and
// the signature made from its string to sign and the EC2 secret lists the
// bucket with the lab's elements (s3-list-bucket-sigv4.txt).
func TestS3AsLab(t *testing.T) {
	a := newAPI(t)
	a.Clock.Advance(0)
	tok := a.JSON("POST", "/identity/v3/auth/tokens", map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods": []string{"token"}, "token": map[string]any{"id": a.Token}}}}, 201)
	uid := tok["token"].(map[string]any)["user"].(map[string]any)["id"].(string)
	cred := a.JSON("POST", "/identity/v3/users/"+uid+"/credentials/OS-EC2", map[string]any{"tenant_id": a.Sandbox.ProjectID()}, 201)["credential"].(map[string]any)
	access, secret := cred["access"].(string), cred["secret"].(string)
	a.swift(swiftCall{method: "PUT", path: "/sample-container"})
	a.swift(swiftCall{method: "PUT", path: "/sample-container/hello.txt", body: "hello, swift"})

	date := a.Clock.Now().UTC().Format("20060102T150405Z")
	status, body := a.s3Get("/s3/sample-container", access, date, strings.Repeat("0", 64))
	_, _, lab := swiftSample(t, "s3-list-bucket-bad-secret-403.txt")
	if status != 403 || xmlField(body, "Code") != "SignatureDoesNotMatch" {
		t.Fatalf("a wrong signature: %d %s", status, body)
	}
	// The lab's canonical request, for this sandbox's host, path and date.
	want := xmlField(lab, "CanonicalRequest")
	want = strings.Replace(want, "/sample-container", "/s3/sample-container", 1)
	want = strings.Replace(want, "host:127.0.0.1:8080", "host:"+strings.TrimPrefix(a.URL, "http://"), 1)
	want = regexp.MustCompile(`x-amz-date:\d{8}T\d{6}Z`).ReplaceAllString(want, "x-amz-date:"+date)
	if got := xmlField(body, "CanonicalRequest"); got != want {
		t.Errorf("canonical request\n%s\nthe lab's\n%s", got, want)
	}

	key := []byte("AWS4" + secret)
	for _, part := range []string{date[:8], a.Sandbox.Options().Region, "s3", "aws4_request"} {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(part))
		key = m.Sum(nil)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(xmlField(body, "StringToSign")))
	status, body = a.s3Get("/s3/sample-container", access, date, hex.EncodeToString(m.Sum(nil)))
	if status != 200 || xmlField(body, "Key") != "hello.txt" {
		t.Fatalf("signed listing: %d %s", status, body)
	}
	_, _, labList := swiftSample(t, "s3-list-bucket-sigv4.txt")
	if g, w := strings.Join(xmlNames(t, body), " "), strings.Join(xmlNames(t, labList), " "); g != w {
		t.Errorf("listing elements\n%s\nthe lab's\n%s", g, w)
	}
	if status, body := a.s3Get("/s3/sample-container", "no-such-access", date, strings.Repeat("0", 64)); status != 403 || xmlField(body, "Code") != "InvalidAccessKeyId" {
		t.Errorf("an unknown access key: %d %s", status, body)
	}
}
