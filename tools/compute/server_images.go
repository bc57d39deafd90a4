package compute

import (
	"context"
	"fmt"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"
	"github.com/gophercloud/gophercloud/v2/openstack/image/v2/images"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/progress"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

type createInstanceImageArgs struct {
	instanceRef
	Name               string `json:"name" jsonschema:"required,minLength=1,maxLength=255"`
	AllowDuplicateName bool   `json:"allow_duplicate_name,omitempty"`
	kit.Waiting
}

type deleteImageArgs struct {
	ImageID string `json:"image_id" jsonschema:"required,minLength=1"`
}

// createInstanceImage is Nova's createImage: the server's disk becomes a
// private image of the project. Glance takes the same name twice; the
// duplicate-name rule every create follows is ours.
func createInstanceImage() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "create_instance_image", Title: "Image a server", Effect: mcptool.Write,
		Description: "Make a private image of a server's disk, waiting until active."},
		func(ctx context.Context, svc *client.Services, a createInstanceImageArgs) (Image, error) {
			steps := []string{"requested", "queued", "saving", "active"}
			if !a.Wait {
				steps = steps[:1]
			}
			ctx = progress.Plan(ctx, steps...)
			s, err := kit.Server(ctx, svc, a.InstanceID)
			if err != nil {
				return Image{}, err
			}
			img, err := client.CreateNamed(ctx, "image", a.Name, a.AllowDuplicateName,
				func(ctx context.Context) (*images.Image, error) {
					id, err := servers.CreateImage(ctx, svc.Compute, s.ID, servers.CreateImageOpts{Name: a.Name}).ExtractImageID()
					if err != nil {
						return nil, err
					}
					return images.Get(ctx, svc.Image, id).Extract()
				},
				func(ctx context.Context) ([]images.Image, error) {
					return kit.All(ctx, images.List(svc.Image, images.ListOpts{Name: a.Name, Owner: svc.ProjectID}), images.ExtractImages)
				},
				func(i *images.Image) client.Named { return client.Named{ID: i.ID, Name: i.Name, Created: i.CreatedAt} })
			if err != nil {
				return Image{}, err
			}
			progress.Step(ctx, "requested", fmt.Sprintf("image %s of server %s requested", img.ID, s.Name))
			if !a.Wait {
				return imageView(*img), nil
			}
			var last *images.Image
			_, err = svc.Cloud.Wait(ctx, client.WaitFor{Kind: "image", ID: img.ID, Until: []string{"active"},
				Failed: []string{"killed", "deleted"}, Timeout: time.Duration(a.TimeoutSeconds) * time.Second,
				Poll: func(ctx context.Context) (client.State, error) {
					i, err := images.Get(ctx, svc.Image, img.ID).Extract()
					if err != nil {
						return client.State{}, err
					}
					last = i
					return client.State{Status: string(i.Status)}, nil
				}})
			if err != nil {
				return Image{}, err
			}
			return imageView(*last), nil
		})
}

// deleteImage deletes one of the project's own images: a public image is
// the cloud's, and Glance's 403 would not say whose.
func deleteImage() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_image", Title: "Delete an image", Effect: mcptool.Destructive, Idempotent: true,
		Ask: askDeleteImage(), Description: "Delete an image of the project."},
		func(ctx context.Context, svc *client.Services, a deleteImageArgs) (Success, error) {
			img, err := ownImage(ctx, svc, a.ImageID)
			if err != nil {
				return Success{}, err
			}
			err = images.Delete(ctx, svc.Image, img.ID).ExtractErr()
			if err := kit.Deleted(ctx, err, func(ctx context.Context) error { return images.Get(ctx, svc.Image, img.ID).Err }); err != nil {
				return Success{}, err
			}
			return Success{Success: true, ID: img.ID, Status: client.StatusDeleted}, nil
		})
}

// ownImage finds an image the project owns, refusing another's.
func ownImage(ctx context.Context, svc *client.Services, ref string) (*images.Image, error) {
	img, err := kit.Image(ctx, svc, ref)
	if err != nil {
		return nil, err
	}
	if img.Owner != svc.ProjectID {
		return nil, fault.Errorf(fault.CodeForbidden, "image %s (%s) is %s, owned by project %s: only the project's own images can be deleted",
			img.Name, img.ID, img.Visibility, img.Owner).WithHint("list_images mine=true lists the project's own images")
	}
	return img, nil
}
