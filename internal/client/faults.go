package client

import "regexp"

// faultHints say what to do about the cloud's own words for a bad request,
// which name no tool: each pattern is matched against the fault's message.
var faultHints = []struct {
	pattern *regexp.Regexp
	hint    string
}{
	{regexp.MustCompile(`(?i)invalid key_name`), "list_keypairs shows the keypairs; create_keypair makes or imports one"},
	{regexp.MustCompile(`(?i)availability zone`), "list_availability_zones shows the zones; omit it to let the cloud choose"},
	{regexp.MustCompile(`(?i)flavor's disk is too small`), "pick a flavor with a larger disk: get_image gives the image's min_disk in GB"},
	{regexp.MustCompile(`(?i)flavor's memory is too small`), "pick a flavor with more RAM: get_image gives the image's min_ram in MiB"},
	{regexp.MustCompile(`(?i)image \S+ is not active`), "list_images status=active shows the images ready to boot"},
}

// faultHint is the hint for an OpenStack fault message, "" when none fits.
func faultHint(msg string) string {
	for _, f := range faultHints {
		if f.pattern.MatchString(msg) {
			return f.hint
		}
	}
	return ""
}
