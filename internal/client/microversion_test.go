package client

import (
	"testing"

	"github.com/gophercloud/gophercloud/v2/openstack/utils"
)

func TestPickMicroversion(t *testing.T) {
	w := wanted{service: "compute", min: "2.1", max: "2.79"}
	for _, c := range []struct {
		maxMajor, maxMinor int
		want               string
	}{{2, 93, "2.79"}, {2, 79, "2.79"}, {2, 60, "2.60"}} {
		got, err := pick(utils.SupportedMicroversions{MaxMajor: c.maxMajor, MaxMinor: c.maxMinor, MinMajor: 2, MinMinor: 1}, w)
		if err != nil || got != c.want {
			t.Errorf("cloud max %d.%d: got %s %v, want %s", c.maxMajor, c.maxMinor, got, err, c.want)
		}
	}
	_, err := pick(utils.SupportedMicroversions{MaxMajor: 3, MaxMinor: 0}, wanted{service: "block-storage", min: "3.10", max: "3.60"})
	if err == nil || !contains(err.Error(), "at least 3.10") {
		t.Errorf("an old cloud must be refused clearly: %v", err)
	}
}
