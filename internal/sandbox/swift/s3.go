package swift

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// The subset the tools' users first reach for: list the buckets, list a
// bucket's objects (ListObjects and ListObjectsV2 by prefix, delimiter,
// marker and max-keys). Answers follow s3-list-bucket-*.txt.
func (s *api) routeS3(mux *http.ServeMux) {
	mux.HandleFunc("GET /s3", s.s3(s.listBuckets))
	mux.HandleFunc("GET /s3/{$}", s.s3(s.listBuckets))
	mux.HandleFunc("GET /s3/{bucket}", s.s3(s.listBucket))
	mux.HandleFunc("GET /s3/{bucket}/{$}", s.s3(s.listBucket))
}

const s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

type s3Error struct {
	XMLName          xml.Name `xml:"Error"`
	Code             string   `xml:"Code"`
	Message          string   `xml:"Message"`
	RequestID        string   `xml:"RequestId"`
	BucketName       string   `xml:"BucketName,omitempty"`
	AWSAccessKeyID   string   `xml:"AWSAccessKeyId,omitempty"`
	StringToSign     string   `xml:"StringToSign,omitempty"`
	CanonicalRequest string   `xml:"CanonicalRequest,omitempty"`
}

func writeS3(w http.ResponseWriter, status int, v any) {
	b, _ := xml.Marshal(v)
	b = bytes.ReplaceAll(b, []byte("&#xA;"), []byte("\n")) // line ends as s3api writes them (a string to sign has some)
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("<?xml version='1.0' encoding='UTF-8'?>\n"))
	_, _ = w.Write(b)
}

func s3Fault(w http.ResponseWriter, status int, e s3Error) {
	e.RequestID = "tx" + strings.ReplaceAll(core.NewID(), "-", "")[:21]
	writeS3(w, status, e)
}

// s3 checks a request's SigV4 signature as s3api (with s3token) does,
// then runs h with the state locked.
func (s *api) s3(h func(w http.ResponseWriter, r *http.Request, st *swiftState)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.s3Signed(w, r) {
			return
		}
		s.Mu.Lock()
		defer s.Mu.Unlock()
		st := &s.account
		st.init(s.Now())
		h(w, r, st)
	}
}

// s3Signed verifies the Authorization header: the access key is one of
// the user's EC2 credentials for the project, the scope names this
// sandbox's region and s3, the date is within 15 minutes, and the
// signature is the one the canonical request and the secret make.
func (s *api) s3Signed(w http.ResponseWriter, r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		s3Fault(w, http.StatusForbidden, s3Error{Code: "AccessDenied", Message: "Access Denied."})
		return false
	}
	rest, ok := strings.CutPrefix(auth, "AWS4-HMAC-SHA256 ")
	fields := map[string]string{}
	for _, f := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(f), "=")
		fields[k] = v
	}
	cred := strings.Split(fields["Credential"], "/")
	if !ok || len(cred) != 5 || fields["SignedHeaders"] == "" || fields["Signature"] == "" {
		s3Fault(w, http.StatusBadRequest, s3Error{Code: "AuthorizationHeaderMalformed", Message: "The authorization header is malformed."})
		return false
	}
	access, day, region := cred[0], cred[1], cred[2]
	if region != s.Options().Region {
		s3Fault(w, http.StatusBadRequest, s3Error{Code: "AuthorizationHeaderMalformed",
			Message: fmt.Sprintf("The authorization header is malformed; the region '%s' is wrong; expecting '%s'", region, s.Options().Region)})
		return false
	}
	payload := r.Header.Get("X-Amz-Content-Sha256")
	if payload == "" {
		s3Fault(w, http.StatusBadRequest, s3Error{Code: "InvalidRequest", Message: "Missing required header for this request: x-amz-content-sha256"})
		return false
	}
	date := r.Header.Get("X-Amz-Date")
	when, err := time.Parse("20060102T150405Z", date)
	if err != nil || !strings.HasPrefix(date, day) {
		s3Fault(w, http.StatusForbidden, s3Error{Code: "AccessDenied", Message: "AWS authentication requires a valid Date or x-amz-date header"})
		return false
	}
	if d := s.Now().Sub(when); d > 15*time.Minute || d < -15*time.Minute {
		s3Fault(w, http.StatusForbidden, s3Error{Code: "RequestTimeTooSkewed", Message: "The difference between the request time and the current time is too large."})
		return false
	}
	s.Mu.Lock()
	secret, known := s.EC2Secret(access)
	s.Mu.Unlock()
	if !known {
		s3Fault(w, http.StatusForbidden, s3Error{Code: "InvalidAccessKeyId",
			Message: "The AWS Access Key Id you provided does not exist in our records.", AWSAccessKeyID: access})
		return false
	}
	canonical := canonicalRequest(r, strings.Split(fields["SignedHeaders"], ";"), payload)
	sum := sha256.Sum256([]byte(canonical))
	toSign := "AWS4-HMAC-SHA256\n" + date + "\n" + strings.Join(cred[1:], "/") + "\n" + hex.EncodeToString(sum[:])
	key := []byte("AWS4" + secret)
	for _, part := range cred[1:] {
		key = hmacSum(key, part)
	}
	if !hmac.Equal([]byte(hex.EncodeToString(hmacSum(key, toSign))), []byte(fields["Signature"])) {
		s3Fault(w, http.StatusForbidden, s3Error{Code: "SignatureDoesNotMatch",
			Message:        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
			AWSAccessKeyID: access, StringToSign: toSign, CanonicalRequest: canonical})
		return false
	}
	return true
}

