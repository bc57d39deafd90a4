package dns

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

// askDeleteZone names the zone and how much it holds.
func askDeleteZone() mcptool.Question {
	return kit.Ask(func(ctx context.Context, s *client.Services, a deleteZoneArgs) (string, error) {
		z, err := findZone(ctx, s, a.Zone)
		if err != nil {
			return "", err
		}
		holds, err := zoneContents(ctx, s, z)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Delete DNS zone %s (%s) and the %s it holds? Its names stop resolving.", z.Name, z.ID, holds), nil
	})
}

// askDeleteRecord names the record set and what it points at.
func askDeleteRecord() mcptool.Question {
	return kit.Ask(func(ctx context.Context, s *client.Services, a deleteRecordArgs) (string, error) {
		_, r, err := findRecordset(ctx, s, a)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Delete the %s record set %s (%s)? The name stops resolving to it.", r.Type, r.Name, strings.Join(r.Records, ", ")), nil
	})
}
