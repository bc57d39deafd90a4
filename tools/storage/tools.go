// Package storage is the object storage toolset: Swift containers and
// objects, links that expire (temp URLs), and the S3 keys (Keystone's EC2
// credentials) of Infomaniak's S3 API, one file per resource.
package storage

import (
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/toolset"
)

// Toolset declares the object storage toolset to the registry
// (tools/registry.go). Off by default: the default tools stay within what a
// client sends a model; `--toolsets ...,storage` adds it.
var Toolset = toolset.Toolset{
	Name:        "storage",
	Description: "Object storage: containers, objects, links that expire, S3 keys (Swift, S3). Off by default.",
	Instructions: "Object storage: containers and objects (Swift), links that expire (create_temp_url), S3 keys (get_s3_credentials, create_s3_credentials). " +
		"Local files only inside the server's --files-root directories.",
	Default:  false,
	Services: []client.Service{client.ObjectStore},
	Tools:    Tools,
}

// Tools returns the object storage tools.
func Tools() []mcptool.Tool {
	return []mcptool.Tool{
		listContainers(), createContainer(), deleteContainer(),
		listObjects(), uploadObject(), downloadObject(), deleteObject(),
		createTempURL(), getS3Credentials(), createS3Credentials(), deleteS3Credential(),
	}
}