func hmacSum(key []byte, s string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(s))
	return m.Sum(nil)
}

// canonicalRequest is SigV4's: method, path as sent, the query sorted and
// encoded, the signed headers (lower-case, trimmed), their names, and the
// payload's hash.
func canonicalRequest(r *http.Request, signed []string, payload string) string {
	q := r.URL.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var query []string
	for _, k := range keys {
		vals := slices.Clone(q[k])
		sort.Strings(vals)
		for _, v := range vals {
			query = append(query, sigv4Escape(k)+"="+sigv4Escape(v))
		}
	}
	var headers strings.Builder
	for _, h := range signed {
		v := r.Header.Get(h)
		if h == "host" {
			v = r.Host
		}
		headers.WriteString(h + ":" + strings.Join(strings.Fields(v), " ") + "\n")
	}
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	return strings.Join([]string{r.Method, path, strings.Join(query, "&"), headers.String(), strings.Join(signed, ";"), payload}, "\n")
}

func sigv4Escape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

type s3Owner struct {
	ID          string `xml:"ID"`
	DisplayName string `xml:"DisplayName"`
}

func (s *api) s3Owner() s3Owner {
	id := s.Options().Project + ":" + s.Options().Username
	return s3Owner{ID: id, DisplayName: id}
}

func (s *api) listBuckets(w http.ResponseWriter, _ *http.Request, st *swiftState) {
	type bucket struct {
		Name         string `xml:"Name"`
		CreationDate string `xml:"CreationDate"`
	}
	var out struct {
		XMLName xml.Name `xml:"ListAllMyBucketsResult"`
		NS      string   `xml:"xmlns,attr"`
		Owner   s3Owner  `xml:"Owner"`
		Buckets []bucket `xml:"Buckets>Bucket"`
	}
	out.NS, out.Owner = s3Namespace, s.s3Owner()
	for _, n := range st.names {
		out.Buckets = append(out.Buckets, bucket{Name: n, CreationDate: st.containers[n].created.UTC().Format("2006-01-02T15:04:05.000Z")})
	}
	writeS3(w, http.StatusOK, out)
}

