package client

import (
	"context"
	"fmt"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/utils"
)

// The microversions our code is written for: we ask for the highest the cloud
// offers up to these, and refuse a cloud below the minimum.
var (
	computeWanted = wanted{service: "compute", min: "2.1", max: "2.79"}
	volumeWanted  = wanted{service: "block-storage", min: "3.0", max: "3.60"}
)

type wanted struct{ service, min, max string }

// negotiate reads the endpoint's version document and sets the client's
// microversion to min(cloud's maximum, ours).
func negotiate(ctx context.Context, sc *gophercloud.ServiceClient, w wanted) error {
	// Cinder's endpoint carries the project id after /v3; its version document is at /v3/.
	probe := *sc
	if base, err := utils.BaseVersionedEndpoint(sc.Endpoint); err == nil {
		probe.Endpoint = strings.TrimRight(base, "/") + "/"
	}
	supported, err := utils.GetSupportedMicroversions(ctx, &probe)
	if err != nil {
		// gophercloud hides a failed GET behind "microversions not supported
		// by endpoint"; ask once more to say what really happened.
		if _, rerr := sc.ProviderClient.Request(ctx, "GET", probe.Endpoint, &gophercloud.RequestOpts{OkCodes: []int{200, 300}}); rerr != nil {
			err = rerr
		}
		e := Classify(err)
		return &Error{Code: CodeUnavailable, RequestID: e.RequestID, cause: err, Hint: "try again; the next call reconnects",
			Message: fmt.Sprintf("cannot read the %s service's version document at %s: %s", w.service, probe.Endpoint, e.Message)}
	}
	v, err := pick(supported, w)
	if err != nil {
		return err
	}
	sc.Microversion = v
	return nil
}

func pick(s utils.SupportedMicroversions, w wanted) (string, error) {
	maxMajor, maxMinor, _ := utils.ParseMicroversion(w.max)
	minMajor, minMinor, _ := utils.ParseMicroversion(w.min)
	less := func(a1, a2, b1, b2 int) bool { return a1 < b1 || (a1 == b1 && a2 < b2) }
	if less(s.MaxMajor, s.MaxMinor, minMajor, minMinor) {
		return "", Errorf(CodeUnavailable, "the cloud's %s API offers microversions up to %d.%d; this server needs at least %s",
			w.service, s.MaxMajor, s.MaxMinor, w.min)
	}
	if less(s.MaxMajor, s.MaxMinor, maxMajor, maxMinor) {
		return fmt.Sprintf("%d.%d", s.MaxMajor, s.MaxMinor), nil
	}
	return w.max, nil
}
