package compute

import (
	"context"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/availabilityzones"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// Zone is a Nova availability zone; state is "available" or "unavailable".
type Zone struct {
	Name  string `json:"name"`
	State string `json:"state" jsonschema:"enum=available,enum=unavailable"`
}

type ZoneList struct {
	AvailabilityZones []Zone `json:"availability_zones"`
	kit.More
}

func listAvailabilityZones() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_availability_zones", Title: "List availability zones", Effect: mcptool.Read,
		Description: "List availability zones."},
		func(ctx context.Context, svc *client.Services, a kit.Page) (ZoneList, error) {
			zs, err := kit.All(ctx, availabilityzones.List(svc.Compute), availabilityzones.ExtractAvailabilityZones)
			if err != nil {
				return ZoneList{}, err
			}
			out := []Zone{}
			for _, z := range zs {
				state := "unavailable"
				if z.ZoneState.Available {
					state = "available"
				}
				out = append(out, Zone{Name: z.ZoneName, State: state})
			}
			page, more, err := kit.Slice(a, out, func(z *Zone) string { return z.Name })
			return ZoneList{AvailabilityZones: page, More: more}, err
		})
}