type s3Contents struct {
	Key          string  `xml:"Key"`
	LastModified string  `xml:"LastModified"`
	ETag         string  `xml:"ETag"`
	Size         int64   `xml:"Size"`
	Owner        s3Owner `xml:"Owner"`
	StorageClass string  `xml:"StorageClass"`
}

type s3Prefix struct {
	Prefix string `xml:"Prefix"`
}

// listBucket is ListObjects (marker) and, with list-type=2, ListObjectsV2
// (continuation-token, start-after) over a container.
func (s *api) listBucket(w http.ResponseWriter, r *http.Request, st *swiftState) {
	name := r.PathValue("bucket")
	c := st.container(name)
	if c == nil {
		s3Fault(w, http.StatusNotFound, s3Error{Code: "NoSuchBucket", Message: "The specified bucket does not exist.", BucketName: name})
		return
	}
	v := r.URL.Query()
	maxKeys := 1000
	if m := v.Get("max-keys"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 0 {
			s3Fault(w, http.StatusBadRequest, s3Error{Code: "InvalidArgument", Message: "Provided max-keys not an integer or within integer range"})
			return
		}
		maxKeys = min(n, 1000)
	}
	v2 := v.Get("list-type") == "2"
	marker := v.Get("marker")
	if v2 {
		marker = v.Get("start-after")
		if t := v.Get("continuation-token"); t != "" {
			marker = t
		}
	}
	q := listing{limit: maxKeys + 1, marker: marker, prefix: v.Get("prefix"), delimiter: v.Get("delimiter")}
	var contents []s3Contents
	var prefixes []s3Prefix
	var last []string
	page(c.names, q, func(key string) {
		o := c.objects[key]
		contents = append(contents, s3Contents{Key: key, LastModified: o.modified.UTC().Format("2006-01-02T15:04:05.000Z"),
			ETag: `"` + o.etag + `"`, Size: o.size, Owner: s.s3Owner(), StorageClass: "STANDARD"})
		last = append(last, key)
	}, func(sub string) {
		prefixes = append(prefixes, s3Prefix{Prefix: sub})
		last = append(last, sub)
	})
	truncated := len(last) > maxKeys
	if truncated { // one more was read to know: drop it
		drop := last[maxKeys]
		if n := len(contents); n > 0 && contents[n-1].Key == drop {
			contents = contents[:n-1]
		} else if n := len(prefixes); n > 0 {
			prefixes = prefixes[:n-1]
		}
		last = last[:maxKeys]
	}
	type result struct {
		XMLName               xml.Name     `xml:"ListBucketResult"`
		NS                    string       `xml:"xmlns,attr"`
		Name                  string       `xml:"Name"`
		Prefix                string       `xml:"Prefix"`
		Marker                *string      `xml:"Marker"`
		NextMarker            string       `xml:"NextMarker,omitempty"`
		ContinuationToken     string       `xml:"ContinuationToken,omitempty"`
		NextContinuationToken string       `xml:"NextContinuationToken,omitempty"`
		KeyCount              *int         `xml:"KeyCount"`
		MaxKeys               int          `xml:"MaxKeys"`
		Delimiter             string       `xml:"Delimiter,omitempty"`
		IsTruncated           bool         `xml:"IsTruncated"`
		Contents              []s3Contents `xml:"Contents"`
		CommonPrefixes        []s3Prefix   `xml:"CommonPrefixes"`
	}
	out := result{NS: s3Namespace, Name: name, Prefix: q.prefix, MaxKeys: maxKeys, Delimiter: q.delimiter, IsTruncated: truncated,
		Contents: contents, CommonPrefixes: prefixes}
	if v2 {
		n := len(last)
		out.KeyCount = &n
		out.ContinuationToken = v.Get("continuation-token")
		if truncated {
			out.NextContinuationToken = last[len(last)-1]
		}
	} else {
		out.Marker = &q.marker
		if truncated && q.delimiter != "" {
			out.NextMarker = last[len(last)-1]
		}
	}
	writeS3(w, http.StatusOK, out)
}
