package storage

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/objectstorage/v1/objects"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

type listObjectsArgs struct {
	containerRef
	Prefix    string `json:"prefix,omitempty" jsonschema_description:"only names that start with it"`
	Delimiter string `json:"delimiter,omitempty" jsonschema_description:"e.g. /: names under a folder are one entry of folders"`
	kit.Page
}

// Object is an object in a listing.
type Object struct {
	Name         string `json:"name"`
	Bytes        int64  `json:"bytes"`
	ContentType  string `json:"content_type,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

type ObjectList struct {
	Objects []Object `json:"objects"`
	Folders []string `json:"folders,omitempty" jsonschema_description:"prefixes up to the delimiter: list them with prefix"`
	kit.More
}

type objectRef struct {
	containerRef
	Name string `json:"name" jsonschema:"required,minLength=1"`
}

// check refuses a container or object name Swift or a path would refuse,
// before anything is sent.
func (r objectRef) check() error {
	if err := checkContainer(r.Container); err != nil {
		return err
	}
	return checkObject(r.Name)
}

// missing is err, or a not_found naming the object when the cloud has
// none, so that every object tool says the same.
func (r objectRef) missing(err error) error {
	return notFound(err, "object "+r.Name+" in container "+r.Container, "list_objects shows the container's objects")
}

// DeletedObject is delete_object's result.
type DeletedObject struct {
	Success   bool   `json:"success"`
	Container string `json:"container"`
	Name      string `json:"name"`
}

// containerEntry is an object, or a folder (subdir), in Swift's listing.
type containerEntry struct {
	Name         string `json:"name"`
	Bytes        int64  `json:"bytes"`
	ContentType  string `json:"content_type"`
	LastModified string `json:"last_modified"`
	Subdir       string `json:"subdir"`
}

func (e *containerEntry) id() string {
	if e.Subdir != "" {
		return e.Subdir
	}
	return e.Name
}

func objectURL(sc *gophercloud.ServiceClient, container, name string) string {
	return sc.ServiceURL(url.PathEscape(container), url.PathEscape(name))
}

func listObjects() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_objects", Title: "List objects", Effect: mcptool.Read,
		Description: "List a container's objects (name, bytes, content type, last modified); with delimiter, folders too."},
		func(ctx context.Context, s *client.Services, a listObjectsArgs) (ObjectList, error) {
			if err := checkContainer(a.Container); err != nil {
				return ObjectList{}, err
			}
			q := url.Values{"format": {"json"}, "limit": {strconv.Itoa(pageSize(a.Page) + 1)}}
			for k, v := range map[string]string{"marker": a.Marker, "prefix": a.Prefix, "delimiter": a.Delimiter} {
				if v != "" {
					q.Set(k, v)
				}
			}
			var entries []containerEntry
			_, err := s.ObjectStore.Get(ctx, containerURL(s.ObjectStore, a.Container)+"?"+q.Encode(), &entries,
				&gophercloud.RequestOpts{OkCodes: []int{200, 204}})
			if err != nil {
				return ObjectList{}, notFound(err, "container "+a.Container, "list_containers shows the containers")
			}
			page, more := kit.Cut(a.Page, entries, (*containerEntry).id)
			out := ObjectList{Objects: []Object{}, More: more}
			for _, e := range page {
				if e.Subdir != "" {
					out.Folders = append(out.Folders, e.Subdir)
					continue
				}
				out.Objects = append(out.Objects, Object{Name: e.Name, Bytes: e.Bytes, ContentType: e.ContentType, LastModified: e.LastModified})
			}
			return out, nil
		})
}

func deleteObject() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_object", Title: "Delete an object", Effect: mcptool.Destructive, Idempotent: true,
		Description: "Delete an object (a large object's segments too). Returns {success, container, name}.",
		Ask: kit.Ask(func(ctx context.Context, s *client.Services, a objectRef) (string, error) {
			h, err := headObject(ctx, s, a)
			if err != nil {
				return "", err
			}
			return "Delete object " + a.Name + " (" + size(h.ContentLength) + ") of container " + a.Container + "? It cannot be brought back.", nil
		})},
		func(ctx context.Context, s *client.Services, a objectRef) (DeletedObject, error) {
			h, err := headObject(ctx, s, a)
			if err != nil {
				return DeletedObject{}, err
			}
			u := objectURL(s.ObjectStore, a.Container, a.Name)
			if h.StaticLargeObject {
				u += "?multipart-manifest=delete" // its segments too; Swift answers 200 with what it deleted
			}
			if _, err := s.ObjectStore.Delete(ctx, u, &gophercloud.RequestOpts{OkCodes: []int{200, 204}}); err != nil &&
				!gophercloud.ResponseCodeIs(err, http.StatusNotFound) { // gone already: what was asked
				return DeletedObject{}, err
			}
			return DeletedObject{Success: true, Container: a.Container, Name: a.Name}, nil
		})
}

// headObject reads an object's metadata, its names checked first.
func headObject(ctx context.Context, s *client.Services, a objectRef) (*objects.GetHeader, error) {
	if err := a.check(); err != nil {
		return nil, err
	}
	h, err := objects.Get(ctx, s.ObjectStore, a.Container, a.Name, nil).Extract()
	if err != nil {
		return nil, a.missing(err)
	}
	return h, nil
}
