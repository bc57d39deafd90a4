package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/utils"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// The microversions our code is written for: we ask for the highest the cloud
// offers up to these, and refuse a cloud below the minimum.
var (
	computeWanted = wanted{service: "compute", header: "X-OpenStack-Nova-API-Version", min: "2.1", max: "2.79"}
	volumeWanted  = wanted{service: "volume", header: "X-OpenStack-Volume-API-Version", min: "3.0", max: "3.60"}
)

// wanted is a service's microversion range and the headers that carry it
// (the service's own, and OpenStack-API-Version with its name).
type wanted struct{ service, header, min, max string }

// versionTransport discovers a service's microversion on the first request
// that goes to the service, not at connect: a first compute call costs the
// login and Nova's version document, never Cinder's. It then sets the
// microversion headers on every request to that service that does not carry
// its own (a test pinning an older microversion does).
type versionTransport struct {
	next     http.RoundTripper
	log      *slog.Logger
	mu       sync.Mutex                     // serialises watch
	services atomic.Pointer[[]*lazyVersion] // set before any request to them
}

// lazyVersion is one service's microversion, negotiated once. A failed
// negotiation is not remembered: the next request asks again.
type lazyVersion struct {
	w       wanted
	sc      *gophercloud.ServiceClient
	host    string
	path    string // requests under this path belong to the service
	doc     string // the version document's path: never held for itself
	mu      sync.Mutex
	version atomic.Pointer[string]
	log     *slog.Logger
}

