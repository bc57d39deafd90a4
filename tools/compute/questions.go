package compute

import (
	"context"
	"fmt"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// The questions put to the user before a destructive call (when the client
// can ask, internal/mcptool/confirm.go): what will be lost, in words.

// askDeleteServer describes the server a delete or terminate removes.
func askDeleteServer(verb string) mcptool.Question {
	return kit.Ask(func(ctx context.Context, svc *client.Services, a actionArgs) (string, error) {
		s, err := kit.Server(ctx, svc, a.InstanceID)
		if err != nil {
			return "", err
		}
		var facts []string
		if s.Flavor.OriginalName != "" {
			facts = append(facts, s.Flavor.OriginalName)
		}
		facts = append(facts, s.Status)
		if n := len(s.AttachedVolumes); n > 0 {
			facts = append(facts, fmt.Sprintf("%d attached volume(s), which are kept", n))
		}
		return fmt.Sprintf("%s server %s (%s): %s? Its local disk and its data are lost.",
			verb, s.Name, s.ID, strings.Join(facts, ", ")), nil
	})
}

// askDeleteKeypair names the keypair.
func askDeleteKeypair() mcptool.Question {
	return mcptool.AskWith(func(_ context.Context, a deleteKeypairArgs) (string, error) {
		return fmt.Sprintf("Delete keypair %s? Servers created with it keep the key; new servers cannot use it.", a.Name), nil
	})
}

// askDeleteImage names the image and its size.
func askDeleteImage() mcptool.Question {
	return kit.Ask(func(ctx context.Context, svc *client.Services, a deleteImageArgs) (string, error) {
		img, err := ownImage(ctx, svc, a.ImageID)
		if err != nil {
			return "", err
		}
		size := fmt.Sprintf("%.1f GB", float64(img.SizeBytes)/1e9)
		if img.SizeBytes == 0 {
			size = "its data in a volume snapshot, which is kept"
		}
		return fmt.Sprintf("Delete image %s (%s, %s)? Servers cannot be built from it any more.", img.Name, img.ID, size), nil
	})
}
