package storage

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/objectstorage/v1/containers"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// publicACL lets anyone read a container's objects and list it.
const publicACL = ".r:*,.rlistings"

type listContainersArgs struct {
	kit.Page
	Prefix string `json:"prefix,omitempty"`
}

// Container is a container as the tools show it.
type Container struct {
	Name         string `json:"name"`
	Objects      int64  `json:"objects"`
	Bytes        int64  `json:"bytes"`
	Public       bool   `json:"public" jsonschema_description:"anyone may read and list it"`
	PublicURL    string `json:"public_url,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

type ContainerList struct {
	Containers []Container `json:"containers"`
	kit.More
}

type containerRef struct {
	Container string `json:"container" jsonschema:"required,minLength=1"`
}

type createContainerArgs struct {
	containerRef
	PublicRead bool `json:"public_read,omitempty" jsonschema_description:"anyone may read and list it, without credentials"`
}

// CreatedContainer is create_container's result.
type CreatedContainer struct {
	Container
	Existed bool   `json:"existed,omitempty" jsonschema_description:"it was there already; nothing else changed"`
	Note    string `json:"note,omitempty"`
}

type deleteContainerArgs struct {
	containerRef
	DeleteObjects bool `json:"delete_objects,omitempty" jsonschema_description:"delete its objects too (in bulk)"`
}

// DeletedContainer is delete_container's result.
type DeletedContainer struct {
	Success        bool   `json:"success"`
	Container      string `json:"container"`
	DeletedObjects int64  `json:"deleted_objects"`
}

// accountEntry is a container in Swift's account listing.
type accountEntry struct {
	Name         string `json:"name"`
	Count        int64  `json:"count"`
	Bytes        int64  `json:"bytes"`
	LastModified string `json:"last_modified"`
	Subdir       string `json:"subdir"`
}

func containerURL(sc *gophercloud.ServiceClient, name string) string {
	return sc.ServiceURL(url.PathEscape(name))
}

// isPublic reads a container's read ACL: anyone may read it (.r:*).
func isPublic(read string) bool {
	for _, e := range strings.Split(read, ",") {
		if strings.TrimSpace(e) == ".r:*" {
			return true
		}
	}
	return false
}

func listContainers() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_containers", Title: "List containers", Effect: mcptool.Read,
		Description: "List object storage containers: objects, bytes, public or not."},
		func(ctx context.Context, s *client.Services, a listContainersArgs) (ContainerList, error) {
			q := url.Values{"format": {"json"}, "limit": {strconv.Itoa(pageSize(a.Page) + 1)}}
			if a.Marker != "" {
				q.Set("marker", a.Marker)
			}
			if a.Prefix != "" {
				q.Set("prefix", a.Prefix)
			}
			var entries []accountEntry
			if _, err := s.ObjectStore.Get(ctx, s.ObjectStore.ServiceURL("")+"?"+q.Encode(), &entries,
				&gophercloud.RequestOpts{OkCodes: []int{200, 204}}); err != nil {
				return ContainerList{}, err
			}
			page, more := kit.Cut(a.Page, entries, func(e *accountEntry) string { return e.Name })
			out := make([]Container, len(page))
			for i, e := range page {
				out[i] = Container{Name: e.Name, Objects: e.Count, Bytes: e.Bytes, LastModified: e.LastModified}
			}
			markPublic(ctx, s.ObjectStore, out)
			return ContainerList{Containers: out, More: more}, nil
		})
}

// markPublic asks each container's ACL (the account listing has none), a
// few at a time; a container it cannot read stays shown as not public.
func markPublic(ctx context.Context, sc *gophercloud.ServiceClient, cs []Container) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range cs {
		wg.Add(1)
		sem <- struct{}{}
		go func(c *Container) {
			defer func() { <-sem; wg.Done() }()
			h, err := containers.Get(ctx, sc, c.Name, nil).Extract()
			if err == nil && isPublic(strings.Join(h.Read, ",")) {
				c.Public, c.PublicURL = true, containerURL(sc, c.Name)
			}
		}(&cs[i])
	}
	wg.Wait()
}

// pageSize is the page a list answers (kit.Page's bound).
func pageSize(p kit.Page) int {
	if p.Limit <= 0 {
		return kit.DefaultLimit
	}
	return min(p.Limit, kit.MaxLimit)
}

func createContainer() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "create_container", Title: "Create a container", Effect: mcptool.Write, Idempotent: true,
		Description: "Create an object storage container; public_read lets anyone read and list it. Returns the new container (with its public URL when public)."},
		func(ctx context.Context, s *client.Services, a createContainerArgs) (CreatedContainer, error) {
			if err := checkContainer(a.Container); err != nil {
				return CreatedContainer{}, err
			}
			opts := containers.CreateOpts{}
			if a.PublicRead {
				opts.ContainerRead = publicACL
			}
			r := containers.Create(ctx, s.ObjectStore, a.Container, opts)
			if r.Err != nil {
				return CreatedContainer{}, r.Err
			}
			out := CreatedContainer{Container: Container{Name: a.Container}}
			out.Existed = r.StatusCode == http.StatusAccepted
			h, err := containers.Get(ctx, s.ObjectStore, a.Container, nil).Extract()
			if err != nil {
				return CreatedContainer{}, err
			}
			out.Objects, out.Bytes = h.ObjectCount, h.BytesUsed
			out.Public = isPublic(strings.Join(h.Read, ","))
			if out.Public {
				out.PublicURL = containerURL(s.ObjectStore, a.Container)
				out.Note = "anyone may read its objects and list it, without credentials, at public_url"
			}
			if out.Existed && a.PublicRead != out.Public {
				out.Note = "the container existed already and is not public: its access was left as it was"
			}
			return out, nil
		})
}

// containerToDelete reads the container a delete_container would delete,
// refusing a non-empty one unless its objects go too.
func containerToDelete(ctx context.Context, s *client.Services, a deleteContainerArgs) (*containers.GetHeader, error) {
	if err := checkContainer(a.Container); err != nil {
		return nil, err
	}
	h, err := containers.Get(ctx, s.ObjectStore, a.Container, nil).Extract()
	if err != nil {
		return nil, notFound(err, "container "+a.Container, "list_containers shows the containers")
	}
	if h.ObjectCount > 0 && !a.DeleteObjects {
		return nil, fault.Errorf(fault.CodeConflict, "container %s holds %d objects (%s)", a.Container, h.ObjectCount, size(h.BytesUsed)).
			WithHint("delete its objects first, or pass delete_objects: true to delete them with it")
	}
	return h, nil
}

func deleteContainer() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_container", Title: "Delete a container", Effect: mcptool.Destructive, Idempotent: true,
		Description: "Delete a container; a non-empty one only with delete_objects: true. Returns {success, container, deleted_objects}.",
		Ask: kit.Ask(func(ctx context.Context, s *client.Services, a deleteContainerArgs) (string, error) {
			h, err := containerToDelete(ctx, s, a)
			if err != nil {
				return "", err
			}
			if h.ObjectCount == 0 {
				return fmt.Sprintf("Delete the empty container %s?", a.Container), nil
			}
			return fmt.Sprintf("Delete container %s and its %d objects (%s)? They cannot be brought back.",
				a.Container, h.ObjectCount, size(h.BytesUsed)), nil
		})},
		func(ctx context.Context, s *client.Services, a deleteContainerArgs) (DeletedContainer, error) {
			if _, err := containerToDelete(ctx, s, a); err != nil {
				return DeletedContainer{}, err
			}
			var deleted int64
			if a.DeleteObjects {
				n, err := emptyContainer(ctx, s.ObjectStore, a.Container)
				deleted = n
				if err != nil {
					return DeletedContainer{}, err
				}
			}
			if err := containers.Delete(ctx, s.ObjectStore, a.Container).Err; err != nil {
				if gophercloud.ResponseCodeIs(err, http.StatusConflict) {
					return DeletedContainer{}, fault.Errorf(fault.CodeConflict,
						"container %s is not empty: objects were added while it was emptied", a.Container).
						WithHint("call delete_container again with delete_objects: true")
				}
				if !gophercloud.ResponseCodeIs(err, http.StatusNotFound) { // gone already: what was asked
					return DeletedContainer{}, err
				}
			}
			return DeletedContainer{Success: true, Container: a.Container, DeletedObjects: deleted}, nil
		})
}

// notFound words a 404 for what (a hint says where to look); other errors
// pass as they are.
func notFound(err error, what, hint string) error {
	if gophercloud.ResponseCodeIs(err, http.StatusNotFound) {
		return fault.Errorf(fault.CodeNotFound, "%s not found", what).WithHint(hint)
	}
	return err
}

// size is bytes as a person reads them.
func size(b int64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(b)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", b)
}

// isStatus reports whether err is the cloud's answer with that status.
func isStatus(err error, status int) bool { return gophercloud.ResponseCodeIs(err, status) }
