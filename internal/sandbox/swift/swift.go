// Package swift is the sandbox's Swift, with its S3 API: the project's
// account, containers, objects, static large objects, temp URLs and the
// bulk delete at /object, and at /s3 the listings S3's clients ask first,
// signed with SigV4 by the user's EC2 credentials, as s3api answers them
// over the same containers (testdata/openstack/swift-*, s3-*).
package swift

import (
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Service is Swift in a sandbox's catalog, the project's account at
// /object/v1/AUTH_<project>.
var Service = core.Service{Name: "object-store", Prefix: "/object",
	Entries: []core.CatalogEntry{{Type: "object-store", Name: "swift", Path: swiftPrefix + "/AUTH_{project_id}"}},
	Routes: func(c *core.Cloud, mux *http.ServeMux) {
		s := of(c)
		s.routeAccount(mux)
		s.routeCopy(mux)
	}}

// S3Service is the S3 API in a sandbox's catalog, at /s3: as Swift's
// s3api answers it on the lab, over the project's containers, for
// requests signed with AWS Signature Version 4 by one of the user's EC2
// credentials (core/keystone_ec2.go), path-style, the sandbox's region in
// the signature.
var S3Service = core.Service{Name: "s3", Prefix: "/s3",
	Entries: []core.CatalogEntry{{Type: "s3", Name: "s3", Path: "/s3"}},
	Routes:  func(c *core.Cloud, mux *http.ServeMux) { of(c).routeS3(mux) }}

// api is the Swift of one cloud, its S3 API's too: the handlers and the
// project's account, guarded by the cloud's Mu.
type api struct {
	*core.Cloud
	account swiftState
}

// of is the Swift of c.
func of(c *core.Cloud) *api {
	return core.State(c, "object-store", func() *api { return &api{Cloud: c} })
}