// watch makes requests to sc's endpoint carry the microversion negotiated
// within w on first use. Service clients are made one by one, on first use,
// so the list grows by copy: requests read it without a lock.
func (t *versionTransport) watch(sc *gophercloud.ServiceClient, w wanted) {
	u, err := url.Parse(sc.Endpoint)
	if err != nil {
		return
	}
	lv := &lazyVersion{w: w, sc: sc, host: u.Host, path: u.Path, log: t.log}
	if du, _ := url.Parse(versionDocument(sc.Endpoint)); du != nil {
		lv.doc = du.Path
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	var list []*lazyVersion
	if old := t.services.Load(); old != nil {
		list = append(list, *old...)
	}
	list = append(list, lv)
	t.services.Store(&list)
}

func (t *versionTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	lv := t.serviceOf(r.URL)
	if lv == nil || r.Header.Get(lv.w.header) != "" {
		return t.next.RoundTrip(r)
	}
	v, err := lv.get(r.Context())
	if err != nil {
		return nil, err
	}
	r2 := r.WithContext(r.Context()) // a RoundTripper leaves the caller's request as it was
	r2.Header = r.Header.Clone()
	r2.Header.Set(lv.w.header, v)
	r2.Header.Set("OpenStack-API-Version", lv.w.service+" "+v)
	return t.next.RoundTrip(r2)
}

func (t *versionTransport) serviceOf(u *url.URL) *lazyVersion {
	list := t.services.Load()
	if list == nil {
		return nil
	}
	for _, lv := range *list {
		if u.Host == lv.host && strings.HasPrefix(u.Path, lv.path) && u.Path != lv.doc {
			return lv
		}
	}
	return nil
}

func (lv *lazyVersion) get(ctx context.Context) (string, error) {
	if v := lv.version.Load(); v != nil {
		return *v, nil
	}
	lv.mu.Lock()
	defer lv.mu.Unlock()
	if v := lv.version.Load(); v != nil {
		return *v, nil
	}
	start := time.Now()
	v, err := negotiate(ctx, lv.sc, lv.w)
	if err != nil {
		return "", err
	}
	lv.version.Store(&v)
	lv.log.Info("negotiated microversion", "service", lv.w.service, "microversion", v, "duration_ms", time.Since(start).Milliseconds())
	return v, nil
}

// versionDocument is where a service's version document is: the versioned
// root of its endpoint (Cinder's endpoint carries the project id after /v3).
func versionDocument(endpoint string) string {
	if base, err := utils.BaseVersionedEndpoint(endpoint); err == nil {
		return strings.TrimRight(base, "/") + "/"
	}
	return endpoint
}

// negotiate reads the endpoint's version document and returns
// min(cloud's maximum, ours). The document is read here, not by
// gophercloud's GetSupportedMicroversions, which turns a failed request
// into "microversions not supported by endpoint": a failure says what
// failed.
func negotiate(ctx context.Context, sc *gophercloud.ServiceClient, w wanted) (string, error) {
	doc := versionDocument(sc.Endpoint)
	var body versionsDoc
	if _, err := sc.ProviderClient.Request(ctx, "GET", doc, &gophercloud.RequestOpts{JSONResponse: &body, OkCodes: []int{200, 300}}); err != nil {
		e := fault.Classify(err)
		return "", (&fault.Error{Code: fault.CodeUnavailable, RequestID: e.RequestID, Hint: "try again; the next call asks again",
			Message: fmt.Sprintf("cannot read the %s service's version document at %s: %s", w.service, doc, e.Message)}).WithCause(err)
	}
	supported, err := body.microversions(doc)
	if err != nil {
		return "", fault.Errorf(fault.CodeUnavailable, "the %s service's version document at %s: %v", w.service, doc, err)
	}
	return pick(supported, w)
}

// versionsDoc is a version document: Nova's versioned root answers
// {"version": ...}, Cinder's {"versions": [...]}.
type versionsDoc struct {
	Version  *versionEntry  `json:"version"`
	Versions []versionEntry `json:"versions"`
}

type versionEntry struct {
	ID         string `json:"id"`
	Version    string `json:"version"`
	MaxVersion string `json:"max_version"`
	MinVersion string `json:"min_version"`
}

// microversions are the range the document offers for the endpoint's major
// version (the only entry, or the one whose id matches the URL's /vN).
func (d versionsDoc) microversions(doc string) (utils.SupportedMicroversions, error) {
	var s utils.SupportedMicroversions
	entry := d.Version
	if entry == nil {
		for i, v := range d.Versions {
			if len(d.Versions) == 1 || strings.Contains(doc, "/"+strings.SplitN(v.ID, ".", 2)[0]+"/") {
				entry = &d.Versions[i]
				break
			}
		}
	}
	if entry == nil {
		return s, fmt.Errorf("no entry for this endpoint's version among %d", len(d.Versions))
	}
	maxV := entry.Version
	if maxV == "" {
		maxV = entry.MaxVersion
	}
	if maxV == "" || entry.MinVersion == "" {
		return s, fmt.Errorf("%s offers no microversions", entry.ID)
	}
	var err1, err2 error
	s.MaxMajor, s.MaxMinor, err1 = utils.ParseMicroversion(maxV)
	s.MinMajor, s.MinMinor, err2 = utils.ParseMicroversion(entry.MinVersion)
	if err := errors.Join(err1, err2); err != nil {
		return s, err
	}
	return s, nil
}

func pick(s utils.SupportedMicroversions, w wanted) (string, error) {
	maxMajor, maxMinor, _ := utils.ParseMicroversion(w.max)
	minMajor, minMinor, _ := utils.ParseMicroversion(w.min)
	less := func(a1, a2, b1, b2 int) bool { return a1 < b1 || (a1 == b1 && a2 < b2) }
	if less(s.MaxMajor, s.MaxMinor, minMajor, minMinor) {
		return "", fault.Errorf(fault.CodeUnavailable, "the cloud's %s API offers microversions up to %d.%d; this server needs at least %s",
			w.service, s.MaxMajor, s.MaxMinor, w.min)
	}
	if less(s.MaxMajor, s.MaxMinor, maxMajor, maxMinor) {
		return fmt.Sprintf("%d.%d", s.MaxMajor, s.MaxMinor), nil
	}
	return w.max, nil
}
