package compute

import (
	"context"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/image/v2/images"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// Image is a Glance image. Size is in bytes, min_disk in GB, min_ram in MiB.
type Image struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Status     string `json:"status"`
	MinDisk    int    `json:"min_disk"`
	MinRAM     int    `json:"min_ram"`
	Size       int64  `json:"size"`
	Visibility string `json:"visibility"`
	CreatedAt  string `json:"created_at"`
}

type listImagesArgs struct {
	Name   string `json:"name,omitempty" jsonschema_description:"Part of the name, any case."`
	Status string `json:"status,omitempty"`
	Mine   bool   `json:"mine,omitempty" jsonschema_description:"Only the project's own."`
	kit.Page
}

type ImageList struct {
	Images []Image `json:"images"`
	kit.More
}

type getImageArgs struct {
	ImageID string `json:"image_id" jsonschema:"required,minLength=1"`
}

// imageStatuses are Glance's image statuses (Image API v2).
var imageStatuses = []string{"queued", "saving", "uploading", "importing", "active", "deactivated", "killed", "deleted", "pending_delete"}

func imageView(i images.Image) Image {
	return Image{ID: i.ID, Name: i.Name, Status: string(i.Status), MinDisk: i.MinDiskGigabytes,
		MinRAM: i.MinRAMMegabytes, Size: i.SizeBytes, Visibility: string(i.Visibility), CreatedAt: kit.Time(i.CreatedAt)}
}

func listImages() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_images", Title: "List images", Effect: mcptool.Read,
		Description: "List images (size in bytes)."},
		func(ctx context.Context, svc *client.Services, a listImagesArgs) (ImageList, error) {
			status := strings.ToLower(a.Status)
			if status != "" && !slices.Contains(imageStatuses, status) {
				// Glance lists nothing for a status it does not know: an
				// empty list would read as "no such images".
				return ImageList{}, fault.Errorf(fault.CodeInvalidArgument, "no image status %q: it is one of %s", a.Status, strings.Join(imageStatuses, ", "))
			}
			opts := images.ListOpts{Status: images.ImageStatus(status)}
			if a.Mine {
				opts.Owner = svc.ProjectID
			}
			query, err := opts.ToImageListQuery()
			if err != nil {
				return ImageList{}, err
			}
			page, more, err := kit.ReadNamed(ctx, svc.Image, svc.Image.ServiceURL("images")+query, "images", a.Page, a.Name,
				func(i *Image) string { return i.Name }, func(i *Image) string { return i.ID }) // Glance's keys are the view's
			if err != nil {
				return ImageList{}, err
			}
			for i := range page {
				page[i].CreatedAt = normalTime(page[i].CreatedAt)
			}
			if page == nil {
				page = []Image{} // an empty list is [], not null
			}
			return ImageList{Images: page, More: more}, nil
		})
}

func getImage() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "get_image", Title: "Get an image", Effect: mcptool.Read,
		Description: "Get an image."},
		func(ctx context.Context, svc *client.Services, a getImageArgs) (Image, error) {
			i, err := kit.Image(ctx, svc, a.ImageID)
			if err != nil {
				return Image{}, err
			}
			return imageView(*i), nil
		})
}
